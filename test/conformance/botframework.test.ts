import t from 'tap';
import { botframeworkChannel, HERO_CARD, type BotFrameworkActivity } from '../../adapters/botframework/index.js';
import { postWebhook, runAdapterConformance, type ReceivedMessage } from '../../core/testing/index.js';
import { conformanceTestApp } from '../helpers/conformance-app.js';
import { FakeBotConnector, type FakeSentActivity } from '../fakes/botframework/fake-bot-connector.js';

const APP = { appId: 'conformance-app-id', appPassword: 'conformance-password' };
// A 1×1 PNG: the inbound media policy recognises images from their bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
let connector: FakeBotConnector;
let post: (activity: BotFrameworkActivity) => Promise<void> = async () => undefined;

/** What the fake connector got, as the kit reads it: text, hero card buttons, an inline file. */
function received(sent: FakeSentActivity): ReceivedMessage {
  const attachments: { contentType: string; content?: { buttons?: { title: string; value: { payload: string } }[] } }[] = sent.activity.attachments ?? [];
  const cards = attachments.filter((a) => a.contentType === HERO_CARD);
  const file = attachments.find((a) => a.contentType !== HERO_CARD);
  return {
    chat: sent.conversationId,
    text: sent.activity.text ?? '',
    buttons: cards.flatMap((card) => card.content?.buttons ?? []).map((b) => ({ label: b.title, data: b.value.payload })),
    ...(file ? { media: { kind: file.contentType.startsWith('image/') ? 'image' as const : 'document' as const } } : {}),
  };
}

await runAdapterConformance(t, botframeworkChannel, {
  async setup(_t, factory, context) {
    connector = await FakeBotConnector.start(t, APP);
    const tenant = context.defaultTenant.slug;
    const env = { BOTFRAMEWORK_OPENID_METADATA_URL: connector.openIdMetadataUrl, BOTFRAMEWORK_TOKEN_URL: connector.tokenUrl };
    const adapter = factory.fromAccount!({ tenant, name: 'default', config: APP }, { ...context, env });
    const user = (chat: string) => `29:${chat}`;
    return {
      bound: { adapter, tenant },
      person: async (index) => `a:conversation-${index}`,
      pushText: async (chat: string, text) => {
        const activity = connector.activity(chat, user(chat), { text });
        await post(activity);
        return activity;
      },
      pushMedia: async (chat) => {
        await post(connector.activity(chat, user(chat), { attachments: [{ contentType: 'image/png', contentUrl: connector.addFile(PNG, 'image/png'), name: 'foto.png' }] }));
      },
      // The connector retries an Activity it got no 200 for: the same body, the same activity id.
      redeliver: (activity: BotFrameworkActivity) => post(activity),
      pressButton: (chat, message, index) => post(connector.activity(chat, user(chat), { text: message.buttons[index]!.data, value: { payload: message.buttons[index]!.data } })),
      received: () => connector.sent.map(received),
      // The connector's POSTs go through the door the HTTP server uses, each with a freshly signed token.
      started(app) {
        post = async (activity) => {
          const response = await postWebhook(app, { path: `/webhooks/botframework/${tenant}`, headers: { authorization: `Bearer ${connector.sign()}` }, body: JSON.stringify(activity) });
          if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
        };
      },
      failNext: {
        'rate-limited': () => connector.failNext(429, { 'retry-after': '1' }),
        transient: () => connector.failNext(500),
        permanent: () => connector.failNext(400, {}, { error: { code: 'BadArgument', message: 'Invalid activity' } }),
        'recipient-gone': () => connector.failNext(404, {}, { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } }),
      },
    };
  },
  app: conformanceTestApp(t),
});
