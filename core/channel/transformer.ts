/**
 * A chain of functions around every outbound channel call: rate limiting, retry honouring
 * `retry_after`, metrics and test recording are each one transformer in its own file; the adapter only
 * maps and sends. Shaped like grammY's API transformers.
 *
 * @example
 * const call = chain(rawSend, [metrics(), rateLimit(limiter)]);
 * const result = await call({ method: 'sendMessage', payload }, signal);
 */
export type CallFn<Call, Result> = (call: Call, signal?: AbortSignal) => Promise<Result>;

export type Transformer<Call, Result> = (
  prev: CallFn<Call, Result>,
  call: Call,
  signal?: AbortSignal,
) => Promise<Result>;

/** Builds one call function; the first transformer in the list runs outermost. */
export function chain<Call, Result>(
  base: CallFn<Call, Result>,
  transformers: readonly Transformer<Call, Result>[],
): CallFn<Call, Result> {
  return transformers.reduceRight<CallFn<Call, Result>>(
    (prev, transformer) => (call, signal) => transformer(prev, call, signal),
    base,
  );
}
