import type { TurnContext } from './turn-context.js';

/**
 * What the engine throws (and logs) when a turn fails: the original error plus the turn it happened in
 * and the module that was running, so a log line names the update, the person and the module.
 *
 * @example
 * engine.onError((err) => log.error({ module: err.module, update: err.ctx.message.id }, err.message));
 */
export class TurnError extends Error {
  override readonly name = 'TurnError';
  constructor(
    readonly error: unknown,
    readonly ctx: TurnContext,
    readonly module: string,
  ) {
    super(`Module "${module}" failed on ${ctx.message.kind} ${ctx.message.id}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
