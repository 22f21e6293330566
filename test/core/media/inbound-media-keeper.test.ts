import { randomBytes } from 'node:crypto';
import t, { type Test } from 'tap';
import { pino } from 'pino';
import { WhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import { ChannelIdentity, MediaFile, type InboundEvent, type MediaInbound } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';
import { payload, signedHeaders } from '../../fakes/whatsapp/webhooks.js';

const secrets = { token: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 1, 2, 3, 4]);
const OGG = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0x00, 0x02, 9, 9, 9]);
/** An MP4 video's first box: `ftyp` at offset 4, brand isom. */
const MP4 = new Uint8Array([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, 0, 0, 2, 0, 7, 7, 7]);
/** A Windows executable sent as a "voice note". */
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]);

async function setup(t: Test) {
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId });
  const whatsapp = new WhatsAppAdapter({ ...secrets, apiRoot: graph.apiRoot });
  // What core's media keeper (runtime.media) logs, as "LEVEL message".
  const lines: string[] = [];
  const log = pino({ level: 'info' }, {
    write: (line: string) => {
      const entry = JSON.parse(line) as { level: number; msg: string; component?: string };
      if (entry.component === 'inbound-media') lines.push(`${entry.level >= 40 ? 'WARN' : 'INFO'} ${entry.msg}`);
    },
  });
  const built = await buildApp(t, { adapters: [{ adapter: whatsapp, tenant: 'esempio' }], log });
  /** Hands a signed webhook to the adapter, as the HTTP server does, and returns its media event. */
  const receive = async (body: Record<string, unknown>) => {
    const raw = JSON.stringify(body);
    const receipt = await whatsapp.receive({ method: 'POST', params: { tenant: built.tenant }, query: {}, headers: signedHeaders(raw, secrets.appSecret), rawBody: new TextEncoder().encode(raw) });
    t.equal(receipt.response.status, 200);
    const event = receipt.events.find((e): e is MediaInbound => e.type === 'message' && (e as InboundEvent & { kind?: string }).kind === 'media');
    if (!event) throw new Error('no media event');
    return event;
  };
  const downloads = () => graph.requests.filter((r) => r.path.startsWith('/download/')).length;
  const until = async (check: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  };
  return { ...built, graph, whatsapp, receive, downloads, lines, until };
}

t.test('an inbound WhatsApp image is copied at once (runtime.media) into the tenant media store; fetch reads the copy after the URL expired', async (t) => {
  const { app, graph, receive, downloads, lines, until } = await setup(t);
  const mediaId = graph.addInboundMedia(JPEG, 'image/jpeg');
  const event = await receive(payload('image', (m) => { m.image.id = mediaId; }));
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  // Nobody asked for the file: the copy is made anyway, within the URL's validity.
  await until(async () => (await em().count(MediaFile, {})) === 1);
  t.equal(downloads(), 1, 'downloaded once, at once');
  const row = await em().findOneOrFail(MediaFile, {});
  t.equal(row.mimeType, 'image/jpeg');
  t.same([...(await app.notifications.media.store.read(row.hash))], [...JPEG], 'the stored copy holds the bytes');
  t.ok(await app.notifications.media.get(app.defaultTenant.id, row.hash), 'in the tenant media library');

  graph.advance(6 * 60_000); // the Graph URL has expired
  t.same([...(await event.media.fetch())], [...JPEG], 'the event reads the stored copy');
  t.same([...(await event.media.fetch())], [...JPEG]);
  t.equal(downloads(), 1, 'no second download from the Graph API');
  t.ok(lines.some((l) => l === 'INFO inbound media copied into the media store'));
});

t.test('a voice note and a video are kept in the media store; the events read the stored copies', async (t) => {
  const { app, graph, receive, downloads, lines, until } = await setup(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  const voice = await receive(payload('audio', (m) => { m.audio.id = graph.addInboundMedia(OGG, 'audio/ogg'); }));
  const video = await receive(payload('video', (m) => { m.video.id = graph.addInboundMedia(MP4, 'video/mp4'); }));
  t.same([voice.media.kind, video.media.kind], ['audio', 'video']);
  await until(async () => (await em().count(MediaFile, {})) === 2);
  const rows = await em().find(MediaFile, {}, { orderBy: { mimeType: 'asc' } });
  t.same(rows.map((r) => [r.mimeType, r.size, r.senderChat]), [
    ['audio/ogg', OGG.byteLength, 'whatsapp/default/IT.13491208655302741918'],
    ['video/mp4', MP4.byteLength, 'whatsapp/default/IT.13491208655302741918'],
  ], 'recorded with the chat they came from (for erasure)');
  t.same([...(await app.notifications.media.store.read(rows[0]!.hash))], [...OGG], 'the voice note’s bytes are in the store');

  graph.advance(6 * 60_000); // the Graph URLs have expired
  t.same([...(await voice.media.fetch())], [...OGG], 'the event reads the stored voice note');
  t.same([...(await video.media.fetch())], [...MP4], 'and the stored video');
  t.equal(downloads(), 2, 'each downloaded once, at once');
  t.equal(lines.filter((l) => l === 'INFO inbound media copied into the media store').length, 2);
});

t.test('a disguised or oversize file is refused with a log line; the turn still runs', async (t) => {
  const { app, graph, receive, lines, until } = await setup(t);
  const turns: string[] = [];
  app.engine.events.on('turn:done', (done) => turns.push(done.outcome));
  const disguised = await receive(payload('audio', (m) => { m.audio.id = graph.addInboundMedia(EXE, 'audio/ogg'); }));
  await until(() => lines.some((l) => l.startsWith('WARN')));
  t.match(lines.find((l) => l.startsWith('WARN')), /^WARN inbound media not kept in the media store: Unsupported file type received \(declared audio\/ogg\)/);
  const big = new Uint8Array(16 * 1024 * 1024 + 1);
  big.set(MP4);
  const oversize = await receive(payload('video', (m) => { m.video.id = graph.addInboundMedia(big, 'video/mp4'); }));
  await until(() => lines.filter((l) => l.startsWith('WARN')).length === 2);
  t.match(lines.filter((l) => l.startsWith('WARN'))[1], /not kept in the media store: The file received is 16\.0 MB; video\/mp4 files are kept up to 16\.0 MB/);
  t.equal(await app.services.tenants.scopedEm(app.defaultTenant.id).count(MediaFile, {}), 0, 'nothing kept');

  for (const event of [disguised, oversize]) await app.engine.handle(event);
  t.same(turns, ['handled', 'handled'], 'both turns ran to the end');
  t.ok(graph.sent.length >= 2, 'and the person got an answer each time');
  t.equal((await oversize.media.fetch()).byteLength, big.byteLength, 'the turn can still read the bytes downloaded in time');
});

t.test('erasing the person deletes the files they sent, rows and bytes', async (t) => {
  const { app, graph, receive, until } = await setup(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  // Bytes of its own: the media store's folder is shared, and this test deletes them.
  const bytes = Uint8Array.from([...OGG, ...randomBytes(16)]);
  const voice = await receive(payload('audio', (m) => { m.audio.id = graph.addInboundMedia(bytes, 'audio/ogg'); }));
  await until(async () => (await em().count(MediaFile, {})) === 1);
  await app.engine.handle(voice); // the turn creates the person
  const notice = await app.notifications.media.upload(app.defaultTenant.id, JPEG, 'image/jpeg', 'allerta.jpg');
  const hash = (await em().findOneOrFail(MediaFile, { mimeType: 'audio/ogg' })).hash;
  const identity = await em().findOneOrFail(ChannelIdentity, { channel: 'whatsapp' });
  await app.services.people.erase(em(), identity.person.id);
  t.same((await em().find(MediaFile, {})).map((r) => r.hash), [notice.id], 'only the comune’s own upload is left');
  t.equal(await app.notifications.media.store.get(hash), null, 'the voice note’s bytes are gone');
  await t.rejects(voice.media.fetch(), { code: 'MEDIA_NOT_FOUND' }, 'the stored copy is no more');
});

t.test('a media id the Graph API does not know: the copy fails, is logged, and fetch reports the error', async (t) => {
  const { receive, until, app } = await setup(t);
  const errors: unknown[] = [];
  const event = await receive(payload('image', (m) => { m.image.id = '999'; }));
  await event.media.fetch().catch((error: unknown) => errors.push(error));
  await until(() => errors.length > 0);
  t.equal(errors.length, 1, 'fetch rejects; nothing crashed');
  t.equal(await app.services.tenants.scopedEm(app.defaultTenant.id).count(MediaFile, {}), 0);
});
