import { postWebhook, runAdapterConformance, type ConformanceHarness, type ConformanceTap, type ReceivedMessage } from 'campanile/testing';
import messengerChannel from './index.js';
import type { MsMessaging } from './mapping.js';
import { FAKE_REFUSALS, pageWebhook, startFakeMessenger, type FakeSend } from './fake-messenger-api.js';
import { signBody } from './webhook-signature.js';

export { FAKE_REFUSALS, pageWebhook, startFakeMessenger, type FakeMessenger, type FakeRefusal, type FakeSend } from './fake-messenger-api.js';

type App = Parameters<typeof postWebhook>[0];
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** What the fake got, as the kit reads it: the text, quick replies or template buttons, the attachment. */
export function receivedOf(send: FakeSend): ReceivedMessage {
  const message = send.message as {
    text?: string;
    quick_replies?: { title: string; payload: string }[];
    attachment?: { type: string; payload?: { text?: string; buttons?: { title: string; payload: string }[] } };
  };
  const template = message.attachment?.type === 'template' ? message.attachment.payload : undefined;
  const buttons = (message.quick_replies ?? template?.buttons ?? []).map((b) => ({ label: b.title, data: b.payload }));
  const kind = message.attachment?.type === 'image' ? 'image' : message.attachment?.type === 'file' ? 'document' : undefined;
  return { chat: send.recipient, text: message.text ?? template?.text ?? '', buttons, ...(kind ? { media: { kind } } : {}) };
}

/**
 * The conformance kit on this package, against the fake Graph API it ships: `await runMessengerConformance(t)`
 * in a tap test. The kit runs its own Campanile on an in-memory SQLite unless `app` is given.
 *
 * @example
 * import t from 'tap';
 * import { runMessengerConformance } from '@campanile/adapter-messenger/conformance';
 * await runMessengerConformance(t);
 */
export async function runMessengerConformance(t: ConformanceTap, options: Pick<ConformanceHarness, 'app'> = {}): Promise<void> {
  await runAdapterConformance<string, MsMessaging>(t, messengerChannel, {
    ...options,
    async setup(t, factory, context) {
      const secrets = { pageId: '100200300', pageAccessToken: 'page-token-for-conformance', appSecret: 'app-secret-for-conformance', verifyToken: 'verify-me' };
      const fake = await startFakeMessenger(secrets);
      t.teardown(() => fake.close());
      const tenant = context.defaultTenant.slug;
      const bound = factory.fromEnv({
        MESSENGER_PAGE_ID: secrets.pageId, MESSENGER_PAGE_TOKEN: secrets.pageAccessToken, MESSENGER_APP_SECRET: secrets.appSecret,
        MESSENGER_VERIFY_TOKEN: secrets.verifyToken, MESSENGER_API_ROOT: fake.apiRoot,
      }, context);
      if (!bound) throw new Error('the messenger factory made no adapter from MESSENGER_*');
      let app: App | undefined;
      let next = 1;
      const post = async (item: MsMessaging) => {
        if (!app) throw new Error('the app is not running yet');
        const raw = JSON.stringify(pageWebhook(secrets.pageId, [item]));
        const response = await postWebhook(app, { path: `/webhooks/messenger/${tenant}`, headers: { 'x-hub-signature-256': signBody(raw, secrets.appSecret), 'content-type': 'application/json' }, body: raw });
        if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
        return item;
      };
      const from = (psid: string) => ({ sender: { id: psid }, recipient: { id: secrets.pageId }, timestamp: Date.now() });
      return {
        bound,
        started: (running) => void (app = running),
        person: async (index) => `psid-${index}`,
        pushText: (psid, text) => post({ ...from(psid), message: { mid: `m_in${next++}`, text } }),
        // Meta retries a webhook it got no 200 for: the same body, the same mid.
        redeliver: async (item) => void (await post(item)),
        // Up to 3 buttons ride in a button template (a postback), more as quick replies.
        pressButton: async (psid, message, index) => {
          const button = message.buttons[index]!;
          await post(message.buttons.length <= 3
            ? { ...from(psid), postback: { mid: `m_pb${next++}`, title: button.label, payload: button.data } }
            : { ...from(psid), message: { mid: `m_in${next++}`, text: button.label, quick_reply: { payload: button.data } } });
        },
        pushMedia: async (psid) => void (await post({ ...from(psid), message: { mid: `m_in${next++}`, attachments: [{ type: 'image', payload: { url: fake.addInboundMedia(PNG, 'image/png', 'photo.png') } }] } })),
        received: () => fake.sent.map(receivedOf),
        failNext: {
          'rate-limited': (ref) => fake.refuseNext(ref.chatId, FAKE_REFUSALS['rate-limited']),
          transient: (ref) => fake.refuseNext(ref.chatId, FAKE_REFUSALS.transient),
          permanent: (ref) => fake.refuseNext(ref.chatId, FAKE_REFUSALS.permanent),
          'recipient-gone': (ref) => fake.refuseNext(ref.chatId, FAKE_REFUSALS['recipient-gone']),
          'window-closed': (ref) => fake.refuseNext(ref.chatId, FAKE_REFUSALS['window-closed']),
        },
      };
    },
  });
}
