// Media upload and download: type and size checked on the bytes (415/413 with a clear message,
// nothing stored), content-addressed ids, downloads scoped to the comune that uploaded the file.
import t from 'tap';
import { MediaFile } from '../../../core/internal.js';
import { build, expectProblem, type AdminTestApp, type InjectAs } from '../../helpers/app.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNgYPj/n4GBgYGBgYGBAQAk8AP9ZGcbqwAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function upload(as: InjectAs, app: AdminTestApp, data: Buffer, type: string, filename = 'file', tenant = app.tenant) {
  const boundary = 'CampanileBoundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${filename}"\r\ncontent-type: ${type}\r\n\r\n`),
    data, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return as({ method: 'POST', url: `/api/v1/tenants/${tenant}/media`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}
const mediaRows = (app: AdminTestApp) => app.campanile.db.em.fork().count(MediaFile, {}, { filters: false });

t.test('upload an image and a PDF, download them with their type; same bytes, same id', async (t) => {
  const app = await build(t);
  const editor = await app.injectAs('editor');
  const res = await upload(editor, app, PNG, 'image/png', 'banda.png');
  t.equal(res.statusCode, 201, res.body);
  const image = res.json<{ id: string; mimeType: string; size: number; fileName: string }>();
  t.match(image, { mimeType: 'image/png', size: PNG.length, fileName: 'banda.png' });
  t.match(image.id, /^[0-9a-f]{64}$/);
  t.equal((await upload(editor, app, PNG, 'image/png', 'copia.png')).json().id, image.id, 'content-addressed');
  t.equal(await mediaRows(app), 1, 'one row for the same bytes');

  const down = await editor({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/media/${image.id}` });
  t.equal(down.statusCode, 200);
  t.equal(down.headers['content-type'], 'image/png');
  t.equal(down.headers['x-content-type-options'], 'nosniff');
  t.same(down.rawPayload, PNG, 'the same bytes back');

  const pdf = await upload(editor, app, PDF, 'application/pdf', 'ordinanza.pdf');
  t.equal(pdf.statusCode, 201, pdf.body);
  t.equal((await editor({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/media/${pdf.json().id}` })).headers['content-type'], 'application/pdf');

  // A notice can use them; the kinds must match their field.
  const categories = (await editor({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/categories` })).json<{ id: number }[]>();
  const notice = await editor({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/notices`, payload: { title: 'Con immagine', text: 'x', categoryId: categories[0]!.id, imageMediaId: image.id, documentMediaId: pdf.json().id } });
  t.equal(notice.statusCode, 201, notice.body);
  const swapped = await editor({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/notices`, payload: { title: 'Sbagliato', text: 'x', categoryId: categories[0]!.id, imageMediaId: pdf.json().id } });
  t.equal(swapped.statusCode, 400);
  t.equal(swapped.json().details[0].field, 'imageMediaId');
  t.match(swapped.json().message, /JPEG, PNG or WebP/);
});

t.test('wrong type → 415, too large → 413, with clear messages; nothing stored', async (t) => {
  const app = await build(t);
  const editor = await app.injectAs('editor');
  const refused = async (data: Buffer, type: string, status: number, code: string, message: RegExp) => {
    const res = await upload(editor, app, data, type);
    expectProblem(t, res, status, code);
    t.match(res.json().message, message, `${type}: ${res.json().message}`);
  };
  await refused(Buffer.from('GIF89a……'), 'image/gif', 415, 'unsupported-media-type', /image\/gif.*not accepted|JPEG|send one of/);
  await refused(Buffer.from('MZ not an image'), 'image/png', 415, 'unsupported-media-type', /not image\/png|real file/);
  await refused(PDF, 'image/png', 415, 'unsupported-media-type', /not image\/png|real file/);
  const bigPng = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
  await refused(bigPng, 'image/png', 413, 'payload-too-large', /at most 10\.0 MB/);
  const hugePdf = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024 + 10)]);
  await refused(hugePdf, 'application/pdf', 413, 'payload-too-large', /too large|smaller/);
  expectProblem(t, await editor({ method: 'POST', url: `/api/v1/tenants/${app.tenant}/media`, payload: { file: 'x' } }), 415, 'unsupported-media-type');
  t.equal(await mediaRows(app), 0, 'no media row');
  const { createHash } = await import('node:crypto');
  t.equal(await app.campanile.notifications.media.store.get(createHash('sha256').update(bigPng).digest('hex')), null, 'the oversized image was not stored');
});

t.test('downloads are scoped to the comune; roles without notices.write cannot upload', async (t) => {
  const app = await build(t);
  const editor = await app.injectAs('editor');
  const image = (await upload(editor, app, PNG, 'image/png')).json<{ id: string }>();
  const stranger = await app.injectAs('editor', app.otherTenant);
  expectProblem(t, await stranger({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/media/${image.id}` }), 404, 'not-found');
  expectProblem(t, await stranger({ method: 'GET', url: `/api/v1/tenants/${app.otherTenant}/media/${image.id}` }), 404, 'not-found');
  expectProblem(t, await editor({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/media/${'0'.repeat(64)}` }), 404, 'not-found');
  expectProblem(t, await app.fastify.inject({ method: 'GET', url: `/api/v1/tenants/${app.tenant}/media/${image.id}` }), 401, 'unauthenticated');
  const operator = await app.injectAs('operator');
  expectProblem(t, await upload(operator, app, PNG, 'image/png'), 403, 'forbidden');
  // The same bytes uploaded by the other comune become theirs too, independently.
  t.equal((await upload(stranger, app, PNG, 'image/png', 'x.png', app.otherTenant)).statusCode, 201);
  t.equal((await stranger({ method: 'GET', url: `/api/v1/tenants/${app.otherTenant}/media/${image.id}` })).statusCode, 200);
});
