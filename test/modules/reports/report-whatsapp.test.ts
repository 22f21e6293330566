/**
 * A report made on WhatsApp: Meta-shaped webhook bodies (the fake's recorded payloads: text, list and
 * button replies, location, image, video), signed and POSTed to the real webhook route; the photo and the
 * video are fetched from the fake Graph API (`GET /{media-id}`, then the download URL) by the adapter.
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import t from 'tap';
import { WhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import adminApi from '../../../admin-api/app.js';
import { MediaFile } from '../../../core/internal.js';
import { baseModule } from '../../../modules/base/index.js';
import { Report, ReportDraft, reportsModule } from '../../../modules/reports/index.js';
import { buildApp } from '../../helpers/campanile.js';
import { jpeg, mp4 } from '../../helpers/report-inbound.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';
import { payload, signedHeaders } from '../../fakes/whatsapp/webhooks.js';

const secrets = { token: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };

interface SentBody { text?: { body: string }; interactive?: { type: string; body?: { text: string }; action: { buttons?: { reply: { id: string; title: string } }[]; sections?: { rows: { id: string; title: string }[] }[] } } }

t.test('WhatsApp: location + photo + video webhooks make a report through /segnala', async (t) => {
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId });
  const whatsapp = new WhatsAppAdapter({ ...secrets, apiRoot: graph.apiRoot });
  const { app, tenant } = await buildApp(t, { modules: [baseModule, reportsModule], adapters: [{ adapter: whatsapp }] });
  const fastify = Fastify();
  await fastify.register(adminApi, { campanile: app });
  t.teardown(() => fastify.close());
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  let counter = 0;

  /** POSTs one signed webhook, waits for the engine, and returns the texts the bot sent for it. */
  const post = async (body: Record<string, unknown>): Promise<string> => {
    const before = graph.sent.length;
    const raw = JSON.stringify(body);
    const response = await fastify.inject({ method: 'POST', url: `/webhooks/whatsapp/${tenant}`, payload: raw, headers: signedHeaders(raw, secrets.appSecret) });
    t.equal(response.statusCode, 200, 'the webhook is acknowledged');
    await app.engine.drain();
    return graph.sent.slice(before).map((s) => {
      const sent = s.body as SentBody;
      return sent.text?.body ?? sent.interactive?.body?.text ?? '';
    }).join('\n');
  };
  const say = (text: string) => post(payload('text', (m) => { m.id = `wamid.r${++counter}`; m.text.body = text; }));
  /** Answers the last interactive message by the title of one of its buttons or list rows, as WhatsApp does. */
  const choose = (title: RegExp) => {
    const last = [...graph.sent].reverse().find((s) => (s.body as SentBody).interactive)?.body as SentBody | undefined;
    const interactive = last?.interactive;
    const options = interactive?.action.buttons?.map((b) => b.reply) ?? interactive?.action.sections?.flatMap((s) => s.rows) ?? [];
    const option = options.find((o) => title.test(o.title));
    if (!interactive || !option) throw new Error(`no option ${title} in ${JSON.stringify(options)}`);
    return post(payload('button-reply', (m) => {
      m.id = `wamid.r${++counter}`;
      m.interactive = interactive.type === 'list' ? { type: 'list_reply', list_reply: option } : { type: 'button_reply', button_reply: option };
    }));
  };
  /** A photo or video the person sends: the bytes live on the fake Graph API, the webhook carries the id. */
  const sendMedia = (kind: 'image' | 'video', bytes: Uint8Array, mimeType: string) => {
    const id = graph.addInboundMedia(bytes, mimeType);
    return post(payload(kind, (m) => {
      m.id = `wamid.r${++counter}`;
      m[kind] = { ...m[kind], id, mime_type: mimeType, sha256: createHash('sha256').update(bytes).digest('hex') };
    }));
  };

  t.match(await say('/segnala'), /Nuova segnalazione/, 'the dialog starts with the category');
  t.match(await choose(/Strade e marciapiedi/), /Descrivi il problema/, 'a category picked from the list');
  t.match(await say('Buca profonda davanti al civico 12'), /Dove si trova/);
  t.match(await post(payload('location', (m) => { m.id = `wamid.r${++counter}`; m.location = { latitude: 45.0703, longitude: 7.6869 }; })), /foto o un video/, 'the shared location');
  t.match(await sendMedia('image', jpeg(7), 'image/jpeg'), /Ricevuto \(1 di 5\)/, 'the photo is kept');
  t.match(await sendMedia('video', mp4(7), 'video/mp4'), /Ricevuto \(2 di 5\)/, 'the video is kept');
  t.match(await choose(/^Fatto$/), /Riepilogo[\s\S]*Strade e marciapiedi[\s\S]*45\.07030, 7\.68690[\s\S]*Foto e video: 2/, 'done with the files: the summary');
  t.equal(await em().count(Report, {}), 0, 'nothing stored before the confirmation');
  t.match(await choose(/^Invia$/), /S-\d{4}-00001/, 'confirmed: the public code is said');

  const report = await em().findOneOrFail(Report, {});
  t.match(report, { category: 'strade', description: 'Buca profonda davanti al civico 12', latitude: 45.0703, longitude: 7.6869, status: 'new', source: 'chat', channel: 'whatsapp' });
  t.same(report.media.map((m) => [m.kind, m.mimeType]), [['photo', 'image/jpeg'], ['video', 'video/mp4']], 'the photo and the video on the report');
  t.equal(await em().count(MediaFile, { hash: { $in: report.media.map((m) => m.id) } }, { filters: false }), 2, 'both files in the media library');
  t.equal(await em().count(ReportDraft, {}), 0, 'the draft is gone');
});
