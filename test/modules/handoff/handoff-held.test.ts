import t, { type Test } from 'tap';
import { WhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import { Tenant, type ChannelCapabilities } from '../../../core/internal.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';
import { payload, signedHeaders } from '../../fakes/whatsapp/webhooks.js';
import { buildHandoffApp } from '../../helpers/handoff-app.js';

type Message = { direction: string; text: string | null; held: boolean };
const secrets = { token: 'test-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'verify-me' };
// The recorded webhooks carry a business-scoped user id: the adapter answers to it.
const PERSON = 'IT.13491208655302741918';
const REPLY_WAITING = { name: 'risposta_in_attesa', language: 'it', variables: ['{comune}'] };

/** WhatsApp without Meta's pair rate (1 message / 6 s per person): this test is about the window, not the spacing. */
class QuickPairsWhatsApp extends WhatsAppAdapter {
  declare readonly capabilities: ChannelCapabilities;
  constructor(options: ConstructorParameters<typeof WhatsAppAdapter>[0]) {
    super(options);
    this.capabilities = { ...this.capabilities, rateLimits: { ...this.capabilities.rateLimits, perChat: { count: 100, perMs: 1000 } } };
  }
}

/** base + handoff with WhatsApp on a fake Graph API that refuses free-form messages outside the window. */
async function whatsappHandoff(t: Test, templates: boolean) {
  const graph = await FakeGraphApi.start(t, { token: secrets.token, phoneNumberId: secrets.phoneNumberId, enforceWindow: true });
  const built = await buildHandoffApp(t, { adapters: [{ adapter: new QuickPairsWhatsApp({ ...secrets, apiRoot: graph.apiRoot }) }] });
  if (templates) {
    const em = built.campanile.db.em.fork();
    const row = await em.findOneOrFail(Tenant, { slug: built.tenant });
    row.settings = { ...(row.settings as object), templates: { whatsapp: { replyWaiting: REPLY_WAITING } } };
    await em.flush();
    built.campanile.services.tenants.invalidate(built.tenant);
  }
  let n = 0;
  /** The person writes (a webhook as Meta signs it); resolves once the bot's turn is done. */
  const write = async (edit: (m: Record<string, unknown>) => void, name: 'text' | 'template-quick-reply' = 'text') => {
    const raw = JSON.stringify(payload(name, (m) => { m.id = `wamid.held-${++n}`; edit(m); }));
    const response = await built.fastify.inject({ method: 'POST', url: `/webhooks/whatsapp/${built.tenant}`, payload: raw, headers: signedHeaders(raw, secrets.appSecret) });
    await built.campanile.engine.drain();
    return response.statusCode;
  };
  const say = (text: string) => write((m) => { (m.text as { body: string }).body = text; });
  return { ...built, graph, write, say };
}

/** What reached the person on WhatsApp: text bodies and template names, in order. */
function received(graph: FakeGraphApi, from = 0): string[] {
  return graph.sent.slice(from).map((s) => s.type === 'template' ? `template:${(s.body.template as { name: string }).name}` : s.type === 'text' ? (s.body.text as { body: string }).body : s.type);
}

async function liveConversation(t: Test, app: Awaited<ReturnType<typeof whatsappHandoff>>): Promise<number> {
  app.graph.openWindow(PERSON);
  await app.call('PUT', '/presence', { status: 'online' });
  t.equal(await app.say('/start'), 200);
  await app.say('/operatore');
  await app.say('Buongiorno, la mia pratica edilizia è ferma da un mese');
  const id = ((await app.call('GET', '/conversations')).json() as { items: { id: number }[] }).items[0]?.id ?? 0;
  t.equal((await app.call('POST', `/conversations/${id}/take`)).statusCode, 200, 'taken');
  return id;
}

t.test('WhatsApp: an answer after the 24-hour window is held, the template goes out, the answer follows the person\'s next message', async (t) => {
  const app = await whatsappHandoff(t, true);
  const id = await liveConversation(t, app);
  app.graph.closeWindow(PERSON);

  const before = app.graph.sent.length;
  const first = await app.call('POST', `/conversations/${id}/reply`, { text: 'La pratica è stata sbloccata ieri.' });
  t.equal(first.statusCode, 201, first.body);
  t.match(first.json(), { delivery: 'held', message: { held: true, text: 'La pratica è stata sbloccata ieri.' } }, 'held, and the operator is told');
  t.notOk('warning' in first.json(), 'no warning: the comune has a template');
  t.same(received(app.graph, before), ['template:risposta_in_attesa'], 'the person gets the approved "reply waiting" template, not the answer');
  const template = app.graph.sent.at(-1)?.body.template as { components: { parameters: { text: string }[] }[] };
  t.same(template.components[0]?.parameters.map((p) => p.text), ['Comune di Esempio'], 'its variables filled');

  const second = await app.call('POST', `/conversations/${id}/reply`, { text: 'Le arriverà una PEC.' });
  t.match(second.json(), { delivery: 'held' }, 'a second answer is held too');
  t.same(received(app.graph, before), ['template:risposta_in_attesa'], 'one template per wait, not one per answer');
  const detail = (await app.call('GET', `/conversations/${id}`)).json() as { messages: Message[] };
  t.same(detail.messages.filter((m) => m.direction === 'out').map((m) => [m.text, m.held]), [['La pratica è stata sbloccata ieri.', true], ['Le arriverà una PEC.', true]], 'the page shows both as held');

  // The person writes: Meta opens the window again; the held answers go out, in order, once.
  app.graph.openWindow(PERSON);
  const beforeRelease = app.graph.sent.length;
  await app.say('Ok grazie, aspetto');
  t.same(received(app.graph, beforeRelease), ['La pratica è stata sbloccata ieri.', 'Le arriverà una PEC.'], 'both answers, in order');
  const after = (await app.call('GET', `/conversations/${id}`)).json() as { messages: Message[] };
  t.same(after.messages.map((m) => [m.direction, m.text, m.held]), [
    ['in', 'Buongiorno, la mia pratica edilizia è ferma da un mese', false],
    ['out', 'La pratica è stata sbloccata ieri.', false],
    ['out', 'Le arriverà una PEC.', false],
    ['in', 'Ok grazie, aspetto', false],
  ], 'nothing lost: the person\'s message reached the operator, no answer is held any more');

  const beforeAgain = app.graph.sent.length;
  await app.say('Un\'altra cosa');
  t.same(received(app.graph, beforeAgain), [], 'nothing sent twice (and the bot stays silent: still with the operator)');
  const live = await app.call('POST', `/conversations/${id}/reply`, { text: 'Mi dica.' });
  t.match(live.json(), { delivery: 'delivered', message: { held: false } }, 'inside the window, answers go directly');
});

t.test('WhatsApp: the template\'s button releases the held answer too, even after the conversation was closed', async (t) => {
  const app = await whatsappHandoff(t, true);
  const id = await liveConversation(t, app);
  app.graph.closeWindow(PERSON);
  t.match((await app.call('POST', `/conversations/${id}/reply`, { text: 'Documento pronto allo sportello.' })).json(), { delivery: 'held' });
  t.equal((await app.call('POST', `/conversations/${id}/close`)).statusCode, 200, 'the operator closes it');

  app.graph.openWindow(PERSON);
  const before = app.graph.sent.length;
  await app.write((m) => { m.button = { payload: 'Leggi la risposta', text: 'Leggi la risposta' }; }, 'template-quick-reply');
  t.same(received(app.graph, before), ['Documento pronto allo sportello.'], 'the tap delivers the answer, and nothing else');
  const detail = (await app.call('GET', `/conversations/${id}`)).json() as { messages: Message[] };
  t.notOk(detail.messages.some((m) => m.held), 'no answer held any more');
});

t.test('WhatsApp: no "reply waiting" template mapped → the answer is held and the operator is warned', async (t) => {
  const app = await whatsappHandoff(t, false);
  const id = await liveConversation(t, app);
  app.graph.closeWindow(PERSON);
  const before = app.graph.sent.length;
  const replied = await app.call('POST', `/conversations/${id}/reply`, { text: 'Risposta tardiva.' });
  t.equal(replied.statusCode, 201, 'the answer is kept, not refused');
  t.match(replied.json(), { delivery: 'held', message: { held: true }, warning: /no "reply waiting" template mapped \(settings\.templates\.whatsapp\.replyWaiting\)/ }, 'the operator is told clearly');
  t.same(received(app.graph, before), [], 'nothing could reach the person');
  app.graph.openWindow(PERSON);
  await app.say('Ci sono novità?');
  t.same(received(app.graph, before), ['Risposta tardiva.'], 'delivered when the person writes again');
});
