import t, { type Test } from 'tap';
import { WhatsAppAdapter } from '../../adapters/whatsapp/index.js';
import { InboundMediaCopier } from '../../admin-api/wiring/inbound-media.js';
import { MediaFile, type InboundEvent, type MediaInbound } from '../../core/index.js';
import { buildApp } from '../helpers/campanile.js';
import { FakeGraphApi } from '../fakes/whatsapp/fake-graph-api.js';
import { payload, signedHeaders } from '../fakes/whatsapp/webhooks.js';

const secrets = { token: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 1, 2, 3, 4]);
const OGG = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0x00, 0x02, 9, 9, 9]);

async function setup(t: Test) {
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId });
  const copier = new InboundMediaCopier();
  const whatsapp = new WhatsAppAdapter({ ...secrets, apiRoot: graph.apiRoot, mediaSink: copier.sink });
  const built = await buildApp(t, { adapters: [{ adapter: whatsapp, tenant: 'esempio' }] });
  const lines: string[] = [];
  copier.bind(built.app, { warn: (_o: unknown, msg?: string) => void lines.push(`WARN ${msg}`), info: (_o: unknown, msg?: string) => void lines.push(`INFO ${msg}`) } as never);
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

t.test('an inbound WhatsApp image is copied at once into the tenant media store; fetch reads the copy after the URL expired', async (t) => {
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

t.test('audio the media store refuses is logged, never crashes; fetch still gives the downloaded bytes', async (t) => {
  const { graph, receive, downloads, lines, until } = await setup(t);
  const mediaId = graph.addInboundMedia(OGG, 'audio/ogg');
  const event = await receive(payload('image', (m) => {
    delete m.image;
    m.type = 'audio';
    m.audio = { mime_type: 'audio/ogg; codecs=opus', id: mediaId, voice: true };
  }));
  t.equal(event.media.kind, 'audio');
  await until(() => lines.some((l) => l.startsWith('WARN')));
  t.match(lines.find((l) => l.startsWith('WARN')), /^WARN inbound media not kept in the media store: Unsupported file type/);
  graph.advance(6 * 60_000);
  t.same([...(await event.media.fetch())], [...OGG], 'bytes downloaded in time are still there');
  t.equal(downloads(), 1);
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
