import type { MediaLimit } from '../../../channel/capabilities.js';
import type { MediaKind } from '../../../channel/inbound.js';
import type { ConformanceSession } from '../conformance-session.js';
import type { ConformanceTap } from '../conformance-tap.js';
import { oversizedMedia, sampleMedia } from '../sample-media.js';

// Beyond this the oversized file is not tried: a 100 MB buffer sent to a fake costs seconds for nothing new.
const LARGEST_TRIED = 32 * 1024 * 1024;
/** How long a pushed message may take to show up on the fake's side. */
const PUSH_MS = 100;

/**
 * Media from the declared `capabilities`: each outbound kind is delivered within its limit and refused
 * (`permanent`, nothing sent) one byte beyond it; one declared inbound kind reaches the engine with its
 * bytes fetchable.
 *
 * @example
 * await mediaChecks(t, session);
 */
export async function mediaChecks(t: ConformanceTap, session: ConformanceSession): Promise<void> {
  const { capabilities } = session.adapter;
  const outbound = Object.entries(capabilities.media) as ['image' | 'document', MediaLimit][];
  const noMedia = outbound.length === 0 ? 'the channel declares no outbound media' : undefined;

  await session.check(t, 'media within limits', async (t) => {
    const person = await session.meet();
    for (const [kind, limit] of outbound) {
      const before = session.receivedBy(person.ref.chatId).length;
      const media = sampleMedia(kind, limit);
      const result = await session.send(person.ref, { attachment: { kind, media } });
      t.equal(result.status, 'delivered', `${kind} ${media.mimeType}, ${media.size} bytes`);
      const got = (await session.waitReceived(person.ref.chatId, before + 1)).slice(before);
      t.match(got.map((m) => m.media?.kind), [kind], `the channel got one ${kind}`);
    }
  }, noMedia);

  await session.check(t, 'media beyond limits', async (t) => {
    const person = await session.meet();
    for (const [kind, limit] of outbound) {
      if (limit.maxBytes > LARGEST_TRIED) {
        t.ok(true, `${kind}: limit ${limit.maxBytes} bytes not tried (above ${LARGEST_TRIED})`);
        continue;
      }
      const before = session.receivedBy(person.ref.chatId).length;
      const media = oversizedMedia(kind, limit);
      const result = await session.send(person.ref, { attachment: { kind, media } });
      t.equal(result.status, 'permanent', `${kind} of ${media.size} bytes (limit ${limit.maxBytes}) is refused: ${JSON.stringify(result)}`);
      // Channels that push (a socket) show a message a moment after the send: give it that moment.
      await new Promise((resolve) => setTimeout(resolve, PUSH_MS));
      t.equal(session.receivedBy(person.ref.chatId).length, before, 'and nothing reached the channel');
    }
  }, noMedia);

  const inbound = Object.keys(capabilities.inboundMedia) as MediaKind[];
  const kind: MediaKind | undefined = inbound.includes('photo') ? 'photo' : inbound[0];
  await session.check(t, 'inbound media', async (t) => {
    if (!session.fake.pushMedia) return void t.fail('the harness has no pushMedia: give one, or declare cannot["inbound media"] with the reason');
    // The person's first message: its reply is not queued behind an earlier one to the same chat.
    const turns = session.echo.turns.length;
    await session.fake.pushMedia(await session.newChat(), kind!);
    const message = await session.waitTurn((m) => m.kind === 'media', `the ${kind} turn`, turns);
    if (message.kind !== 'media') return;
    t.equal(message.media.kind, kind, `a ${kind} reached the engine`);
    const bytes = await message.media.fetch();
    t.ok(bytes.byteLength > 0, `its ${bytes.byteLength} bytes can be fetched`);
  }, kind ? undefined : 'the channel declares no inbound media');
}
