/**
 * Middleware is `(ctx, next) => Promise<unknown>`: do something, then optionally pass the turn on.
 * Calling `next` twice throws, so a handler cannot run the rest of the chain two times.
 *
 * @example
 * const logTime: Middleware<TurnContext> = async (ctx, next) => { const t = Date.now(); await next(); log(Date.now() - t); };
 */
export type NextFunction = () => Promise<void>;
export type Middleware<C> = (ctx: C, next: NextFunction) => Promise<unknown> | unknown;

/** Runs middlewares in order; the last one's `next` calls `last`. */
export function compose<C>(middlewares: readonly Middleware<C>[]): (ctx: C, last: NextFunction) => Promise<void> {
  return (ctx, last) => {
    const run = async (index: number): Promise<void> => {
      const middleware = middlewares[index];
      if (middleware === undefined) return last();
      let called = false;
      await middleware(ctx, async () => {
        if (called) throw new Error('next() called twice by one middleware: await it once, or return without calling it.');
        called = true;
        await run(index + 1);
      });
    };
    return run(0);
  };
}

/** The middleware that only passes the turn on. */
export const passThrough = <C>(): Middleware<C> => (_ctx, next) => next();
