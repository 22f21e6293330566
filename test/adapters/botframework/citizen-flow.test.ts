import t from 'tap';
import { BotFrameworkAdapter, HERO_CARD, type BotFrameworkActivity } from '../../../adapters/botframework/index.js';
import { Category, ChannelIdentity, Subscription } from '../../../core/internal.js';
import { postWebhook } from '../../../core/testing/index.js';
import { buildApp } from '../../helpers/campanile.js';
import { FakeBotConnector } from '../../fakes/botframework/fake-bot-connector.js';

const APP = { appId: 'citizen-flow-app', appPassword: 'citizen-flow-pw' };
const CONVERSATION = 'a:personal-maria';
const USER = '29:maria';

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

t.test('Teams: the bot is added → welcome and categories; a card button subscribes; a notice reaches the person proactively', async (t) => {
  const fake = await FakeBotConnector.start(t, APP);
  const bot = new BotFrameworkAdapter({ ...APP, tenant: 'esempio', openIdMetadataUrl: fake.openIdMetadataUrl, tokenUrl: fake.tokenUrl });
  const { app, tenant } = await buildApp(t, { adapters: [{ adapter: bot, tenant: 'esempio' }] });
  const post = async (activity: BotFrameworkActivity) => {
    const response = await postWebhook(app, { path: `/webhooks/botframework/${tenant}`, headers: { authorization: `Bearer ${fake.sign()}` }, body: JSON.stringify(activity) });
    t.equal(response.status, 200, `${activity.type} accepted`);
  };
  const buttonsOf = (index: number) => ((fake.sent[index]?.activity.attachments ?? []) as { contentType: string; content: { buttons: { title: string; value: { payload: string } }[] } }[])
    .filter((a) => a.contentType === HERO_CARD).flatMap((a) => a.content.buttons);

  // Installing the bot in Teams: a conversationUpdate with the person among membersAdded is the /start.
  await post(fake.activity(CONVERSATION, USER, { type: 'conversationUpdate', id: undefined, text: undefined, membersAdded: [{ id: `28:${APP.appId}`, name: 'Campanile' }, { id: USER, name: 'Maria Rossi' }] }));
  const withButtons = await until(() => { const i = fake.sent.findIndex((_, index) => buttonsOf(index).some((b) => /Eventi/.test(b.title))); return i >= 0 ? i : undefined; }, 'the categories menu');
  t.match(fake.sent.map((s) => s.activity.text).join('\n'), /Comune di Esempio/, 'the welcome names the comune');
  const eventi = buttonsOf(withButtons).find((b) => /Eventi/.test(b.title));
  t.ok(eventi, 'an Eventi button on the hero card');

  // The person presses it: Teams posts a messageBack with the value.
  const before = fake.sent.length;
  await post(fake.activity(CONVERSATION, USER, { text: eventi!.value.payload, value: { payload: eventi!.value.payload } }));
  await until(() => (fake.sent.length > before ? true : undefined), 'the subscription answer');
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  const category = await em().findOneOrFail(Category, { key: 'eventi' });
  t.equal(await em().count(Subscription, { category: category.id }), 1, 'subscribed to Eventi');

  // A notice from the back office goes out proactively to the stored serviceUrl, with a bot token.
  const sentBefore = fake.sent.length;
  const notice = await app.notifications.notices.create(app.defaultTenant, { categoryKey: 'eventi', title: 'Sagra del paese', text: 'Sabato in piazza dalle 18.' });
  await app.notifications.notices.send(app.defaultTenant, notice.id);
  const delivered = await until(() => fake.sent.slice(sentBefore).find((s) => /Sagra del paese/.test(s.activity.text ?? '')), 'the notice', 10_000);
  t.equal(delivered.conversationId, CONVERSATION);
  t.match(delivered.activity, { recipient: { id: USER }, from: { id: `28:${APP.appId}` } });
  t.equal(fake.unauthorized, 0, 'every send carried a valid token');

  // Erasure (/cancella, or the admin API) also removes the conversation reference the adapter stored.
  const rows = () => app.db.em.getKnex()('module_state').where('module', 'like', 'adapter:botframework:%').select('key');
  t.ok((await rows()).some((r: { key: string }) => r.key === `ref:${CONVERSATION}`), 'the reference is stored durably');
  const identity = await em().findOneOrFail(ChannelIdentity, { channel: 'botframework', externalId: CONVERSATION });
  await app.services.people.erase(em(), identity.person.id);
  let left = true;
  for (let i = 0; i < 200 && left; i++) {
    left = (await rows()).some((r: { key: string }) => r.key === `ref:${CONVERSATION}`);
    if (left) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  t.notOk(left, 'gone after erasure');
});
