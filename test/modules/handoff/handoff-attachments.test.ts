// Operator attachments: an image or a PDF sent to the person through the outbox (multipart upload to
// POST …/conversations/:id/attachments), the conversation's files served to the operator, and the
// refusals (oversized, wrong or renamed type, not multipart, closed / waiting / foreign conversation).
import t, { type Test } from 'tap';
import { MediaFile } from '../../../core/internal.js';
import { textOf } from '../../helpers/campanile.js';
import { buildHandoffApp, type HandoffTestApp } from '../../helpers/handoff-app.js';
import { MULTIPART_HEADERS, multipartFieldsOnly, multipartForm } from '../../helpers/multipart.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNgYPj/n4GBgYGBgYGBAQAk8AP9ZGcbqwAAAABJRU5ErkJggg==', 'base64');
// The person's photo: other bytes than the operator's image (files are stored by content hash).
const PHOTO = Buffer.concat([PNG, Buffer.from('the person took it')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

type Detail = { conversation: { id: number }; messages: { direction: string; kind: string; text: string | null; mediaId: string | null }[] };

const form = multipartForm;

async function attach(app: HandoffTestApp, id: number, payload: Buffer, as: { role?: 'operator' | 'mayor'; tenant?: string } = {}) {
  const inject = await app.injectAs(as.role ?? 'operator', as.tenant);
  return inject({ method: 'POST', url: `/api/v1/tenants/${as.tenant ?? app.tenant}/handoff/conversations/${id}/attachments`, payload, headers: MULTIPART_HEADERS });
}

/** A person asks, the operator takes the conversation: its id. */
async function liveConversation(t: Test, app: HandoffTestApp, chat: string): Promise<number> {
  await app.memory.say(app.tenant, chat, '/operatore');
  const inbox = (await app.call('GET', '/conversations?filter=waiting')).json() as { items: { id: number }[] };
  const id = inbox.items.at(-1)?.id ?? 0;
  t.equal((await app.call('POST', `/conversations/${id}/take`)).statusCode, 200);
  return id;
}

const mediaRows = (app: HandoffTestApp) => app.campanile.db.em.fork().count(MediaFile, {}, { filters: false });

t.test('an image and a PDF reach the person in order, stored with the conversation and served to the operator', async (t) => {
  const app = await buildHandoffApp(t);
  const { memory, tenant, call } = app;
  await call('PUT', '/presence', { status: 'online' });
  const id = await liveConversation(t, app, '700');
  await memory.deliver({ ...memory.base(tenant, '700'), kind: 'media', caption: 'la buca', media: { kind: 'photo', mimeType: 'image/png', fileName: 'buca.png', fetch: async () => new Uint8Array(PHOTO) } });

  const before = memory.sent.length;
  const image = await attach(app, id, form(PNG, 'image/png', 'mappa.png', { text: 'Ecco la mappa' }));
  t.equal(image.statusCode, 201, image.body);
  t.match(image.json(), { delivery: 'delivered', message: { direction: 'out', kind: 'image', text: 'Ecco la mappa', mediaId: /^[0-9a-f]{64}$/ } });
  const pdf = await attach(app, id, form(PDF, 'application/pdf', 'modulo.pdf'));
  t.equal(pdf.statusCode, 201, pdf.body);
  t.match(pdf.json(), { delivery: 'delivered', message: { kind: 'document', text: null } });

  const sent = memory.sent.slice(before).filter((s) => s.ref.chatId === '700').map((s) => s.message);
  t.same(sent.map((m) => [m.attachment?.kind, m.attachment?.media.fileName, m.attachment?.media.mimeType]), [['image', 'mappa.png', 'image/png'], ['document', 'modulo.pdf', 'application/pdf']], 'both files in the person\'s chat, in order');
  t.equal(textOf(sent.slice(0, 1)), 'Ecco la mappa', 'the text field is the caption');
  t.same(Buffer.from(await sent[1]!.attachment!.media.read()), PDF, 'the bytes sent are the ones uploaded');

  const detail = (await call('GET', `/conversations/${id}`)).json() as Detail;
  const files = detail.messages.filter((m) => m.mediaId);
  t.same(files.map((m) => [m.direction, m.kind]), [['in', 'photo'], ['out', 'image'], ['out', 'document']], 'the person\'s photo and both attachments are in the conversation');
  const inject = await app.injectAs('operator');
  for (const [file, bytes, type] of [[files[0]!, PHOTO, 'image/png'], [files[2]!, PDF, 'application/pdf']] as const) {
    const got = await inject({ method: 'GET', url: `/api/v1/tenants/${tenant}/handoff/conversations/${id}/media/${file.mediaId}` });
    t.equal(got.statusCode, 200, got.body);
    t.equal(got.headers['content-type'], type);
    t.same(got.rawPayload, bytes, `the operator reads the ${file.direction === 'in' ? "person's" : 'sent'} file`);
  }

  // A file of another conversation (or an unknown id) is not served through this one; nor to another comune.
  const other = await liveConversation(t, app, '701');
  t.equal((await inject({ method: 'GET', url: `/api/v1/tenants/${tenant}/handoff/conversations/${other}/media/${files[0]!.mediaId}` })).statusCode, 404, "another conversation's file: 404");
  t.equal((await inject({ method: 'GET', url: `/api/v1/tenants/${tenant}/handoff/conversations/${id}/media/${'0'.repeat(64)}` })).statusCode, 404, 'unknown file: 404');
  const foreign = await app.injectAs('operator', app.otherTenant);
  t.equal((await foreign({ method: 'GET', url: `/api/v1/tenants/${app.otherTenant}/handoff/conversations/${id}/media/${files[0]!.mediaId}` })).statusCode, 404, "another comune's operator: 404");
  t.equal((await app.injectAs('editor').then((as) => as({ method: 'GET', url: `/api/v1/tenants/${tenant}/handoff/conversations/${id}/media/${files[0]!.mediaId}` }))).statusCode, 403, 'a role without handoff.read: 403');
});

t.test('bad input: oversized, wrong or renamed type, not multipart, no file; closed, waiting and foreign conversations', async (t) => {
  const app = await buildHandoffApp(t);
  const { memory, call } = app;
  await call('PUT', '/presence', { status: 'online' });
  const id = await liveConversation(t, app, '710');
  const rows = await mediaRows(app);
  const sent = memory.sent.length;

  const bigImage = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
  const tooBig = await attach(app, id, form(bigImage, 'image/png', 'enorme.png'));
  t.equal(tooBig.statusCode, 413, 'an image above 10 MB: 413');
  t.match(tooBig.json(), { code: 'payload-too-large', message: /at most 10\.0 MB/ }, 'the message says the limit');
  const hugePdf = await attach(app, id, form(Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]), 'application/pdf', 'enorme.pdf'));
  t.equal(hugePdf.statusCode, 413, 'a file above the largest limit (20 MB) is cut off while read: 413');

  const text = await attach(app, id, form(Buffer.from('solo testo'), 'text/plain', 'nota.txt'));
  t.equal(text.statusCode, 415, 'a type outside images and PDF: 415');
  t.match(text.json(), { message: /text\/plain are not accepted: send one of image\/jpeg/ });
  t.equal((await attach(app, id, form(Buffer.from('not really a png'), 'image/png', 'finta.png'))).statusCode, 415, 'a renamed file: 415');
  const json = await call('POST', `/conversations/${id}/attachments`, { file: 'x' });
  t.equal(json.statusCode, 415, 'JSON instead of multipart: 415');
  const noFile = await attach(app, id, multipartFieldsOnly({ text: 'ciao' }));
  t.equal(noFile.statusCode, 400, 'a form without a file: 400');

  t.equal((await attach(app, id, form(PNG, 'image/png', 'x.png'), { role: 'mayor' })).statusCode, 409, "another operator's conversation: 409");
  t.equal((await attach(app, id, form(PNG, 'image/png', 'x.png'), { tenant: app.otherTenant })).statusCode, 404, "another comune's conversation: 404");
  await memory.say(app.tenant, '711', '/operatore');
  const waiting = ((await call('GET', '/conversations?filter=waiting')).json() as { items: { id: number }[] }).items[0]!.id;
  t.match((await attach(app, waiting, form(PNG, 'image/png', 'x.png'))).json(), { code: 'conflict', message: /take it first/ }, 'a waiting conversation: 409, take it first');
  t.equal((await call('POST', `/conversations/${id}/close`)).statusCode, 200);
  const closedSent = memory.sent.length;
  const closed = await attach(app, id, form(PNG, 'image/png', 'tardi.png'));
  t.equal(closed.statusCode, 409, 'a closed conversation: 409');
  t.match(closed.json(), { message: /is closed/ });

  t.equal(await mediaRows(app), rows, 'no refused file was stored');
  t.equal(memory.sent.slice(sent).filter((s) => s.message.attachment).length, 0, 'nothing was sent to the person');
  t.equal(memory.sent.length, closedSent, 'nothing after the close');
  const detail = (await call('GET', `/conversations/${id}`)).json() as Detail;
  t.equal(detail.messages.filter((m) => m.direction === 'out').length, 0, 'no answer was stored');
});
