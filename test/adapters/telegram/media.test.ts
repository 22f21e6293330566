import { createHash } from 'node:crypto';
import t from 'tap';
import { markup, plain, type MediaSource, type OutboundMessage } from '../../../core/internal.js';
import { documentUpdate, photoUpdate, startUpdate } from '../../fakes/telegram/index.js';
import { identityOf, telegramApp, waitTurns } from './telegram-app.js';

function source(fileName: string, mimeType: string, bytes: Buffer): MediaSource {
  return { id: `sha256-${createHash('sha256').update(bytes).digest('hex')}`, fileName, mimeType, size: bytes.length, read: async () => bytes };
}

t.test('a notice with photo and PDF: uploaded once per bot, then reused by file_id', async (t) => {
  const { fake, app, turns } = await telegramApp(t, { fake: { limits: false } });
  const citizens = [2001, 2002];
  for (const id of citizens) fake.pushUpdate(startUpdate(undefined, { from: { id, first_name: `C${id}` } }));
  await waitTurns(app, turns, 2);
  // Messages sent outside a turn wait in the outbox, so their files live in the media store (a send after a restart reads them there).
  const stored = async (fileName: string, mimeType: string, bytes: Buffer): Promise<MediaSource> => {
    const media = await app.notifications.media.upload(app.defaultTenant.id, bytes, mimeType, fileName);
    return { ...media, read: () => app.notifications.media.store.read(media.id) };
  };
  const image = await stored('allerta.jpg', 'image/jpeg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(40_000, 1)]));
  const pdf = await stored('ordinanza.pdf', 'application/pdf', Buffer.from('%PDF-1.4 ordinanza'));
  // What the outbox renders for a notice: image with title + text as caption and a link button, then the PDF.
  const notice: OutboundMessage[] = [
    { text: markup('*Allerta meteo*\n\nDomani <allerta> gialla & vento forte.'), attachment: { kind: 'image', media: image }, links: [{ label: 'Apri il link', url: 'https://example.org/allerta' }], bulk: true },
    { attachment: { kind: 'document', media: pdf, caption: plain('Ordinanza n. 12') }, bulk: true },
  ];
  for (const id of citizens) {
    const identity = await identityOf(app, id);
    for (const message of notice) t.match(await app.services.messenger.send(app.defaultTenant, identity!.id, message), { status: 'delivered' });
  }
  const stats = fake.stats();
  t.equal(stats.uploads, 2, 'the image and the PDF were uploaded once');
  t.equal(stats.fileIdReuses, 2, 'the second citizen got them by file_id');
  const photos = fake.sentMessages.filter((m) => m.method === 'sendPhoto');
  t.same(photos.map((p) => p.fileSource), ['upload', 'file_id']);
  t.equal(photos[0]?.caption, 'Allerta meteo\n\nDomani <allerta> gialla & vento forte.', 'HTML escaped correctly, one message');
  t.match(photos[0]?.replyMarkup, { inline_keyboard: [[{ text: 'Apri il link', url: 'https://example.org/allerta' }]] });
  t.same(fake.sentMessages.filter((m) => m.method === 'sendDocument').map((d) => d.caption), ['Ordinanza n. 12', 'Ordinanza n. 12']);
  const keys = (await app.db.em.getKnex()('module_state').where('module', 'adapter:telegram:default').select('key')).map((r: { key: string }) => r.key);
  t.ok(keys.includes(`file:image:${image.id}`) && keys.includes(`file:document:${pdf.id}`), 'file ids persisted for restarts');
});

t.test('long texts split at 4096, long captions become a short caption + text', async (t) => {
  const { fake, telegram } = await telegramApp(t, { fake: { limits: false } });
  fake.chats.add(3001);
  const ref = { tenant: 'esempio', channel: 'telegram', account: 'default', chatId: '3001' };
  const long = Array.from({ length: 900 }, (_, i) => `parola${i}`).join(' ');
  const result = await telegram.send(ref, { text: plain(long), choices: [{ label: 'Ok', payload: 'base:done' }] });
  const texts = fake.sentMessages.map((m) => m.text ?? '');
  t.ok(texts.length >= 2 && texts.every((x) => x.length <= 4096), 'split into parts within the limit');
  t.equal(texts.join(' '), long, 'nothing lost');
  t.match(result, { status: 'delivered', messageId: String(fake.sentMessages.at(-1)?.messageId) }, 'the buttons ride on the last part');
  t.ok(fake.sentMessages.at(-1)?.replyMarkup);

  const before = fake.sentMessages.length;
  const image = source('foto.jpg', 'image/jpeg', Buffer.alloc(1000, 2));
  await telegram.send(ref, { attachment: { kind: 'image', media: image, caption: plain(`Titolo dell'avviso\n${'b'.repeat(1500)}`) } });
  const [photo, text] = fake.sentMessages.slice(before);
  t.equal(photo?.caption, "Titolo dell'avviso");
  t.equal(text?.text, 'b'.repeat(1500));

  t.match(await telegram.send(ref, { text: plain('Dove si trova?'), requestLocation: { label: '📍 Invia posizione' } }), { status: 'delivered' });
  t.match(fake.sentMessages.at(-1)?.replyMarkup, { keyboard: [[{ request_location: true }]] });
  t.match(await telegram.send(ref, { attachment: { kind: 'image', media: { ...image, size: 11 * 1024 * 1024 } } }), { status: 'permanent', reason: /send it as a document/ });
});

t.test('edits: "not modified" is success, "not found" sends a new message', async (t) => {
  const { fake, telegram } = await telegramApp(t, { fake: { limits: false } });
  fake.chats.add(3002);
  const ref = { tenant: 'esempio', channel: 'telegram', account: 'default', chatId: '3002' };
  const menu = { text: plain('Scegli'), choices: [{ label: 'Eventi', payload: 'base:toggle:1' }] };
  const first = await telegram.send(ref, menu);
  const id = first.status === 'delivered' ? first.messageId : '';
  t.same(await telegram.send(ref, { ...menu, replaceMessageId: id }), { status: 'delivered', messageId: id }, 'not modified');
  t.same(await telegram.send(ref, { choices: [{ label: 'Eventi', payload: 'base:toggle:1', selected: true }], replaceMessageId: id }), { status: 'delivered', messageId: id });
  t.equal(fake.sentMessages.at(-1)?.method, 'editMessageReplyMarkup');
  const fresh = await telegram.send(ref, { ...menu, replaceMessageId: '999' });
  t.equal(fake.sentMessages.at(-1)?.method, 'sendMessage', 'a new message instead');
  t.not(fresh.status === 'delivered' && fresh.messageId, '999');
});

t.test('inbound media: fetched lazily through getFile; over 20 MB a clear reply', async (t) => {
  const { fake, app, telegram, turns } = await telegramApp(t, { fake: { limits: false } });
  const [event] = await telegram.handleUpdate(fake.pushUpdate(documentUpdate({ fileName: 'verbale.pdf', bytes: 1234 })));
  if (event?.type === 'message' && event.kind === 'media') t.equal((await event.media.fetch()).length, 1234, 'downloaded from the fake');
  else t.fail('expected media');
  await waitTurns(app, turns, 1);
  fake.pushUpdate(documentUpdate({ bytes: 25 * 1024 * 1024 }));
  await waitTurns(app, turns, 2);
  t.match(fake.sentMessages.at(-1)?.text, /troppo grande.*20 MB/);
  fake.pushUpdate(photoUpdate());
  await waitTurns(app, turns, 3);
  t.match(fake.sentMessages.at(-1)?.text, /Non posso ancora ricevere/, 'no module takes photos yet: the polite answer');
});
