import type { Test } from 'tap';
import { TelegramAdapter, type TelegramAdapterOptions } from '../../../adapters/telegram/index.js';
import { ChannelIdentity, type Campanile, type TurnDone } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';
import { createFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from '../../fakes/telegram/index.js';

export const TOKEN = '123456:TEST-token';
export const CITIZEN = 1000001;

/**
 * A real Campanile with a Telegram adapter pointed at the fake Bot API, started (polling unless told),
 * stopped and closed when the test ends.
 *
 * @example
 * const { fake, app, telegram } = await telegramApp(t, { fake: { limits: false } });
 * fake.pushUpdate(startUpdate('cat_eventi'));
 */
export async function telegramApp(
  t: Test,
  options: { fake?: Partial<FakeTelegramOptions>; adapter?: Partial<TelegramAdapterOptions> } = {},
): Promise<{ fake: FakeTelegram; app: Campanile; telegram: TelegramAdapter; tenant: string; turns: TurnDone[] }> {
  const fake = await createFakeTelegram({ token: TOKEN, ...options.fake });
  const telegram = new TelegramAdapter({ tenant: 'esempio', token: TOKEN, apiRoot: fake.apiRoot, ...options.adapter });
  const { app, tenant } = await buildApp(t, { adapters: [{ adapter: telegram, tenant: 'esempio' }] });
  // Registered after buildApp's teardown, so (tap runs teardowns in order) the app stops before the fake closes.
  t.teardown(() => fake.close());
  const turns: TurnDone[] = [];
  app.engine.events.on('turn:done', (done) => turns.push(done));
  return { fake, app, telegram, tenant, turns };
}

/** The identity of a Telegram chat, fresh from the database. */
export async function identityOf(app: Campanile, chatId: number): Promise<ChannelIdentity | null> {
  return app.services.tenants.scopedEm(app.defaultTenant.id).findOne(ChannelIdentity, { channel: 'telegram', externalId: String(chatId) });
}

/** Resolves once `count` turns are done (checked on every `turn:done`, no sleeping). */
export function waitTurns(app: Campanile, turns: readonly TurnDone[], count: number, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (turns.length >= count) return resolve();
    const timer = setTimeout(() => reject(new Error(`only ${turns.length} of ${count} turns done in ${timeoutMs} ms`)), timeoutMs);
    app.engine.events.on('turn:done', () => {
      if (turns.length < count) return;
      clearTimeout(timer);
      resolve();
    });
  });
}
