import Fastify from 'fastify';
import t from 'tap';
import { webchatChannel, type ServerFrame } from '../../adapters/webchat/index.js';
import app from '../../admin-api/app.js';
import { runAdapterConformance, type ReceivedMessage } from '../../core/testing/index.js';
import { buildApp } from '../helpers/campanile.js';
import { TEST_SECRET, WebchatClient } from '../helpers/webchat.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
// The web chat is Campanile's own server: no channel between it and the tab refuses or throttles a send.
const OWN_SERVER = 'the web chat stores and pushes on our own server: only a database failure makes a send transient or throttled';

/** One open tab: its socket, its session (the conversation's chatId) and token. */
interface Tab { readonly client: WebchatClient; readonly session: string; readonly token: string }
/** A frame the tab sent, to send again. */
interface SentFrame { readonly tab: Tab; readonly frame: Record<string, unknown> & { id: string } }

let base = '';
let tenant = '';
let nextId = 1;
const received: ReceivedMessage[] = [];
const clientId = () => `conf${String(nextId++).padStart(8, '0')}`;

/** Sends a frame and resolves once the server acknowledged it. */
async function send(tab: Tab, frame: SentFrame['frame']): Promise<SentFrame> {
  tab.client.send(frame);
  await tab.client.next('ack', (ack) => ack.id === frame.id);
  return { tab, frame };
}

function toReceived(session: string, frame: ServerFrame): ReceivedMessage | undefined {
  if (frame.t !== 'message' || frame.entry.dir !== 'out') return undefined;
  const body = frame.entry.body;
  return {
    chat: session,
    text: (body.text ?? body.attachment?.caption ?? []).map((s) => s.text).join(''),
    buttons: (body.choices ?? []).map((c) => ({ label: c.label, data: c.payload })),
    ...(body.attachment && (body.attachment.kind === 'image' || body.attachment.kind === 'document') ? { media: { kind: body.attachment.kind } } : {}),
  };
}

await runAdapterConformance(t, webchatChannel, {
  async setup(_t, factory, context) {
    tenant = context.defaultTenant.slug;
    const bound = factory.fromEnv({ WEBCHAT_SECRET: TEST_SECRET }, context)!;
    return {
      bound,
      async person() {
        const client = await WebchatClient.open({ base }, tenant);
        t.teardown(() => client.close());
        const welcome = await client.hello();
        client.socket.on('message', (data) => {
          const got = toReceived(welcome.session, JSON.parse(data.toString()) as ServerFrame);
          if (got) received.push(got);
        });
        return { client, session: welcome.session, token: welcome.token };
      },
      pushText: (tab: Tab, text) => send(tab, { t: 'msg', id: clientId(), text }),
      // A tab resends what was not acknowledged before a reconnect: the same client id.
      redeliver: async (sent: SentFrame) => void (await send(sent.tab, sent.frame)),
      pressButton: async (tab, message, index) => void (await send(tab, { t: 'button', id: clientId(), payload: message.buttons[index]!.data })),
      async pushMedia(tab) {
        const response = await fetch(`${base}/chat/${tenant}/upload`, {
          method: 'POST', body: PNG,
          headers: { authorization: `Bearer ${tab.token}`, 'content-type': 'image/png', 'x-client-id': clientId(), 'x-file-name': 'foto.png' },
        });
        if (response.status !== 200) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
      },
      received: () => received,
      failNext: {
        permanent: (ref) => ({ ...ref, tenant: 'nessun-comune' }),
        // A session that never wrote: nobody to show it to.
        'recipient-gone': (ref) => ({ ...ref, chatId: 'nobody-wrote-from-this-session' }),
      },
      cannot: { 'rate-limited': OWN_SERVER, transient: OWN_SERVER },
    };
  },
  async app(_t, options) {
    const built = await buildApp(t, { modules: options.modules, adapters: [...options.adapters] });
    const fastify = Fastify({ logger: false });
    await fastify.register(app, { campanile: built.app });
    await fastify.listen({ host: '127.0.0.1', port: 0 });
    t.teardown(() => fastify.close());
    const address = fastify.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return built.app;
  },
});
