import t from 'tap';
import { QaModelError } from '../../../modules/qa/nlp/index.js';
import { buildQaApp } from '../../helpers/qa-app.js';
import { textOf } from '../../helpers/campanile.js';

const entry = (key: string, question: string, answer: string, phrasings: string[]) => ({ key, question, answer, phrasings });
type ModelStatus = { current: { version: number } | null; latest: { version: number; status: string; error: { code: string; message: string } | null } | null };

t.test('an empty or one-entry library cannot be trained, and the previous model keeps serving', async (t) => {
  const { memory, tenant, admin, train } = await buildQaApp(t);
  let refused = await train();
  t.equal(refused.status, 422, 'empty library: 422');
  t.match(refused.body, { code: 'QA_CANNOT_TRAIN', message: /needs at least 2/ }, 'the error says what to do');
  t.match(textOf(await memory.say(tenant, '1', 'orari anagrafe')), /non ho una risposta sicura/, 'no model yet: fallback');

  const anagrafe = await admin('POST', '/entries', { body: entry('orari-anagrafe', "Orari dell'anagrafe?", 'Lun–Ven 9–12.', ['orari anagrafe', "quando apre l'anagrafe"]) });
  t.equal(anagrafe.status, 201);
  refused = await train();
  t.match(refused, { status: 422, body: { code: 'QA_CANNOT_TRAIN', message: /1 entry/ } }, 'one entry: 422');

  await admin('POST', '/entries', { body: entry('tari', 'Come pago la TARI?', 'Con il modello F24.', ['pagare la tari', 'scadenza tari']) });
  const ok = (await train()).body as ModelStatus;
  t.equal(ok.current?.version, 1, 'two entries train');
  t.match(textOf(await memory.say(tenant, '1', "quando apre l'anagrafe?")), /Lun–Ven 9–12/);

  // Back to one entry: refused, and v1 keeps answering.
  t.equal((await admin('DELETE', '/entries/:id', { params: { id: (anagrafe.body as { id: number }).id } })).status, 204);
  t.match(await train(), { status: 422, body: { code: 'QA_CANNOT_TRAIN' } });
  const status = (await admin('GET', '/model')).body as ModelStatus;
  t.equal(status.current?.version, 1, 'the previous model is still current');
  t.match(textOf(await memory.say(tenant, '1', 'come pago la tari?')), /F24/, 'and still answers');
  t.match(textOf(await memory.say(tenant, '1', "quando apre l'anagrafe?")), /non ho una risposta sicura/, 'a deleted entry never answers');
});

t.test('a malformed import changes nothing and says what to fix', async (t) => {
  const { admin, train, memory, tenant } = await buildQaApp(t);
  await admin('POST', '/import-starter', { body: {} });
  await train();
  const cases: [string, { format: 'json' | 'csv'; content: string }, RegExp][] = [
    ['not JSON', { format: 'json', content: '{"entries": [' }, /not valid JSON/],
    ['no entries list', { format: 'json', content: '{"format":"campanile-qa-library"}' }, /"entries" list/],
    ['entry without answer', { format: 'json', content: '{"entries":[{"id":"a","question":"Q?","phrasings":[]}]}' }, /entry 1 \("a"\): the answer is required/],
    ['duplicate key', { format: 'json', content: '[{"id":"a","question":"Q?","answer":"A"},{"id":"a","question":"R?","answer":"B"}]' }, /appears twice/],
    ['CSV unterminated quote', { format: 'csv', content: 'question,answer\r\n"Orari?,Lun\r\n' }, /CSV line \d: a quoted field is never closed/],
    ['CSV missing header', { format: 'csv', content: 'a,b\r\nc,d\r\n' }, /header row/],
    ['CSV wrong field count', { format: 'csv', content: 'question,answer\r\nOrari?,Lun,Mar\r\n' }, /CSV row 2: 3 fields for 2 columns/],
  ];
  for (const [name, body, message] of cases) {
    const reply = await admin('POST', '/import', { body: { ...body, mode: 'replace' } });
    t.match(reply, { status: 400, body: { code: 'QA_BAD_IMPORT', message } }, name);
  }
  const listed = (await admin('GET', '/entries', { query: { limit: 500 } })).body as { total: number };
  t.equal(listed.total, 42, 'the library is unchanged');
  t.match(textOf(await memory.say(tenant, '1', "a che ora apre l'anagrafe?")), /L'ufficio anagrafe riceve/, 'the model keeps serving');
});

t.test('a training run that fails in the worker is recorded and the previous model keeps serving', async (t) => {
  let fail = false;
  const { trainClassifier } = await import('../../../modules/qa/nlp/index.js');
  const { admin, train, memory, tenant } = await buildQaApp(t, {
    train: async (entries) => {
      if (fail) throw new QaModelError('QA_WORKER_FAILED', 'The Q&A training worker crashed (out of memory); retry.');
      return (await trainClassifier(entries)).serialize();
    },
  });
  await admin('POST', '/import-starter', { body: {} });
  await train();
  fail = true;
  const status = (await train()).body as ModelStatus;
  t.match(status, { current: { version: 1 }, latest: { version: 2, status: 'failed', error: { code: 'QA_WORKER_FAILED', message: /out of memory/ } } });
  t.match(textOf(await memory.say(tenant, '1', "a che ora apre l'anagrafe?")), /L'ufficio anagrafe riceve/, 'v1 keeps serving');
  fail = false;
  t.match(((await train()).body as ModelStatus).current, { version: 3 }, 'the next run succeeds');
});
