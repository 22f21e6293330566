import type { InboundKind, InboundMessage } from '../channel/inbound.js';
import { compose, type Middleware } from './middleware.js';
import type { TurnContext } from './turn-context.js';

/** A context whose message is narrowed to one kind. */
export type With<C extends TurnContext, K extends InboundKind> = C & { readonly message: Extract<InboundMessage, { kind: K }> };

/**
 * Builds middleware trees from a few combinators (`use`, `filter`, `branch`, `lazy`); the routing
 * helpers (`on`, `onText`, `onCommand`, `onButton`) are one-line calls to `filter`.
 *
 * @example
 * const c = new Composer<TurnContext>();
 * c.onCommand('aiuto', (ctx) => ctx.reply({ text: ctx.text('base.help') }));
 * engineModule.use(c.middleware());
 */
export class Composer<C extends TurnContext> {
  private readonly handlers: Middleware<C>[] = [];

  /** Adds middleware that sees every turn reaching this composer. */
  use(...middleware: Middleware<C>[]): this {
    this.handlers.push(...middleware);
    return this;
  }

  /** Runs `middleware` only when `predicate` holds; otherwise passes the turn on. */
  filter<D extends C>(predicate: ((ctx: C) => ctx is D) | ((ctx: C) => boolean), ...middleware: Middleware<D>[]): this {
    const inner = compose(middleware as Middleware<C>[]);
    return this.use((ctx, next) => (predicate(ctx) ? inner(ctx, next) : next()));
  }

  /** Runs `whenTrue` or `whenFalse`. */
  branch(predicate: (ctx: C) => boolean, whenTrue: Middleware<C>, whenFalse: Middleware<C>): this {
    return this.use((ctx, next) => (predicate(ctx) ? whenTrue(ctx, next) : whenFalse(ctx, next)));
  }

  /** Chooses the middleware per turn (e.g. from the tenant's configuration). */
  lazy(factory: (ctx: C) => Middleware<C> | readonly Middleware<C>[]): this {
    return this.use((ctx, next) => {
      const chosen = factory(ctx);
      return compose(Array.isArray(chosen) ? chosen : [chosen as Middleware<C>])(ctx, next);
    });
  }

  /** Messages of one kind. */
  on<K extends InboundKind>(kind: K, ...middleware: Middleware<With<C, K>>[]): this {
    return this.filter((ctx): ctx is With<C, K> => ctx.message.kind === kind, ...middleware);
  }

  /** Free text (not commands, not buttons). */
  onText(...middleware: Middleware<With<C, 'text'>>[]): this {
    return this.on('text', ...middleware);
  }

  /** One command, e.g. `onCommand('start', …)`, also matching any of `aliases`. */
  onCommand(names: string | readonly string[], ...middleware: Middleware<With<C, 'command'>>[]): this {
    const set = new Set(typeof names === 'string' ? [names] : names);
    return this.filter((ctx): ctx is With<C, 'command'> => ctx.message.kind === 'command' && set.has(ctx.message.command), ...middleware);
  }

  /** Buttons whose payload is `prefix` or starts with `prefix:`. */
  onButton(prefix: string, ...middleware: Middleware<With<C, 'button'>>[]): this {
    return this.filter(
      (ctx): ctx is With<C, 'button'> =>
        ctx.message.kind === 'button' && (ctx.message.payload === prefix || ctx.message.payload.startsWith(`${prefix}:`)),
      ...middleware,
    );
  }

  /** The composed middleware. */
  middleware(): Middleware<C> {
    const run = compose(this.handlers);
    return (ctx, next) => run(ctx, next);
  }
}
