import t from 'tap';
import { ChannelIdentity, plain, type ChannelEvent, type ConversationRef, type DeliveryResult } from '../../../core/internal.js';
import { classifyTelegramError } from '../../../adapters/telegram/index.js';
import { startUpdate, textUpdate } from '../../fakes/telegram/index.js';
import { CITIZEN, identityOf, telegramApp, waitTurns } from './telegram-app.js';

const ref = (chatId: number): ConversationRef => ({ tenant: 'esempio', channel: 'telegram', account: 'default', chatId: String(chatId) });

t.test("a turn's replies keep the chat's 1 s spacing: no 429, every message, in order", async (t) => {
  // Telegram's real limits: 1 message/s per chat. The replies go through the bot's outbox lane, which
  // spaces them per chat, so /start's second reply waits instead of meeting a 429.
  const { fake, app, turns } = await telegramApp(t);
  const results: DeliveryResult[] = [];
  app.engine.events.on('reply:result', ({ result }) => results.push(result));
  fake.pushUpdate(startUpdate());
  await waitTurns(app, turns, 1);
  t.equal(fake.stats().count429, 0, 'no 429');
  t.same(results.map((r) => r.status), ['delivered', 'delivered'], 'both replies delivered');
  const [first, second] = fake.sentMessages;
  t.ok(second!.at - first!.at >= 1000, 'the second one waited for the chat');
});

t.test('a 429 on a reply pauses the lane and the reply is sent after retry_after, not lost', async (t) => {
  const { fake, app, turns } = await telegramApp(t, { fake: { limits: false } });
  fake.failNext('sendMessage', 1, { status: 429, description: 'Too Many Requests: retry after 1' });
  const paused = app.notifications.events.once('lane:paused');
  fake.pushUpdate(startUpdate());
  await waitTurns(app, turns, 1);
  const [pause] = await paused;
  t.ok(pause.ms > 0, `the whole lane paused (${pause.ms} ms)`);
  t.equal(fake.sentMessages.length, 2, 'both replies arrived');
  t.same(
    (await app.db.em.getKnex()('delivery').where('kind', 'reply').select('state')).map((r: { state: string }) => r.state),
    ['sent', 'sent'],
  );
});

t.test('a bulk send hears about 429 at once (the outbox pauses its lane)', async (t) => {
  const { fake, telegram } = await telegramApp(t);
  fake.chats.add(CITIZEN);
  t.equal((await telegram.send(ref(CITIZEN), { text: plain('uno'), bulk: true })).status, 'delivered');
  const started = Date.now();
  t.same(await telegram.send(ref(CITIZEN), { text: plain('due'), bulk: true }), { status: 'rate-limited', retryAfterMs: 1000 });
  t.ok(Date.now() - started < 900, 'no waiting inside the adapter');
});

t.test('403 blocked deactivates the identity when the comune writes', async (t) => {
  const { fake, app, turns } = await telegramApp(t, { fake: { limits: false } });
  fake.pushUpdate(startUpdate());
  await waitTurns(app, turns, 1);
  const identity = await identityOf(app, CITIZEN);
  t.equal(identity?.active, true);
  fake.chats.block(CITIZEN);
  const result = await app.services.messenger.send(app.defaultTenant, identity!.id, { text: plain('Avviso') });
  t.same(result, { status: 'recipient-gone', reason: 'blocked' });
  const after = await identityOf(app, CITIZEN);
  t.equal(after?.active, false, 'identity inactive');
  t.equal(after?.inactiveReason, 'blocked');
});

t.test('403 deactivated during a turn marks the identity gone', async (t) => {
  const { fake, app, turns } = await telegramApp(t, { fake: { limits: false } });
  fake.pushUpdate(startUpdate());
  await waitTurns(app, turns, 1);
  // The account is deleted while its message is in flight: the reply is refused.
  fake.chats.deactivate(CITIZEN);
  fake.pushUpdate(textUpdate('/aiuto'));
  await waitTurns(app, turns, 2);
  t.equal((await identityOf(app, CITIZEN))?.inactiveReason, 'deactivated');
});

t.test('every Telegram refusal maps to one delivery result', async (t) => {
  const { fake, telegram } = await telegramApp(t, { fake: { limits: false } });
  t.same(await telegram.send(ref(999), { text: plain('x') }), { status: 'recipient-gone', reason: 'unknown' }, '400 chat not found');
  fake.chats.add(CITIZEN);
  fake.failNext('sendMessage', 1, { status: 502 });
  t.match(await telegram.send(ref(CITIZEN), { text: plain('x') }), { status: 'transient' }, '5xx');
  fake.failNext('sendMessage', 1, { status: 403, description: "Forbidden: bot can't initiate conversation with a user" });
  t.same(await telegram.send(ref(CITIZEN), { text: plain('x') }), { status: 'recipient-gone', reason: 'unknown' });
  fake.failNext('sendMessage', 1, { status: 400, description: 'Bad Request: message text is empty' });
  t.same(await telegram.send(ref(CITIZEN), { text: plain('x') }), { status: 'permanent', reason: 'Telegram 400: Bad Request: message text is empty' });
  fake.chats.kick(-4001);
  t.same(await telegram.send(ref(-4001), { text: plain('x') }), { status: 'recipient-gone', reason: 'blocked' }, 'kicked from a group');
  t.match(classifyTelegramError(new TypeError('fetch failed')), { kind: 'result', result: { status: 'transient' } });
});

t.test('migrate_to_chat_id: followed once, and the identity moves', async (t) => {
  const { fake, app, telegram, turns } = await telegramApp(t, { fake: { limits: false } });
  const group = -4001;
  fake.pushUpdate(textUpdate('/start', { chat: { id: group, type: 'group', title: 'Squadra operai' } }));
  await waitTurns(app, turns, 1);
  fake.chats.migrate(group, -1001234567890);
  const moved = new Promise<ChannelEvent>((resolve) => app.engine.events.on('channel-event', (event) => resolve(event)));
  t.match(await telegram.send(ref(group), { text: plain('Nuovo compito') }), { status: 'delivered' });
  t.equal(fake.sentMessages.at(-1)?.chatId, -1001234567890, 'sent to the supergroup');
  t.match(await moved, { kind: 'recipient-moved', to: { chatId: '-1001234567890' } });
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  const identity = await em.findOne(ChannelIdentity, { channel: 'telegram' });
  t.equal(identity?.externalId, '-1001234567890', 'the identity now points at the new chat');
  t.equal(identity?.address.chatId, '-1001234567890');
});
