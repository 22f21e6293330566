// Type tests: compiled by `npm run typecheck`; the runtime part only proves the file loads.
import t, { type Test } from 'tap';
import type { ConformanceFake, ConformanceHarness, ConformanceTap } from '../../../core/testing/index.js';

// tap's Test is a ConformanceTap: an author passes their own `t`, and core never loads tap.
export const fromTap = (test: Test): ConformanceTap => test;

export const harness: ConformanceHarness<number, { update_id: number }> = {
  async setup(_t, factory, context) {
    const bound = factory.fromEnv({}, context)!;
    const fake: ConformanceFake<number, { update_id: number }> = {
      bound,
      person: async (index) => 1000 + index,
      pushText: async () => ({ update_id: 1 }),
      redeliver: async (update) => void update.update_id,
      received: () => [],
      failNext: { transient: () => undefined },
      // @ts-expect-error only the kit's checks can be declared unproducible
      cannot: { 'time travel': 'no' },
    };
    return fake;
  },
};

// @ts-expect-error a tap-less object without assertions is not a ConformanceTap
export const notTap: ConformanceTap = { test: async () => undefined, teardown: () => undefined };

t.pass('types compile');
