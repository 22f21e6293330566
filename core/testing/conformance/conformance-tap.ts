/**
 * The part of tap's `Test` the conformance kit uses, typed structurally so `core/` never loads tap at run
 * time: an adapter author passes their own `t` (tap's `Test` satisfies this; see
 * test/core/testing/conformance-tap.type.test.ts), or anything else with these methods.
 *
 * @example
 * import t from 'tap';
 * await runAdapterConformance(t, echoChannel, echoHarness); // t: Test is a ConformanceTap
 */
export interface ConformanceTap {
  /** A subtest; `skip` carries the reason. */
  test(name: string, options: ConformanceTestOptions, fn: (t: ConformanceTap) => Promise<void>): Promise<unknown>;
  ok(value: unknown, ...message: AssertionMessage): unknown;
  equal(found: unknown, wanted: unknown, ...message: AssertionMessage): unknown;
  same(found: unknown, wanted: unknown, ...message: AssertionMessage): unknown;
  match(found: unknown, pattern: unknown, ...message: AssertionMessage): unknown;
  fail(...message: AssertionMessage): unknown;
  /** Runs when the test ends (close fakes, stop apps). */
  teardown(fn: () => unknown): void;
}

/** Options of one subtest, as tap reads them. */
export interface ConformanceTestOptions {
  readonly skip?: string | false;
}

/** An assertion's message, and `todo` for a known gap (reported, not counted as a failure). */
export type AssertionMessage = [] | [string] | [string, { readonly todo: string }];
