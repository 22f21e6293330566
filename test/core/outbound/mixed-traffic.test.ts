import t from 'tap';
import { TelegramAdapter } from '../../../adapters/telegram/index.js';
import { Category, sqlRunner } from '../../../core/internal.js';
import { seedAudience } from '../../../scripts/lib/seed-audience.js';
import { buildApp } from '../../helpers/campanile.js';
import { createFakeTelegram, startUpdate } from '../../fakes/telegram/index.js';

// Issue "One outbound path", acceptance: the fake Bot API enforces one sliding 30-per-second window per
// bot over every method that sends (replies, edits, notices) and 1 per second per chat. 300 people press
// /start at once while a 1,000-recipient notice is sending. Every reply arrives, in order; the notice
// reaches everyone once; at most 3 × 429 (the lane's window makes it 0). The bot's rate while work is queued
// is reported here and measured by `npm run bench:telegram -- --mixed`.
const TOKEN = '777001:MIXED-token';
const PEOPLE = Number(process.env.MIXED_PEOPLE ?? 300);
const AUDIENCE = Number(process.env.MIXED_AUDIENCE ?? 1000);
const LIMIT = 30;
// About 1,600 messages at 30/s: longer than the suite's default file timeout.
t.setTimeout(240_000);

t.test('300 people /start during a 1,000-recipient notice: one budget, every reply, in order', { timeout: 180_000 }, async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, acceptUnknownChats: true, limits: { perBotPerSecond: LIMIT, perChatPerSecond: 1 } });
  const telegram = new TelegramAdapter({ tenant: 'esempio', token: TOKEN, apiRoot: fake.apiRoot, ratePerSecond: LIMIT });
  const { app } = await buildApp(t, { adapters: [{ adapter: telegram, tenant: 'esempio' }] });
  t.teardown(() => fake.close());
  const tenant = app.defaultTenant;
  const sql = sqlRunner(app.db);
  const eventi = await app.services.tenants.scopedEm(tenant.id).findOneOrFail(Category, { key: 'eventi' });
  await seedAudience(sql, {
    tenantId: tenant.id, tenantSlug: tenant.slug, count: AUDIENCE, channel: 'telegram', account: telegram.account,
    subscriptions: [{ categoryId: eventi.id, every: 1 }],
  });
  const notice = await app.notifications.notices.create(tenant, { categoryKey: 'eventi', title: 'Chiusura strada', text: 'Via Roma chiusa domani.' });
  // Until the notice is finished the lane always has work queued: the rate is measured over that span.
  let noticeDoneAt = 0;
  const noticeSent = new Promise<void>((resolve) => app.notifications.events.on('notice:sent', (e) => {
    if (e.noticeId !== notice.id) return;
    noticeDoneAt = performance.now();
    resolve();
  }));
  let turns = 0;
  const allTurns = new Promise<void>((resolve) => app.engine.events.on('turn:done', () => ++turns === PEOPLE && resolve()));

  await app.notifications.notices.send(tenant, notice.id);
  // The broadcast is under way before the crowd arrives.
  await app.notifications.events.once('delivery:sent');
  const citizens = Array.from({ length: PEOPLE }, (_, i) => 9_000_000 + i);
  for (const id of citizens) fake.pushUpdate(startUpdate(undefined, { from: { id, first_name: `P${id}` } }));
  await Promise.all([allTurns, noticeSent]);
  // A reply counts as out when the channel took it; its `sent` mark is committed a few ms later.
  const unconfirmed = async () => Number((await sql.rows(`select count(*) as n from delivery where kind = 'reply' and state = 'sending'`))[0]?.n);
  while ((await unconfirmed()) > 0) await app.notifications.events.once('outbox:flushed');

  // Every reply row of every citizen went out, none pending, failed or given up.
  const replies = await sql.rows(
    `select ci.external_id as chat, d.id, d.state, d.channel_message_id from delivery d join channel_identity ci on ci.id = d.identity_id
     where d.kind = 'reply' order by d.id`,
  );
  t.equal(new Set(replies.map((r) => String(r.chat))).size, PEOPLE, 'every person has replies');
  t.same([...new Set(replies.map((r) => r.state))], ['sent'], 'every reply sent');
  // In order: per chat, the channel's message ids follow the rows' ids.
  const byChat = new Map<string, number[]>();
  for (const r of replies) byChat.set(String(r.chat), [...(byChat.get(String(r.chat)) ?? []), Number(r.channel_message_id)]);
  const outOfOrder = [...byChat.values()].filter((ids) => ids.some((id, i) => i > 0 && id <= ids[i - 1]!));
  t.equal(outOfOrder.length, 0, 'each person got their replies in order');
  const perCitizen = new Map<number, number>();
  for (const m of fake.sentMessages) perCitizen.set(m.chatId, (perCitizen.get(m.chatId) ?? 0) + 1);
  t.ok(citizens.every((id) => perCitizen.get(id) === byChat.get(String(id))?.length), 'the fake holds exactly the replies of each person');

  // The notice reached everyone once.
  const stats = await app.notifications.noticeStats(tenant, notice.id);
  t.equal(stats.byState.sent, AUDIENCE, 'every recipient sent');
  const audienceChats = [...perCitizen.entries()].filter(([chat]) => !citizens.includes(chat));
  t.equal(audienceChats.length, AUDIENCE, 'every recipient reached');
  t.ok(audienceChats.every(([, n]) => n === 1), 'each recipient once');

  const count429 = fake.stats().count429;
  t.ok(count429 <= 3, `at most 3 × 429 (saw ${count429})`);
  // The bot's rate while work was queued: what the fake accepted from the first message to the notice's end.
  const times = fake.sentMessages.map((m) => m.at).filter((at) => at <= noticeDoneAt).sort((a, b) => a - b);
  const rate = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
  // The rate target (≥ 95% of the limit while work is queued) is a speed figure: `npm run bench:telegram
  // -- --mixed` measures and docs/benchmarks.md records it; a timed assertion here would fail on a busy CI box.
  t.comment(JSON.stringify({ messages: times.length, rate: Number(rate.toFixed(2)), count429 }));
});
