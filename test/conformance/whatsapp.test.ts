import t from 'tap';
import { whatsAppChannel } from '../../adapters/whatsapp/index.js';
import { postWebhook, runAdapterConformance, type ReceivedMessage } from '../../core/testing/index.js';
import { conformanceTestApp } from '../helpers/conformance-app.js';
import { FakeGraphApi, type FakeSentMessage } from '../fakes/whatsapp/fake-graph-api.js';
import { payload, signedHeaders, type PayloadName } from '../fakes/whatsapp/webhooks.js';

const secrets = { accessToken: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
let graph: FakeGraphApi;
let post: (body: Record<string, unknown>) => Promise<void> = async () => undefined;
let nextId = 1;

/** A recorded webhook body from `chat` (a phone number), with a fresh message id. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function from(chat: string, name: PayloadName, edit: (message: any) => void): Record<string, unknown> {
  return payload(name, (message, value) => {
    message.from = chat;
    message.id = `wamid.conformance.${nextId++}`;
    value.contacts[0].wa_id = chat;
    value.contacts[0].user_id = `IT.${chat}`;
    edit(message);
  });
}

/** What the fake Graph API got, as the kit reads it: text, reply buttons or list rows, media. */
function received(sent: FakeSentMessage): ReceivedMessage {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const body = sent.body as any;
  const interactive = body.interactive;
  const buttons = interactive?.action?.buttons?.map((b: { reply: { id: string; title: string } }) => ({ label: b.reply.title, data: b.reply.id }))
    ?? interactive?.action?.sections?.flatMap((s: { rows: { id: string; title: string }[] }) => s.rows.map((r) => ({ label: r.title, data: r.id })))
    ?? [];
  return {
    chat: sent.to ?? sent.recipient ?? '',
    text: body.text?.body ?? interactive?.body?.text ?? body.image?.caption ?? body.document?.caption ?? '',
    buttons,
    ...(sent.type === 'image' || sent.type === 'document' ? { media: { kind: sent.type } } : {}),
  };
}

await runAdapterConformance(t, whatsAppChannel, {
  async setup(_t, factory, context) {
    graph = await FakeGraphApi.start(t, { token: secrets.accessToken, phoneNumberId: secrets.phoneNumberId });
    const tenant = context.defaultTenant.slug;
    const adapter = factory.fromAccount!({ tenant, name: 'default', config: secrets }, { ...context, env: { WHATSAPP_API_ROOT: graph.apiRoot } });
    return {
      bound: { adapter, tenant },
      person: async (index) => `39333${String(1_000_000 + index)}`,
      pushText: async (chat: string, text) => {
        const body = from(chat, 'text', (m) => { m.text.body = text; });
        await post(body);
        return body;
      },
      // Meta retries a webhook it got no 200 for: the same body, the same message id.
      redeliver: (body: Record<string, unknown>) => post(body),
      pressButton: (chat, message, index) => post(from(chat, 'button-reply', (m) => {
        m.interactive.button_reply = { id: message.buttons[index]!.data, title: message.buttons[index]!.label };
      })),
      pushMedia: (chat) => post(from(chat, 'image', (m) => { m.image.id = graph.addInboundMedia(PNG, 'image/png'); m.image.mime_type = 'image/png'; })),
      received: () => graph.sent.map(received),
      // Meta's POSTs go through the door the HTTP server uses (`routeTable.dispatch`), signed as Meta signs.
      started(app) {
        post = async (body) => {
          const raw = JSON.stringify(body);
          const response = await postWebhook(app, { path: `/webhooks/whatsapp/${tenant}`, headers: signedHeaders(raw, secrets.appSecret), body: raw });
          if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
        };
      },
      failNext: {
        'rate-limited': () => graph.failNext({ code: 130429 }),
        transient: () => graph.failNext({ code: 131000 }),
        permanent: () => graph.failNext({ code: 131051 }),
        'recipient-gone': () => graph.failNext({ code: 131026 }),
        'window-closed': () => graph.failNext({ code: 131047 }),
      },
    };
  },
  app: conformanceTestApp(t),
});
