import Fastify from 'fastify';
import t from 'tap';
import { WhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import app from '../../../admin-api/app.js';
import { Category, ChannelIdentity, Subscription, Tenant } from '../../../core/internal.js';
import { textOf, buildApp } from '../../helpers/campanile.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';
import { payload, signedHeaders } from '../../fakes/whatsapp/webhooks.js';
import { textUpdate } from '../../fakes/telegram/index.js';
import { telegramApp, waitTurns } from '../../adapters/telegram/telegram-app.js';

t.test('test channel: "Ciao" from a new person starts the welcome, privacy notice and category choice', async (t) => {
  const { memory, tenant } = await buildApp(t);
  const replies = await memory.say(tenant, 'c1', 'Ciao');
  const text = textOf(replies);
  t.match(text, /canale ufficiale del Comune di Esempio/, 'the welcome names the comune');
  t.match(text, /Informativa breve/, 'the privacy notice');
  t.match(text, /Scegli le categorie/, 'the category choice');
  t.notMatch(text, /non ho capito/i, 'no "not understood"');
  t.ok(replies.at(-1)?.choices?.some((c) => c.payload.startsWith('base:toggle:')), 'the category toggles');
  t.notOk(replies.at(-1)?.choices?.some((c) => c.selected), 'nothing pre-selected');

  // The second message is routed as usual: no second welcome.
  const second = textOf(await memory.say(tenant, 'c1', 'Ciao'));
  t.notMatch(second, /Informativa breve/, 'the welcome comes once');
});

t.test('test channel: a photo or a button as the first message also gets the welcome', async (t) => {
  const { memory, tenant } = await buildApp(t);
  t.match(textOf(await memory.press(tenant, 'c2', 'base:archive')), /Informativa breve/, 'a stale button');
  await memory.deliver({
    ...memory.base(tenant, 'c3'), kind: 'media',
    media: { kind: 'photo', mimeType: 'image/jpeg', size: 3, fetch: async () => new Uint8Array([1, 2, 3]) },
  });
  const sent = memory.sent.filter((s) => s.ref.chatId === 'c3').map((s) => s.message);
  t.match(textOf(sent), /Informativa breve/, 'a photo');
});

t.test('test channel: a first command is welcomed, then answered', async (t) => {
  const { memory, tenant } = await buildApp(t);
  const text = textOf(await memory.say(tenant, 'h1', '/aiuto'));
  t.match(text, /Informativa breve/, 'welcomed');
  t.match(text, /\/categorie — scegli le categorie/, 'and helped');
});

t.test('test channel: a link keyword pre-selects its category, for a new person and for a known one', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  const eventi = await em().findOneOrFail(Category, { key: 'eventi' });
  const mobilita = await em().findOneOrFail(Category, { key: 'mobilita' });

  const replies = await memory.say(tenant, 'k1', 'Ciao #eventi');
  t.match(textOf(replies), /Informativa breve/);
  t.match(textOf(replies), /iscritto alla categoria Eventi/);
  t.equal(replies.at(-1)?.choices?.find((c) => c.payload === `base:toggle:${eventi.id}`)?.selected, true, 'eventi pre-selected');
  t.equal(await em().count(Subscription, { category: eventi.id }), 1, 'and subscribed');

  const telegramStyle = await memory.say(tenant, 'k2', 'cat_mobilita');
  t.equal(telegramStyle.at(-1)?.choices?.find((c) => c.payload === `base:toggle:${mobilita.id}`)?.selected, true, 'cat_<key> works too');

  // A known person scanning a second poster: subscribed, no second welcome.
  const again = await memory.say(tenant, 'k1', 'Ciao #mobilita');
  t.notMatch(textOf(again), /Informativa breve/);
  t.match(textOf(again), /iscritto alla categoria Mobilità e parcheggi/);
  t.equal(await em().count(Subscription, { category: mobilita.id }), 2);

  // An unknown keyword is ordinary text.
  const unknown = await memory.say(tenant, 'k3', 'Ciao #nonesiste');
  t.match(textOf(unknown), /Informativa breve/);
  t.notMatch(textOf(unknown), /iscritto alla categoria/);
});

t.test('test channel: a first message that is a question gets the welcome, then reaches Q&A', async (t) => {
  const { memory, tenant } = await buildApp(t);
  const replies = await memory.say(tenant, 'q1', 'A che ora apre l’anagrafe?');
  const text = textOf(replies);
  t.match(text, /Informativa breve/, 'welcome first');
  // No library is trained here: Q&A's own "no sure answer" proves the question reached it.
  t.match(text, /non ho una risposta sicura/, 'then Q&A answers');
  t.ok(text.indexOf('Informativa breve') < text.indexOf('non ho una risposta sicura'), 'in that order');
  t.ok(replies.at(-1)?.choices?.some((c) => c.payload.startsWith('base:toggle:')), 'then the category choice');
});

t.test('WhatsApp: "Ciao" from a new number (nobody types /start) gets the welcome and the category list', async (t) => {
  const secrets = { token: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId });
  const built = await buildApp(t, { adapters: [{ adapter: new WhatsAppAdapter({ ...secrets, apiRoot: graph.apiRoot }) }] });
  const fastify = Fastify();
  await fastify.register(app, { campanile: built.app });
  t.teardown(() => fastify.close());
  const post = async (body: Record<string, unknown>) => {
    const raw = JSON.stringify(body);
    const response = await fastify.inject({ method: 'POST', url: `/webhooks/whatsapp/${built.tenant}`, payload: raw, headers: signedHeaders(raw, secrets.appSecret) });
    await built.app.engine.drain();
    return response;
  };
  t.equal((await post(payload('text', (m) => { m.text.body = 'Ciao #protezione-civile'; }))).statusCode, 200);
  const all = JSON.stringify(graph.sent.map((s) => s.body));
  t.match(all, /Comune di Esempio/, 'the welcome names the comune');
  t.match(all, /Informativa breve/, 'the privacy notice');
  t.match(all, /iscritto alla categoria \*?Protezione civile/, 'the keyword of the wa.me link subscribed');
  const interactive = graph.sent.at(-1)?.body.interactive as { type: string } | undefined;
  t.equal(interactive?.type, 'list', 'the category choice as a list');
  t.notMatch(all, /non ho capito/i);
});

t.test('Telegram: any first text (no /start) gets the welcome', async (t) => {
  const { fake, app, turns } = await telegramApp(t, { fake: { limits: false } });
  fake.pushUpdate(textUpdate('Buongiorno'));
  await waitTurns(app, turns, 1);
  const [welcome, menu] = fake.sentMessages;
  t.match(welcome?.text, /Comune di Esempio/, 'the welcome names the comune');
  t.match(welcome?.text, /Informativa breve/, 'the privacy notice');
  t.match(menu?.text, /Scegli le categorie/, 'the category choice');
});

t.test('a comune speaking it,de: the person picks their language at first contact and can change it', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  const em = app.db.em.fork();
  const row = await em.findOneOrFail(Tenant, { slug: tenant });
  row.locales = ['it', 'de'];
  await em.flush();
  app.services.tenants.invalidate(tenant);

  const welcome = await memory.say(tenant, 'l1', 'Ciao');
  t.match(textOf(welcome), /In che lingua vuoi scrivere/, 'the welcome asks for the language');
  t.same(welcome[0]?.choices?.map((c) => c.payload), ['base:lang:it', 'base:lang:de'], 'the comune\'s languages, in their own names');
  t.same(welcome[0]?.choices?.map((c) => c.label), ['Italiano', 'Deutsch']);
  const german = await memory.press(tenant, 'l1', 'base:lang:de');
  t.match(textOf(german), /Sprache: Deutsch\.\n\nWählen Sie die Kategorien/, 'the category choice follows in German');
  t.match(textOf(await memory.say(tenant, 'l1', '/aiuto')), /Das kann ich/, 'and the bot speaks German from then on');
  const person = await app.services.tenants.scopedEm(app.defaultTenant.id).findOneOrFail(ChannelIdentity, { externalId: 'l1' }, { populate: ['person'] });
  t.equal((person.person as { locale: string }).locale, 'de', 'stored on the person');

  const change = await memory.say(tenant, 'l1', '/lingua');
  t.equal(change[0]?.choices?.find((c) => c.selected)?.payload, 'base:lang:de', 'the current language is marked');
  t.match(textOf(await memory.press(tenant, 'l1', 'base:lang:it')), /Lingua: italiano/);
  t.match(textOf(await memory.press(tenant, 'l1', 'base:lang:fr')), /In che lingua/, 'a language the comune does not speak is refused politely');

  const direct = await memory.say(tenant, 'l2', 'Hallo', { locale: 'de-DE' });
  t.match(textOf(direct), /Willkommen! Dies ist der offizielle Kanal der Gemeinde/, 'a German phone gets the German welcome straight away');
});
