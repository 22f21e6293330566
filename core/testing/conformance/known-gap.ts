import type { AssertionMessage, ConformanceTap } from './conformance-tap.js';

/**
 * Runs a check the adapter is known to fail with every assertion marked `todo` (tap reports it, the run
 * stays green), so the gap shows in every run instead of hiding behind a skip. tap does not run the body
 * of a `todo` subtest at all, hence the wrapper.
 *
 * @example
 * await t.test('long text split', {}, (t) => asKnownGap(t, 'renders no fallback', check));
 */
export async function asKnownGap(t: ConformanceTap, reason: string, fn: (t: ConformanceTap) => Promise<void>): Promise<void> {
  const todo = (message: AssertionMessage): AssertionMessage => [message[0] ?? '', { todo: reason }];
  const wrapped: ConformanceTap = {
    test: (name, options, body) => t.test(name, options, (inner) => asKnownGap(inner, reason, body)),
    ok: (value, ...message) => t.ok(value, ...todo(message)),
    equal: (found, wanted, ...message) => t.equal(found, wanted, ...todo(message)),
    same: (found, wanted, ...message) => t.same(found, wanted, ...todo(message)),
    match: (found, pattern, ...message) => t.match(found, pattern, ...todo(message)),
    fail: (...message) => t.fail(...todo(message)),
    teardown: (cleanup) => t.teardown(cleanup),
  };
  try {
    await fn(wrapped);
  } catch (error) {
    wrapped.fail(error instanceof Error ? error.message : String(error));
  }
}
