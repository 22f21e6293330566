import { plain } from '../../../channel/formatted-text.js';
import type { FailureKind } from '../conformance-harness.js';
import type { ConformanceSession } from '../conformance-session.js';
import type { ConformanceTap } from '../conformance-tap.js';

const KINDS: readonly FailureKind[] = ['rate-limited', 'transient', 'permanent', 'recipient-gone', 'window-closed'];

/** The shape each kind must have for the outbox to act on it. */
const SHAPES: Record<FailureKind, object> = {
  'rate-limited': { status: 'rate-limited', retryAfterMs: Number },
  transient: { status: 'transient', reason: String },
  permanent: { status: 'permanent', reason: String },
  'recipient-gone': { status: 'recipient-gone', reason: /^(blocked|deactivated|unknown)$/ },
  'window-closed': { status: 'window-closed' },
};

/**
 * Every `DeliveryResult` kind the fake channel can answer with comes back as that kind, with its fields
 * (a positive `retryAfterMs`, a reason), and the next send goes through again. `window-closed` is asked
 * for only where the capabilities declare a reply window.
 *
 * @example
 * await deliveryResultChecks(t, session);
 */
export async function deliveryResultChecks(t: ConformanceTap, session: ConformanceSession): Promise<void> {
  await t.test('delivery results', {}, async (t) => {
    const person = await session.meet();
    for (const kind of KINDS) {
      const produce = session.fake.failNext[kind];
      const skip = kind === 'window-closed' && session.adapter.capabilities.replyWindowHours === null
        ? 'the channel declares no reply window'
        : produce ? undefined : session.fake.cannot?.[kind];
      await t.test(kind, { skip: skip ?? false }, async (t) => {
        if (!produce) return void t.fail(`the harness neither makes the fake answer "${kind}" (failNext) nor says why it cannot (cannot["${kind}"])`);
        const target = (await produce(person.ref)) ?? person.ref;
        const result = await session.send(target, { text: plain(`prova ${kind}`) });
        t.match(result, SHAPES[kind], `${kind}: ${JSON.stringify(result)}`);
        if (result.status === 'rate-limited') t.ok(result.retryAfterMs > 0, 'a positive retryAfterMs');
        t.equal((await session.send(person.ref, { text: plain(`dopo ${kind}`) })).status, 'delivered', 'the next send goes through');
      });
    }
  });
}
