import { plain } from '../../../channel/formatted-text.js';
import type { DeliveryStatus } from '../../../channel/delivery-result.js';
import type { ConformanceSession } from '../conformance-session.js';
import type { ConformanceTap } from '../conformance-tap.js';

const STATUSES: readonly DeliveryStatus[] = ['delivered', 'rate-limited', 'recipient-gone', 'window-closed', 'transient', 'permanent'];

/**
 * Stop and start, as Campanile does on a restart or an account change (`detachAdapter` with
 * `shutdown`, then `attachAdapter`): a send while stopped still answers one `DeliveryResult` (the
 * contract: `send` never throws for a refusal), and after the start a new person round-trips.
 *
 * @example
 * await restartCheck(t, session); // last: it leaves the adapter restarted
 */
export async function restartCheck(t: ConformanceTap, session: ConformanceSession): Promise<void> {
  await session.check(t, 'stop and start', async (t) => {
    const { app, adapter, tenant } = session;
    const person = await session.meet();
    t.ok(await app.detachAdapter(adapter.channel, adapter.account, tenant, { reason: 'shutdown' }), 'stopped');
    const stopped = await session.send(person.ref, { text: plain('mentre è fermo') }).then(
      (result) => result,
      (error: unknown) => ({ status: 'threw', error: String(error) }) as const,
    );
    t.ok(STATUSES.includes(stopped.status as DeliveryStatus), `a send while stopped answers a DeliveryResult: ${JSON.stringify(stopped)}`);
    await app.attachAdapter(adapter, tenant ? { tenant } : {});
    const again = await session.meet();
    t.ok(session.receivedBy(again.ref.chatId).length > 0, 'a new person round-trips after the start');
    t.equal((await session.send(person.ref, { text: plain('di nuovo') })).status, 'delivered', 'and the earlier person is reachable again');
  });
}
