// Operator Telegram alerts: an operator links their own Telegram chat (a one-time deep link opened in
// the bot, on the fake Bot API through the real adapter), turns alerts on, and a person starting to wait
// messages that chat while the operator is online or away — not while offline, off, or unlinked.
import t from 'tap';
import { TelegramAdapter } from '../../../adapters/telegram/index.js';
import { createFakeTelegram, startUpdate } from '../../fakes/telegram/index.js';
import { buildHandoffApp } from '../../helpers/handoff-app.js';

const TOKEN = '123456:TEST-token';
const OPERATOR_CHAT = 4242;
const STRANGER_CHAT = 5151;

t.test('link a Telegram chat, turn alerts on, hear of each new waiting person while online or away', async (t) => {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false });
  const telegram = new TelegramAdapter({ tenant: 'esempio', token: TOKEN, apiRoot: fake.apiRoot });
  const app = await buildHandoffApp(t, { adapters: [{ adapter: telegram }] });
  t.teardown(() => fake.close()); // after the app's teardown: the app stops before the fake closes
  const { memory, tenant, call } = app;
  const toChat = (chat: number) => fake.sentMessages.filter((m) => m.chatId === chat).map((m) => m.text ?? '');
  const alerts = () => toChat(OPERATOR_CHAT).filter((text) => text.startsWith('🔔'));

  t.match((await call('GET', '/alerts')).json(), { linked: false, channel: null, telegram: false }, 'nothing linked at first');
  const early = await call('PUT', '/alerts', { telegram: true });
  t.equal(early.statusCode, 409, 'alerts cannot go on without a linked chat');
  t.match(early.json(), { message: /POST …\/handoff\/alerts\/link/ }, 'the refusal says how to link one');

  const created = await call('POST', '/alerts/link');
  t.equal(created.statusCode, 201, created.body);
  const link = created.json() as { links: { channel: string; url: string; handle?: string }[]; expiresAt: string };
  t.equal(link.links.length, 1, "one link: the comune's Telegram bot");
  const payload = /\?start=(hop_[A-Za-z0-9_-]+)$/.exec(link.links[0]!.url)?.[1] ?? '';
  t.ok(payload.length > 4 && payload.length <= 64, `a deep link with a start payload (${link.links[0]!.url})`);

  fake.pushUpdate(startUpdate(payload, { from: { id: OPERATOR_CHAT, first_name: 'Operatrice' } }));
  await fake.waitFor(() => toChat(OPERATOR_CHAT).length === 1);
  t.match(toChat(OPERATOR_CHAT)[0], /Fatto: questa chat riceverà gli avvisi/, 'the bot confirms the link in the operator\'s chat');
  fake.pushUpdate(startUpdate(payload, { from: { id: STRANGER_CHAT, first_name: 'Altro' } }));
  await fake.waitFor(() => toChat(STRANGER_CHAT).length === 1);
  t.match(toChat(STRANGER_CHAT)[0], /non è più valido/, 'the link works once');
  t.match((await call('GET', '/alerts')).json(), { linked: true, channel: 'telegram', telegram: false }, 'linked; alerts still off (off by default)');

  // Off: nobody is told. Chosen in the person's turn, so nothing can arrive later for it.
  await call('PUT', '/presence', { status: 'online' });
  await memory.say(tenant, '800', '/operatore');
  t.same(alerts(), [], 'alerts off: no message');

  t.match((await call('PUT', '/alerts', { telegram: true })).json(), { linked: true, telegram: true });
  await memory.say(tenant, '801', '/operatore');
  await fake.waitFor(() => alerts().length === 1);
  t.match(alerts()[0], /^🔔 Comune di Esempio: una persona aspetta un operatore \(in attesa ora: 2\)/, 'online: the alert, with how many wait');

  await call('PUT', '/presence', { status: 'offline' });
  await memory.say(tenant, '802', '/operatore');
  await call('PUT', '/presence', { status: 'away' });
  await memory.say(tenant, '803', '/operatore');
  await fake.waitFor(() => alerts().length === 2);
  t.match(alerts()[1], /in attesa ora: 4/, 'away: alerted; offline (the person before): not');

  // Another comune's operator with the same role has nothing linked and sees only their own settings.
  t.match((await call('GET', '/alerts', undefined, { tenant: app.otherTenant })).json(), { linked: false, telegram: false }, "another comune's operator: their own settings");
  t.match((await call('GET', '/alerts', undefined, { role: 'mayor' })).json(), { linked: false }, "another operator of the comune: their own settings");

  t.match((await call('DELETE', '/alerts/link')).json(), { linked: false, telegram: false }, 'unlinked');
  await memory.say(tenant, '804', '/operatore');
  t.equal(alerts().length, 2, 'unlinked: no more alerts');
  t.equal((await call('PUT', '/alerts', { telegram: 'yes' })).statusCode, 400, 'a bad body: 400');
  t.equal((await call('GET', '/alerts', undefined, { role: 'editor' })).statusCode, 403, 'a role without handoff.read: 403');
});

t.test('a comune without a Telegram bot cannot create a link (409 saying what to add)', async (t) => {
  const { call } = await buildHandoffApp(t);
  const res = await call('POST', '/alerts/link');
  t.equal(res.statusCode, 409);
  t.match(res.json(), { message: /has no Telegram bot: add a Telegram channel account first/ });
});
