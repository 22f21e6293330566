/**
 * A task for a squad of five on Telegram (the fake Bot API, through grammY polling and the real
 * adapter): every member gets the image and the task with its buttons once; one takes it (Prendo io →
 * ETA); the four others see their task message edited in place to "preso da …", buttons gone. The
 * counts are the fake's: what Telegram would have received.
 */
import t from 'tap';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { tasksModule } from '../../../modules/tasks/index.js';
import { buildStaffTelegramApp } from '../../helpers/staff-telegram.js';
import type { SentMessage } from '../../fakes/telegram/index.js';

const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
const buttons = (m: SentMessage | undefined) => ((m?.replyMarkup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? [])
  .flatMap((b) => ('callback_data' in b ? [b.callback_data] : []));

t.test('a task to a group of five on Telegram: five notified with the image once, one takes it, four updated', async (t) => {
  const app = await buildStaffTelegramApp(t, { extra: [tasksModule] });
  const { fake } = app;
  const { groupId, chatIds } = await app.telegramSquad('Protezione civile', ['Ada', 'Bice', 'Ciro', 'Dino', 'Elsa']);
  const image = await app.app.services.notifications.media.upload(app.app.defaultTenant.id, PNG, 'image/png', 'frana.png');
  const mark = fake.sentMessages.length;
  const calls = { ...fake.stats().calls };
  const delta = (method: string) => (fake.stats().calls[method] ?? 0) - (calls[method] ?? 0);

  const created = (await app.admin('tasks', 'POST', '/tasks', { body: { title: 'Frana sulla provinciale', priority: 'urgent', attachments: [image.id], groupIds: [groupId] } })).body as { task: { id: number }; notified: number };
  t.equal(created.notified, 5, 'five chats reached');
  const id = created.task.id;
  const notified = fake.sentMessages.slice(mark);
  t.equal(notified.length, 10, 'ten messages in all');
  t.equal(delta('sendPhoto'), 5, 'five sendPhoto');
  t.equal(delta('sendMessage'), 5, 'five sendMessage');
  t.equal(fake.stats().uploads, 1, 'the image uploaded once, then its file_id reused');
  t.equal(fake.stats().fileIdReuses, 4);
  const taskMessage = new Map<number, SentMessage>();
  for (const chat of chatIds) {
    const mine = notified.filter((m) => m.chatId === chat);
    t.same(mine.map((m) => m.method), ['sendPhoto', 'sendMessage'], `${chat}: the image, then the task`);
    t.same(buttons(mine[1]), [`tasks:take:${id}`, `tasks:refuse:${id}`], `${chat}: Prendo io / Non posso`);
    t.match(mine[1]?.text, /Frana sulla provinciale/);
    taskMessage.set(chat, mine[1]!);
  }

  // Ciro takes it: Prendo io → the ETA choice → 30 min.
  const [ada, bice, ciro, dino, elsa] = chatIds as [number, number, number, number, number];
  const beforeTake = fake.sentMessages.length;
  await app.press(ciro, `tasks:take:${id}`, taskMessage.get(ciro)!.message);
  const etaChoice = fake.sentMessages.slice(beforeTake);
  t.same(etaChoice.map((m) => [m.method, m.chatId]), [['sendMessage', ciro]], 'Prendo io: one message, to Ciro');
  t.same(buttons(etaChoice[0]), ['15', '30', '60', 'other'].map((m) => `tasks:eta:${id}:${m}`), 'the ETA choice');

  const beforeEta = fake.sentMessages.length;
  const edits = delta('editMessageText');
  await app.press(ciro, `tasks:eta:${id}:30`, etaChoice[0]!.message);
  await fake.waitFor(() => fake.sentMessages.length - beforeEta >= 5);
  const after = fake.sentMessages.slice(beforeEta);
  t.equal(after.length, 5, 'five messages: one to Ciro, one edit for each other member');
  t.same(after.filter((m) => m.chatId === ciro).map((m) => m.method), ['sendMessage'], 'Ciro: one message');
  t.match(after.find((m) => m.chatId === ciro)?.text, /è tuo.*30 min/s, 'Ciro is told it is his');
  t.equal(delta('editMessageText') - edits, 4, 'four edits');
  for (const chat of [ada, bice, dino, elsa]) {
    const mine = after.filter((m) => m.chatId === chat);
    t.same(mine.map((m) => m.method), ['editMessageText'], `${chat}: exactly one edit, no new message`);
    t.equal(mine[0]?.messageId, taskMessage.get(chat)?.messageId, `${chat}: the task message itself`);
    t.match(mine[0]?.text, /preso da Ciro/, `${chat}: "preso da Ciro"`);
    t.same(buttons(mine[0]), [], `${chat}: the buttons are gone`);
  }

  // A late press on an old button (the payload replayed) is told who has it: one message, nothing else.
  const beforeLate = fake.sentMessages.length;
  await app.press(ada, `tasks:eta:${id}:15`, taskMessage.get(ada)!.message);
  t.same(fake.sentMessages.slice(beforeLate).map((m) => [m.method, m.chatId]), [['sendMessage', ada]]);
  t.match(fake.sentMessages.at(-1)?.text, /già stato preso da Ciro/);
  t.equal(delta('sendPhoto'), 5, 'in all: five photos');
  t.equal(delta('sendMessage'), 5 + 2 + 1, 'in all: five tasks, two to Ciro, one to Ada');
  t.equal(delta('editMessageText'), 4, 'in all: four edits');
  t.equal(delta('answerCallbackQuery'), 3, 'every button press answered');
  t.same(fake.unansweredCallbackQueries(), [], 'no press left unanswered');
  t.equal(fake.stats().count429, 0, 'no 429');
});
