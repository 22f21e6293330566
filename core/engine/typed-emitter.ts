import { EventEmitter } from 'node:events';

/**
 * A typed wrapper around Node's EventEmitter: tests and statistics subscribe to the same events.
 *
 * @example
 * const events = new TypedEmitter<{ 'turn:done': [TurnDone] }>();
 * events.on('turn:done', (done) => console.log(done.messageId));
 */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown[] }> {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  on<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): () => void {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.emitter.off(event, listener as (...args: unknown[]) => void);
  }

  once<K extends keyof Events & string>(event: K): Promise<Events[K]> {
    return new Promise((resolve) => this.emitter.once(event, (...args: unknown[]) => resolve(args as Events[K])));
  }

  emit<K extends keyof Events & string>(event: K, ...args: Events[K]): void {
    this.emitter.emit(event, ...args);
  }
}
