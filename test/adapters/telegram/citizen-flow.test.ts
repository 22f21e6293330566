import t from 'tap';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { Category, Subscription } from '../../../core/internal.js';
import { callbackQueryUpdate, myChatMemberUpdate, startUpdate } from '../../fakes/telegram/index.js';
import { CITIZEN, identityOf, telegramApp, waitTurns } from './telegram-app.js';

const keyboardOf = (markup: unknown) => (markup as InlineKeyboardMarkup | undefined)?.inline_keyboard.flat() ?? [];

t.test('/start cat_eventi through grammY polling: welcome, subscription, toggles edited in place', async (t) => {
  const { fake, app, turns } = await telegramApp(t, { fake: { limits: false } });
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);

  fake.pushUpdate(startUpdate('cat_eventi'));
  await waitTurns(app, turns, 1);
  const [welcome, menu] = fake.sentMessages;
  t.equal(welcome?.parseMode, 'HTML');
  t.match(welcome?.text, /Comune di Esempio/, 'the welcome names the comune');
  t.match(welcome?.text, /iscritto alla categoria Eventi/, 'the deep link subscribed to its category');
  const eventi = await em().findOneOrFail(Category, { key: 'eventi' });
  t.equal(await em().count(Subscription, { category: eventi.id }), 1, 'one subscription stored');
  const buttons = keyboardOf(menu?.replyMarkup);
  t.ok(buttons.some((b) => b.text === '✅ Eventi'), 'eventi is shown selected');
  const identity = await identityOf(app, CITIZEN);
  t.same(identity?.address, { tenant: 'esempio', channel: 'telegram', account: 'default', chatId: String(CITIZEN) }, 'the conversation ref is stored');

  // Toggle a second category from the keyboard: answered, and the same message is edited.
  const mobility = buttons.find((b) => b.text.includes('Mobilità'));
  t.ok(mobility && 'callback_data' in mobility);
  const data = mobility && 'callback_data' in mobility ? mobility.callback_data : '';
  fake.pushUpdate(callbackQueryUpdate(data, { message: menu!.message }));
  await waitTurns(app, turns, 2);
  await fake.waitFor(() => fake.unansweredCallbackQueries().length === 0);
  t.same(fake.unansweredCallbackQueries(), [], 'the callback query was answered');
  const edit = fake.sentMessages.at(-1);
  t.equal(edit?.method, 'editMessageText', 'edited in place');
  t.equal(edit?.messageId, menu?.messageId, 'the menu message itself');
  t.match(edit?.text, /Iscrizione a Mobilità e parcheggi attivata/);
  t.ok(keyboardOf(edit?.replyMarkup).some((b) => b.text === '✅ Mobilità e parcheggi'), 'now checked');
  t.equal(await em().count(Subscription, {}), 2);

  // Re-delivery of the same update (Telegram re-sends slow answers) is processed once.
  const sent = fake.sentMessages.length;
  await app.engine.handle({ ...(await import('../../../adapters/telegram/index.js')).fromTelegram(
    { update_id: 1, message: startUpdate('cat_eventi').message! } as never,
    { tenant: 'esempio', account: 'default', botId: 123456, fetchFile: async () => new Uint8Array() },
  )! });
  t.equal(turns.at(-1)?.outcome, 'duplicate', 'update_id 1 was already processed');
  t.equal(fake.sentMessages.length, sent, 'nothing sent twice');

  // The citizen blocks the bot, then restarts it.
  fake.pushUpdate(myChatMemberUpdate('kicked'));
  await new Promise<void>((resolve) => app.engine.events.on('channel-event', () => resolve()));
  t.equal((await identityOf(app, CITIZEN))?.active, false, 'blocked → inactive');
  fake.pushUpdate(myChatMemberUpdate('member'));
  await new Promise<void>((resolve) => app.engine.events.on('channel-event', () => resolve()));
  t.equal((await identityOf(app, CITIZEN))?.active, true, 'unblocked → active again');
});

t.test('long button payloads survive through the adapter storage', async (t) => {
  const { fake, app, telegram } = await telegramApp(t, { fake: { limits: false } });
  fake.chats.add(CITIZEN);
  const long = `base:toggle:${'9'.repeat(70)}`;
  const result = await telegram.send({ tenant: 'esempio', channel: 'telegram', account: 'default', chatId: String(CITIZEN) }, {
    text: [{ text: 'Scegli' }], choices: [{ label: 'Lungo', payload: long }],
  });
  t.equal(result.status, 'delivered');
  const data = keyboardOf(fake.sentMessages[0]?.replyMarkup)[0];
  const callbackData = data && 'callback_data' in data ? data.callback_data : '';
  t.ok(callbackData.startsWith('~') && Buffer.byteLength(callbackData) <= 64, 'a short id was sent');
  const rows = await app.db.em.getKnex()('module_state').where('module', 'adapter:telegram:default').select('key', 'value');
  t.ok(rows.some((r: { key: string }) => r.key === `cb:${callbackData}`), 'stored durably in module_state');
  const [event] = await telegram.handleUpdate(fake.pushUpdate(callbackQueryUpdate(callbackData, { message: fake.sentMessages[0]!.message })));
  t.match(event, { kind: 'button', payload: long }, 'the press resolves to the original payload');
});
