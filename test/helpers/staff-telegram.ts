/**
 * The staff app (base + staff + tasks) with a real Telegram adapter polling the fake Bot API, and a
 * squad whose members link their Telegram chats by pressing the invitation's deep link, as on a phone.
 */
import type { Test } from 'tap';
import type { Message } from 'grammy/types';
import { TelegramAdapter, type TelegramAdapterOptions } from '../../adapters/telegram/index.js';
import type { FeatureModule, TurnDone } from '../../core/internal.js';
import { callbackQueryUpdate, createFakeTelegram, startUpdate, type FakeTelegram, type FakeTelegramOptions, type UpdateInput } from '../fakes/telegram/index.js';
import { waitTurns } from '../adapters/telegram/telegram-app.js';
import { buildStaffApp, type StaffTestApp } from './staff-app.js';

export const STAFF_TOKEN = '424242:STAFF-token';

export interface StaffTelegramApp extends StaffTestApp {
  readonly fake: FakeTelegram;
  readonly telegram: TelegramAdapter;
  /** Creates a group of `names`, each linked from Telegram user `firstId + i` (their private chat id). */
  telegramSquad(group: string, names: readonly string[], firstId?: number): Promise<{ groupId: number; memberIds: number[]; chatIds: number[] }>;
  /** Pushes an update and resolves once its turn is done. */
  step(update: UpdateInput): Promise<void>;
  /** Presses a button of a message the bot sent to `chatId`. */
  press(chatId: number, data: string, message: Message): Promise<void>;
}

export async function buildStaffTelegramApp(
  t: Test,
  options: { extra?: readonly FeatureModule[]; fake?: Partial<FakeTelegramOptions>; adapter?: Partial<TelegramAdapterOptions> } = {},
): Promise<StaffTelegramApp> {
  const fake = await createFakeTelegram({ token: STAFF_TOKEN, limits: false, ...options.fake });
  const telegram = new TelegramAdapter({ tenant: 'esempio', token: STAFF_TOKEN, apiRoot: fake.apiRoot, ...options.adapter });
  const built = await buildStaffApp(t, { ...(options.extra ? { extra: options.extra } : {}), adapters: [{ adapter: telegram, tenant: 'esempio' }] });
  // After buildStaffApp's teardown (tap runs them in order): the app stops before the fake closes.
  t.teardown(() => fake.close());
  const turns: TurnDone[] = [];
  built.app.engine.events.on('turn:done', (done) => turns.push(done));
  const step = async (update: UpdateInput) => {
    const count = turns.length + 1;
    fake.pushUpdate(update);
    await waitTurns(built.app, turns, count, 15_000);
  };
  const telegramSquad: StaffTelegramApp['telegramSquad'] = async (group, names, firstId = 7_000_001) => {
    const groupId = ((await built.admin('staff', 'POST', '/groups', { body: { name: group } })).body as { id: number }).id;
    const memberIds: number[] = [];
    const chatIds: number[] = [];
    for (const [i, name] of names.entries()) {
      const memberId = ((await built.admin('staff', 'POST', '/members', { body: { name, role: 'Volontario', groupIds: [groupId] } })).body as { id: number }).id;
      const { startPayload } = (await built.admin('staff', 'POST', '/members/:id/invitations', { params: { id: memberId }, body: {} })).body as { startPayload: string };
      const chatId = firstId + i;
      await step(startUpdate(startPayload, { from: { id: chatId, first_name: name } }));
      memberIds.push(memberId);
      chatIds.push(chatId);
    }
    return { groupId, memberIds, chatIds };
  };
  const press: StaffTelegramApp['press'] = (chatId, data, message) => step(callbackQueryUpdate(data, { from: { id: chatId, first_name: `U${chatId}` }, message }));
  return { ...built, fake, telegram, telegramSquad, step, press };
}
