/**
 * Urgent tasks overtake routine traffic in the account's lane (issue 18, acceptance). The Telegram
 * account is away (detached) while a routine notice to 40 citizens, then a routine task for squad A,
 * then an urgent task for squad B are queued; when the account is back, the lane sends by priority:
 * the urgent task reaches B first, then A's routine task, then the notice — whatever the queue order.
 * The order checked is the one the lane hands the messages to Telegram (a transformer records each call
 * as it starts): sends run several at a time, so on the wire two neighbours may swap, as they would at
 * api.telegram.org; the fake checks that each message arrived once.
 */
import t from 'tap';
import { TelegramAdapter, type TelegramTransformer } from '../../../adapters/telegram/index.js';
import { Category, Delivery, DELIVERY_PRIORITY, sqlRunner } from '../../../core/internal.js';
import { tasksModule } from '../../../modules/tasks/index.js';
import { seedAudience } from '../../../scripts/lib/seed-audience.js';
import { untilEvent } from '../../helpers/notifications.js';
import { buildStaffTelegramApp, STAFF_TOKEN } from '../../helpers/staff-telegram.js';

const CITIZENS = 40;

t.test('queued behind a routine notice and a routine task, an urgent task goes out first', async (t) => {
  const app = await buildStaffTelegramApp(t, { extra: [tasksModule], fake: { acceptUnknownChats: true }, adapter: { ratePerSecond: 200 } });
  const { fake, telegram } = app;
  const campanile = app.app;
  const tenant = campanile.defaultTenant;
  const routine = await app.telegramSquad('Manutenzioni', ['Aldo', 'Anna', 'Arturo'], 7_000_001);
  const urgent = await app.telegramSquad('Protezione civile', ['Bea', 'Bruno', 'Bianca'], 7_100_001);
  const eventi = await campanile.services.tenants.scopedEm(tenant.id).findOneOrFail(Category, { key: 'eventi' });
  await seedAudience(sqlRunner(campanile.db), { tenantId: tenant.id, tenantSlug: tenant.slug, count: CITIZENS, channel: 'telegram', account: telegram.account, subscriptions: [{ categoryId: eventi.id, every: 1 }] });

  // The account goes away: its lane stops, what is queued for it waits in the outbox.
  t.ok(await campanile.detachAdapter('telegram', telegram.account, 'esempio'), 'the Telegram account is detached');
  const mark = fake.sentMessages.length;
  const pending = async (priority: number) => campanile.services.db.em.fork().count(Delivery, { state: 'pending', priority, channel: 'telegram' }, { filters: false });
  const queued = async (priority: number, count: number) => {
    // Waits on the rows, not on a clock: the callers are blocked on their outcomes, not on the writes.
    while ((await pending(priority)) < count) await new Promise((resolve) => setImmediate(resolve));
  };

  const notice = await campanile.notifications.notices.create(tenant, { categoryKey: 'eventi', title: 'Mercatino', text: 'Domenica in piazza.' });
  t.equal(notice.priority, 'normal');
  const planned = untilEvent(campanile, 'notice:planned', (e) => e.noticeId === notice.id);
  await campanile.notifications.notices.send(tenant, notice.id);
  await planned;
  await queued(DELIVERY_PRIORITY.normal, CITIZENS);
  const routineTask = app.admin('tasks', 'POST', '/tasks', { body: { title: 'Potare le siepi', groupIds: [routine.groupId] } });
  await queued(DELIVERY_PRIORITY.direct, 3);
  const urgentTask = app.admin('tasks', 'POST', '/tasks', { body: { title: 'Allagamento sottopasso', priority: 'urgent', groupIds: [urgent.groupId] } });
  await queued(DELIVERY_PRIORITY.urgent, 3);
  t.equal(fake.sentMessages.length, mark, 'nothing sent while the account is away');

  // The account is back (a new adapter for the same bot, as after a restart), at 20 messages/s: with
  // 46 queued that is a saturated lane, where the order matters (under its rate every row goes at once).
  const started: number[] = [];
  const record: TelegramTransformer = (prev, call, signal) => {
    if (call.method.startsWith('send')) started.push(Number(call.payload.chat_id));
    return prev(call, signal);
  };
  const noticeSent = untilEvent(campanile, 'notice:sent', (e) => e.noticeId === notice.id);
  await campanile.attachAdapter(new TelegramAdapter({ tenant: 'esempio', token: STAFF_TOKEN, apiRoot: fake.apiRoot, ratePerSecond: 20, transformers: [record] }), { tenant: 'esempio' });
  const [routineReply, urgentReply] = await Promise.all([routineTask, urgentTask]);
  t.match(routineReply.body, { notified: 3 });
  t.match(urgentReply.body, { notified: 3 });
  await noticeSent;
  await fake.waitFor(() => fake.sentMessages.length - mark === CITIZENS + 6);

  const kindOf = (chat: number) => (urgent.chatIds.includes(chat) ? 'urgent' : routine.chatIds.includes(chat) ? 'routine-task' : 'notice');
  const order = started.map(kindOf);
  t.equal(order.length, CITIZENS + 6, 'one call per message, no retries');
  t.same(order.slice(0, 3), ['urgent', 'urgent', 'urgent'], 'the urgent task goes to its squad first');
  t.same(order.slice(3, 6), ['routine-task', 'routine-task', 'routine-task'], 'then the routine task (person-to-person priority)');
  t.same(order.slice(6), Array(CITIZENS).fill('notice'), 'then the routine notice, queued first');
  const sent = fake.sentMessages.slice(mark);
  for (const chat of urgent.chatIds) t.match(sent.filter((m) => m.chatId === chat).map((m) => m.text), [/Allagamento sottopasso/], `${chat}: the urgent task, once`);
  for (const chat of routine.chatIds) t.match(sent.filter((m) => m.chatId === chat).map((m) => m.text), [/Potare le siepi/], `${chat}: the routine task, once`);
  const citizens = sent.filter((m) => kindOf(m.chatId) === 'notice');
  t.equal(citizens.length, CITIZENS, 'the notice: one message per citizen');
  t.equal(new Set(citizens.map((m) => m.chatId)).size, CITIZENS, 'every citizen reached');
});
