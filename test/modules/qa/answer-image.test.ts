import t from 'tap';
import { buildQaApp } from '../../helpers/qa-app.js';
import { textOf } from '../../helpers/campanile.js';

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('mappa ecocentro')]);
const pdf = Buffer.from('%PDF-1.4 calendario raccolta');

const entry = (imageMediaId: string | null) => ({
  key: 'mappa-ecocentro', question: "Dov'è l'ecocentro?", answer: "L'ecocentro è in via dei Mestieri 4, aperto lun–sab 8–12.",
  phrasings: ['dove si trova l ecocentro', 'indirizzo del centro di raccolta', 'mappa ecocentro', 'dove porto gli ingombranti'], tags: ['rifiuti'], imageMediaId,
});

t.test('an answer with an image sends the image, then the text', async (t) => {
  const { app, memory, tenant, admin, train } = await buildQaApp(t);
  const tenantId = app.defaultTenant.id;
  const image = await app.notifications.media.upload(tenantId, png, 'image/png', 'ecocentro.png');
  const leaflet = await app.notifications.media.upload(tenantId, pdf, 'application/pdf', 'calendario.pdf');

  const unknown = await admin('POST', '/entries', { body: entry('ab'.repeat(32)) });
  t.match(unknown, { status: 400, body: { code: 'QA_INVALID_ENTRY', message: /was not uploaded for this comune/ } }, 'an image that was never uploaded is refused');
  const notImage = await admin('POST', '/entries', { body: entry(leaflet.id) });
  t.match(notImage, { status: 400, body: { code: 'QA_INVALID_ENTRY', message: /application\/pdf, not an image/ } }, 'a PDF is not an answer image');
  t.equal(((await admin('GET', '/entries')).body as { total: number }).total, 0, 'nothing was written');

  t.equal((await admin('POST', '/import-starter', { body: {} })).status, 200);
  const created = await admin('POST', '/entries', { body: entry(image.id) });
  t.match(created, { status: 201, body: { imageMediaId: image.id } }, 'an uploaded image is accepted');
  t.match((await train()).body, { current: { status: 'ready' } });

  await memory.say(tenant, '300', '/start'); // a known person: no welcome around the answer
  const replies = await memory.say(tenant, '300', "dov'è l'ecocentro?");
  t.equal(replies.length, 2, 'two messages: image, then answer');
  t.match(replies[0]?.attachment, { kind: 'image', media: { id: image.id, mimeType: 'image/png' } }, 'the image comes first');
  t.same(Buffer.from(await replies[0]!.attachment!.media.read()), png, 'with the stored bytes');
  t.match(textOf(replies.slice(1)), /via dei Mestieri/, 'then the answer text');

  // The image deleted from the media library since: the answer still goes, as text alone.
  await app.notifications.media.delete(tenantId, image.id);
  await memory.say(tenant, '301', '/start');
  const textOnly = await memory.say(tenant, '301', "dov'è l'ecocentro?");
  t.equal(textOnly.length, 1, 'a missing image does not break the answer');
  t.match(textOf(textOnly), /via dei Mestieri/);
});

t.test('the image survives a CSV export and import; an import naming a foreign image changes nothing', async (t) => {
  const { app, admin } = await buildQaApp(t);
  const image = await app.notifications.media.upload(app.defaultTenant.id, png, 'image/png', 'ecocentro.png');
  t.equal((await admin('POST', '/entries', { body: entry(image.id) })).status, 201);
  const exported = (await admin('GET', '/export', { query: { format: 'csv' } })).body as { content: string };
  t.match(exported.content.split('\r\n')[0], /,image,/, 'the CSV has an image column');
  t.match(exported.content, image.id, 'holding the media id');
  const reimported = await admin('POST', '/import', { body: { format: 'csv', content: exported.content, mode: 'replace' } });
  t.match(reimported, { status: 200, body: { updated: 1 } });
  t.match((await admin('GET', '/entries')).body, { items: [{ imageMediaId: image.id }] }, 'the entry keeps its image');

  const foreign = exported.content.replace(image.id, 'cd'.repeat(32));
  const refused = await admin('POST', '/import', { body: { format: 'csv', content: foreign } });
  t.match(refused, { status: 400, body: { code: 'QA_BAD_IMPORT', message: /mappa-ecocentro.*was not uploaded/ } }, 'clear error naming the entry');
  t.match((await admin('GET', '/entries')).body, { items: [{ imageMediaId: image.id }] }, 'and nothing changed');
});
