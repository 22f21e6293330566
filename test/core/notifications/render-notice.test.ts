import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import { renderNotice, textLength, toPlainText, type MediaSource, type OutboundMessage } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { categories, seed, untilEvent } from '../../helpers/notifications.js';
import { jpeg, pdf } from '../media/media-fixtures.js';

const source = (id: string, mimeType: string): MediaSource => ({ id, mimeType, size: 10, fileName: `${id}.bin`, read: async () => new Uint8Array(10) });
const image = source('a'.repeat(64), 'image/jpeg');
const document = source('b'.repeat(64), 'application/pdf');
const labels = { link: 'Apri il link' };
const link = 'https://www.comune.esempio.it/avvisi/42';

t.test('image + link + PDF + short text: one captioned image with the link button, then the PDF', async (t) => {
  const messages = renderNotice({ title: 'Allerta meteo', text: 'Scuole chiuse domani.', linkUrl: link }, { image, document }, labels, { maxCaptionLength: 1024 });
  t.equal(messages.length, 2);
  const [first, second] = messages as [OutboundMessage, OutboundMessage];
  t.equal(first.attachment?.kind, 'image');
  t.equal(first.attachment?.media.id, image.id, 'the media keeps its content-hash id');
  t.same(first.attachment?.caption?.[0], { text: 'Allerta meteo', bold: true }, 'title emphasised');
  t.equal(toPlainText(first.attachment?.caption ?? []), 'Allerta meteo\n\nScuole chiuse domani.');
  t.same(first.links, [{ label: 'Apri il link', url: link }], 'the link as a button on the image');
  t.equal(first.text, undefined, 'no separate text message');
  t.same(second, { attachment: { kind: 'document', media: document } }, 'the PDF last, as a document');
});

t.test('text beyond the caption limit: image alone, then the text with the link, then the PDF', async (t) => {
  const long = 'Lorem ipsum dolor sit amet. '.repeat(60).trim(); // ~1,700 characters
  for (const maxCaptionLength of [1024, 0]) {
    const messages = renderNotice({ title: 'Ordinanza', text: long, linkUrl: link }, { image, document }, labels, { maxCaptionLength });
    t.same(messages.map((m) => m.attachment?.kind ?? 'text'), ['image', 'text', 'document'], `caption limit ${maxCaptionLength}`);
    t.equal(messages[0]?.attachment?.caption, undefined, 'no caption over the limit');
    t.equal(toPlainText(messages[1]?.text ?? []), `Ordinanza\n\n${long}`, 'the whole text, nothing cut');
    t.same(messages[1]?.links, [{ label: 'Apri il link', url: link }], 'the link goes with the text');
  }
});

t.test('a caption exactly at the limit still fits; one character more does not', async (t) => {
  const title = 'Titolo';
  const limit = 1024;
  const fits = 'x'.repeat(limit - title.length - 2); // title + blank line + text
  const at = renderNotice({ title, text: fits }, { image }, labels, { maxCaptionLength: limit });
  t.equal(at.length, 1);
  t.equal(textLength(at[0]?.attachment?.caption ?? []), limit, 'caption length equals the limit');
  const over = renderNotice({ title, text: `${fits}x` }, { image }, labels, { maxCaptionLength: limit });
  t.same(over.map((m) => m.attachment?.kind ?? 'text'), ['image', 'text']);
  for (const message of [...at, ...over]) {
    if (message.attachment?.caption) t.ok(textLength(message.attachment.caption) <= limit, 'no caption beyond the channel limit');
  }
});

t.test('no media: one text message with the link; no link: no buttons', async (t) => {
  const withLink = renderNotice({ title: 'T', text: 'x', linkUrl: link }, {}, labels);
  t.same(withLink.map((m) => [m.attachment?.kind ?? 'text', m.links?.length ?? 0]), [['text', 1]]);
  const plainOnly = renderNotice({ title: 'T', text: 'x', linkUrl: null }, { document }, labels);
  t.same(plainOnly.map((m) => [m.attachment?.kind ?? 'text', m.links?.length ?? 0]), [['text', 0], ['document', 0]]);
});

t.test("a notice's media is uploaded once per channel account, whatever the audience", async (t) => {
  const second = new MemoryAdapter({ account: 'secondo' });
  const { app, memory } = await buildApp(t, { modules: [], adapters: [{ adapter: second }] });
  const tenant = app.defaultTenant;
  const cat = await categories(app);
  await seed(app, { count: 60, subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  await seed(app, { count: 40, account: 'secondo', subscriptions: [{ categoryId: cat.eventi!, every: 1 }] });
  const picture = await app.notifications.media.upload(tenant.id, jpeg(5000), 'image/jpeg', 'festa.jpg');
  const leaflet = await app.notifications.media.upload(tenant.id, pdf(7000), 'application/pdf', 'programma.pdf');
  const notice = await app.notifications.notices.create(tenant, {
    categoryKey: 'eventi', title: 'Festa patronale', text: 'Programma allegato.', linkUrl: link,
    imageMediaId: picture.id, documentMediaId: leaflet.id,
  });
  const sent = untilEvent(app, 'notice:sent', (e) => e.noticeId === notice.id);
  await app.notifications.notices.send(tenant, notice.id);
  await sent;

  t.same(memory.uploads, [picture.id, leaflet.id], 'first account: image and PDF uploaded once each for 60 recipients');
  t.same(second.uploads, [picture.id, leaflet.id], 'second account: its own single upload of each');
  t.equal(memory.sent.length, 60 * 2, 'every recipient got the captioned image and the PDF');
  t.equal(second.sent.length, 40 * 2);
  const images = memory.sent.filter((s) => s.message.attachment?.kind === 'image');
  t.equal(new Set(images.map((s) => s.ref.chatId)).size, 60, 'one image per recipient');
  t.ok(images.every((s) => s.message.attachment?.media.id === picture.id && s.message.links?.[0]?.url === link), 'same media id and link for all');
  t.ok(memory.sent.filter((s) => s.message.attachment?.kind === 'document').every((s) => s.message.attachment?.media.mimeType === 'application/pdf'));
});
