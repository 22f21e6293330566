import t from 'tap';
import { buildQaApp } from '../../helpers/qa-app.js';
import { textOf } from '../../helpers/campanile.js';

type Group = { id: number; text: string; status: string; count: number; examples: string[]; nowAnswered: { key: string } | null };
type Inbox = { total: number; items: Group[] };

const FALLBACK = /non ho una risposta sicura/;


t.test('a citizen is answered, the unknown question is taught from the inbox, and the bot then answers it', async (t) => {
  const { memory, tenant, admin, train } = await buildQaApp(t);
  const imported = await admin('POST', '/import-starter', { body: {} });
  t.same(imported, { status: 200, body: { created: 42, updated: 0, deleted: 0 } }, 'the starter library is imported');
  const trained = (await train()).body as { current: { version: number; status: string; entryCount: number } };
  t.match(trained.current, { version: 1, status: 'ready', entryCount: 42 }, 'model v1 trained off the main thread');

  // A known question is answered with the entry's text.
  t.match(textOf(await memory.say(tenant, '100', "A che ora apre l’anagrafe?")), /L'ufficio anagrafe riceve il pubblico/, 'a known question is answered');

  // An unknown one gets the polite fallback with the menu, and lands in the inbox.
  const unknown = await memory.say(tenant, '100', 'dove si noleggiano le biciclette elettriche?');
  t.match(textOf(unknown), FALLBACK, 'unknown question: fallback');
  t.ok(unknown.at(-1)?.choices?.some((c) => c.payload === 'base:categories'), 'the fallback offers the menu');
  // Repeats group: the same words differently typed, and a near-identical one (typo).
  await memory.say(tenant, '101', 'Dove si noleggiano le biciclette elettriche???');
  await memory.say(tenant, '102', 'dove si noleggiano le bicilette elettriche');
  // A different question is its own group.
  await memory.say(tenant, '103', "c'è un campo da tennis pubblico?");
  let inbox = (await admin('GET', '/inbox')).body as Inbox;
  t.equal(inbox.items[0]?.count, 3, 'repeated and near-identical questions share a group with a count, most asked first');
  t.equal(inbox.items[0]?.examples.length, 3, 'the group keeps each wording');
  const bikes = inbox.items[0] as Group;
  t.same(inbox.items.map((g) => g.count), [3, 1], 'two groups');

  // The operator creates an entry from the group in one step, then retrains.
  const created = await admin('POST', '/inbox/:id/create-entry', {
    params: { id: bikes.id },
    body: { answer: 'Le biciclette elettriche si noleggiano in piazza Municipio, 9–18.', tags: ['bici', 'noleggio'] },
  });
  t.equal(created.status, 201, 'entry created from the inbox');
  t.match(created.body, { entry: { key: 'dove-si-noleggiano-le-biciclette-elettriche', question: 'Dove si noleggiano le biciclette elettriche?', phrasings: ['dove si noleggiano le biciclette elettriche?', 'dove si noleggiano le biciclette elettriche???', 'dove si noleggiano le bicilette elettriche'] }, group: { status: 'done' } });
  const v2 = (await train()).body as { current: { version: number } };
  t.equal(v2.current.version, 2, 'model v2 replaces v1 without a restart');

  // After retraining, the inbox shows which logged questions the new model answers.
  inbox = (await admin('GET', '/inbox', { query: { status: 'all' } })).body as Inbox;
  t.equal(inbox.items.find((g) => g.id === bikes.id)?.nowAnswered?.key, 'dove-si-noleggiano-le-biciclette-elettriche', 'the inbox shows the new model answers it');
  t.equal(inbox.items.find((g) => g.text.includes('tennis'))?.nowAnswered, null, 'and that it still does not answer the other one');

  // The same question, and a paraphrase, are now answered.
  t.match(textOf(await memory.say(tenant, '104', 'dove si noleggiano le biciclette elettriche?')), /piazza Municipio/, 'same question answered');
  t.match(textOf(await memory.say(tenant, '105', 'noleggio di biciclette elettriche')), /piazza Municipio/, 'paraphrase answered');
  t.match(textOf(await memory.say(tenant, '105', 'quando passa il camion della carta?')), /carta|raccolta/i, 'the starter entries still answer');

  // Ignored stays ignored.
  await memory.say(tenant, '106', 'chi ha vinto la partita ieri sera?');
  inbox = (await admin('GET', '/inbox')).body as Inbox;
  const football = inbox.items.find((g) => g.text.includes('partita')) as Group;
  t.equal((await admin('POST', '/inbox/:id/ignore', { params: { id: football.id } })).status, 200);
  t.match(textOf(await memory.say(tenant, '107', 'Chi ha vinto la partita ieri sera')), FALLBACK);
  inbox = (await admin('GET', '/inbox')).body as Inbox;
  t.notOk(inbox.items.some((g) => g.id === football.id), 'an ignored group does not come back to the inbox');
  const ignored = (await admin('GET', '/inbox', { query: { status: 'ignored' } })).body as Inbox;
  t.match(ignored.items, [{ id: football.id, status: 'ignored', count: 2 }], 'asked again, it stays ignored and still counts');
});

t.test('erasing a person removes their logged questions', async (t) => {
  const { app, memory, tenant, admin, train } = await buildQaApp(t);
  await admin('POST', '/import-starter', { body: {} });
  await train();
  await memory.say(tenant, '200', 'orari della piscina comunale coperta?');
  await memory.say(tenant, '201', 'orari della piscina comunale coperta?');
  await memory.say(tenant, '200', "c'è un campo da tennis pubblico?");
  let inbox = (await admin('GET', '/inbox')).body as Inbox;
  t.same(inbox.items.map((g) => g.count), [2, 1]);

  await memory.say(tenant, '200', '/cancella');
  t.match(textOf(await memory.press(tenant, '200', 'base:erase:yes')), /cancellato tutti i tuoi dati/);
  inbox = (await admin('GET', '/inbox')).body as Inbox;
  t.same(inbox.items.map((g) => [g.text, g.count]), [['orari della piscina comunale coperta?', 1]], "only the other person's question is left");
  const rows = await app.db.em.getKnex()('qa_unanswered_question').count({ n: '*' });
  t.equal(Number(rows[0]?.n), 1, 'the erased person has no logged question left');
});

t.test('logged questions follow the comune\'s conversation retention; groups are recounted, emptied ones go', async (t) => {
  const { app, memory, tenant, admin, train } = await buildQaApp(t);
  await admin('POST', '/import-starter', { body: {} });
  await train();
  await memory.say(tenant, '300', 'orari della piscina comunale coperta?');
  await memory.say(tenant, '301', 'orari della piscina comunale coperta?');
  await memory.say(tenant, '300', "c'è un campo da tennis pubblico?");
  // Two of the three were asked long ago (the default conversation retention is 180 days).
  const now = new Date();
  const old = new Date(now.getTime() - 200 * 24 * 60 * 60 * 1000);
  const knex = app.db.em.getKnex();
  const rows = await knex('qa_unanswered_question').select('id', 'text').orderBy('id');
  await knex('qa_unanswered_question').whereIn('id', [rows[0]?.id, rows[2]?.id]).update({ asked_at: old });

  const report = await app.services.retention.runOnce(now);
  t.match(report.tenants.find((r) => r.tenant === tenant)?.deleted, { 'module:qa': { questions: 2, groups: 1 } }, 'counts only');
  const inbox = (await admin('GET', '/inbox')).body as Inbox;
  t.same(inbox.items.map((g) => [g.text, g.count]), [['orari della piscina comunale coperta?', 1]], 'the recent question is left, its group recounted');
  const left = await knex('qa_unanswered_question').count({ n: '*' });
  t.equal(Number(left[0]?.n), 1);
});
