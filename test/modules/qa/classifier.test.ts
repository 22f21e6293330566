import t from 'tap';
import { loadClassifier, QA_ANSWER_THRESHOLD, QaModelError, trainClassifier } from '../../../modules/qa/nlp/index.js';
import { smallLibrary } from '../../helpers/qa-library.js';

const classifier = await trainClassifier(smallLibrary);

t.test('a known question is answered with its entry', async (t) => {
  const r = await classifier.classify("Quando apre l'anagrafe?");
  t.equal(r.entryId, 'orari-anagrafe');
  t.ok(r.confidence >= QA_ANSWER_THRESHOLD);
  t.equal(r.candidates[0]?.entryId, 'orari-anagrafe');
  t.ok(r.candidates.length <= 3);
});

t.test('a paraphrase is answered', async (t) => {
  t.equal((await classifier.classify('entro quando si paga la tari?')).entryId, 'tari-pagamento');
  t.equal((await classifier.classify('devo rinnovare la carta d’identità, cosa devo portare?')).entryId, 'carta-identita');
});

t.test('typos and missing accents are tolerated', async (t) => {
  t.equal((await classifier.classify('orari anagarfe')).entryId, 'orari-anagrafe');
  t.equal((await classifier.classify('ritiro ingombrnati')).entryId, 'ingombranti');
  t.equal((await classifier.classify('carta d identita scaduta')).entryId, 'carta-identita');
});

t.test('out-of-scope questions are rejected, with candidates kept for operators', async (t) => {
  for (const text of ['che tempo fa domani?', 'chi ha vinto la partita ieri sera', 'ricetta della carbonara', '']) {
    const r = await classifier.classify(text);
    t.equal(r.entryId, null, text);
    t.ok(r.confidence < QA_ANSWER_THRESHOLD, text);
  }
});

t.test('serialise → load gives identical classifications', async (t) => {
  const model = classifier.serialize();
  t.equal(model.format, 'campanile-qa-model');
  t.equal(model.version, 1);
  const loaded = await loadClassifier(JSON.stringify(model));
  t.same(loaded.entryIds, classifier.entryIds);
  for (const text of ['orari biblioteca', 'lampione spento in via roma', 'meteo domani', 'come pago la tassa rifiuti']) {
    t.same(await loaded.classify(text), await classifier.classify(text), text);
  }
});

t.test('a broken model gives a QaModelError that says to retrain', async (t) => {
  await t.rejects(loadClassifier('{not json'), QaModelError);
  await t.rejects(loadClassifier('{"format":"other"}'), { code: 'QA_BAD_MODEL', message: /retrain/ });
});

t.test('empty, one-entry and malformed libraries give a clear typed error', async (t) => {
  await t.rejects(trainClassifier([]), { name: 'QaModelError', code: 'QA_TOO_FEW_ENTRIES', message: /at least 2/ });
  await t.rejects(trainClassifier([smallLibrary[0]!]), { code: 'QA_TOO_FEW_ENTRIES', message: /Add entries/ });
  await t.rejects(trainClassifier([{ entryId: 'a', phrasings: ['?!'] }, smallLibrary[1]!]), { code: 'QA_EMPTY_ENTRY' });
  await t.rejects(trainClassifier([smallLibrary[1]!, smallLibrary[1]!]), { code: 'QA_DUPLICATE_ENTRY' });
  const error = await trainClassifier([]).catch((e: unknown) => e);
  t.ok(error instanceof QaModelError);
});
