import type { ConformanceSession } from '../conformance-session.js';
import type { ConformanceTap } from '../conformance-tap.js';

/** How long a second turn or reply gets to show up before "once" is believed. */
const SETTLE_MS = 300;

/**
 * The channel delivers the same update twice (a webhook retried, a frame resent): the engine runs one
 * turn and the person gets one reply.
 *
 * @example
 * await redeliveryCheck(t, session);
 */
export async function redeliveryCheck(t: ConformanceTap, session: ConformanceSession): Promise<void> {
  await session.check(t, 'redelivered once', async (t) => {
    const { fake, echo } = session;
    if (!fake.redeliver) return void t.fail('the harness has no redeliver: give one, or declare cannot["redelivered once"] with the reason');
    // A new person's first message: its reply is not held behind an earlier one (WhatsApp's 6 s pair rate).
    const text = 'una volta sola';
    const person = await session.meet(text);
    await fake.redeliver(person.update);
    await session.app.engine.drain();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    t.equal(echo.turns.filter((m) => m.kind === 'text' && m.text === text).length, 1, 'one turn');
    t.equal(session.receivedBy(person.ref.chatId).filter((m) => m.text === `echo: ${text}`).length, 1, 'one reply');
  });
}
