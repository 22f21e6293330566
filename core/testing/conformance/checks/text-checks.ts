import { plain } from '../../../channel/formatted-text.js';
import type { ConformanceSession } from '../conformance-session.js';
import type { ConformanceTap } from '../conformance-tap.js';

/**
 * Text both ways: a person writes, the engine sees a normalized text with the adapter's ref and the
 * reply reaches the channel; a direct send is `delivered` with a message id.
 *
 * @example
 * await textChecks(t, session);
 */
export async function textChecks(t: ConformanceTap, session: ConformanceSession): Promise<void> {
  const { adapter } = session;
  await session.check(t, 'text round trip', async (t) => {
    const person = await session.meet();
    t.match(person.ref, { channel: adapter.channel, account: adapter.account }, 'the inbound ref names the adapter');
    if (session.tenant) t.equal(person.ref.tenant, session.tenant, 'and the tenant it serves');
    const replies = session.receivedBy(person.ref.chatId);
    t.equal(replies.at(-1)?.text, 'echo: ciao 0', 'the reply reached the channel');
    const result = await session.send(person.ref, { text: plain('Buongiorno dal Comune') });
    t.match(result, { status: 'delivered', messageId: /./ }, 'a direct send is delivered with a message id');
    const got = await session.waitReceived(person.ref.chatId, replies.length + 1);
    t.equal(got.at(-1)?.text, 'Buongiorno dal Comune');
  });

  await session.check(t, 'long text split', async (t) => {
    const max = adapter.capabilities.maxTextLength;
    const person = await session.meet();
    const before = session.receivedBy(person.ref.chatId).length;
    const words = Array.from({ length: Math.ceil((2 * max + 50) / 8) }, (_, i) => `p${String(i % 1000).padStart(3, '0')}ola`);
    const text = words.join(' ');
    const result = await session.send(person.ref, { text: plain(text) });
    t.equal(result.status, 'delivered', `${text.length} characters (limit ${max}) are delivered`);
    const least = Math.ceil(text.length / max);
    await session.waitReceived(person.ref.chatId, before + least, `at least ${least} parts`, 2000).catch(() => undefined);
    const parts = session.receivedBy(person.ref.chatId).slice(before);
    t.ok(parts.length >= least, `split in ${parts.length} parts (at least ${least})`);
    t.ok(parts.every((part) => part.text.length <= max), `every part fits ${max} (${parts.map((p) => p.text.length).join(', ')})`);
    t.equal(normalize(parts.map((p) => p.text).join(' ')), normalize(text), 'nothing lost or reordered');
  });
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();
