import t from 'tap';
import { baseModule } from '../../../modules/base/index.js';
import { createQaModule } from '../../../modules/qa/index.js';
import { textOf } from '../../helpers/campanile.js';
import { buildHandoffApp } from '../../helpers/handoff-app.js';

type Entry = { id: number; key: string; question: string; answer: string; phrasings: string[] };

t.test("an operator's reply becomes a Q&A entry in one step, or the question a phrasing of an existing one", async (t) => {
  const qa = createQaModule();
  const { memory, tenant, call, campanile, injectAs, otherTenant } = await buildHandoffApp(t, { modules: (handoff) => [baseModule, handoff, qa] });
  const chat = '700';
  const asQa = async (body: unknown, as: { tenant?: string } = {}) => (await injectAs('operator', as.tenant))({ method: 'POST', url: `/api/v1/tenants/${as.tenant ?? tenant}/qa/entries/from-handoff`, payload: body as object });

  await call('PUT', '/presence', { status: 'online' });
  await memory.say(tenant, chat, '/start');
  await memory.say(tenant, chat, '/operatore');
  const question = 'a che ora apre il cimitero la domenica?';
  await memory.say(tenant, chat, question);
  const id = ((await call('GET', '/conversations')).json() as { items: { id: number }[] }).items[0]?.id ?? 0;
  await call('POST', `/conversations/${id}/take`);
  const answer = 'La domenica il cimitero è aperto dalle 8 alle 12.';
  t.equal((await call('POST', `/conversations/${id}/reply`, { text: answer })).statusCode, 201);
  await call('POST', `/conversations/${id}/close`);

  // What the conversation page sends: the citizen's message and the operator's reply, as they are.
  const created = await asQa({ phrasing: question, answer });
  t.equal(created.statusCode, 201, created.body);
  const entry = created.json().entry as Entry;
  t.match(created.json(), { created: true, training: null, warning: /needs at least 2/ }, 'saved; the operator is told why the bot does not use it yet');
  t.match(entry, { question: 'A che ora apre il cimitero la domenica?', answer, phrasings: [question] }, "the citizen's words are the first phrasing, the reply the answer");
  t.match(entry.key, /^a-che-ora-apre-il-cimitero/, 'a key from the question');
  const tari = await asQa({ phrasing: 'come si paga la tari?', answer: 'La TARI si paga con il modello F24 che arriva a casa.' });
  t.match(tari.json(), { created: true, training: { version: 1 } }, 'a second entry: the model retrains');
  t.notOk('warning' in tari.json());
  await qa.runtime.trainer.whenIdle(campanile.defaultTenant.id);
  t.match(textOf(await memory.say(tenant, chat, 'a che ora apre il cimitero la domenica')), /dalle 8 alle 12/, 'the bot now answers the question itself');

  const again = await asQa({ phrasing: question, answer: 'Altra risposta.' });
  t.equal(again.statusCode, 201, 'the same question saved again is a second entry with a free key');
  t.not((again.json().entry as Entry).key, entry.key);

  const phrasing = await asQa({ phrasing: 'orari camposanto domenica', entryId: entry.id });
  t.equal(phrasing.statusCode, 200, phrasing.body);
  t.match(phrasing.json(), { created: false, entry: { id: entry.id, phrasings: [question, 'orari camposanto domenica'], answer } }, 'added as a phrasing; the answer is unchanged');
  t.same((await asQa({ phrasing: 'Orari camposanto domenica', entryId: entry.id })).json().entry.phrasings.length, 2, 'no duplicate phrasing');

  t.match((await asQa({ phrasing: question })).json(), { message: /needs the reply as its answer/ }, 'a new entry without an answer: 400');
  t.equal((await asQa({ phrasing: question })).statusCode, 400);
  t.equal((await asQa({ phrasing: '   ', answer })).statusCode, 400, 'empty words: 400');
  t.match((await asQa({ phrasing: question, answer, entryId: entry.id })).json(), { message: /leave out answer/ }, 'entryId with an answer: 400 with the reason');
  t.equal((await asQa({ phrasing: question, entryId: 999_999 })).statusCode, 404, 'an unknown entry: 404');
  t.equal((await asQa({ phrasing: question, entryId: entry.id }, { tenant: otherTenant })).statusCode, 404, "another comune's operator does not see this entry");
});

t.test('the teach route needs a signed-in user', async (t) => {
  const { fastify, tenant } = await buildHandoffApp(t, { modules: (handoff) => [baseModule, handoff, createQaModule()] });
  const response = await fastify.inject({ method: 'POST', url: `/api/v1/tenants/${tenant}/qa/entries/from-handoff`, payload: { phrasing: 'x', answer: 'y' } });
  t.equal(response.statusCode, 401);
});
