import t from 'tap';
import { loadClassifier, trainClassifier, trainInWorker } from '../../../modules/qa/nlp/index.js';
import { smallLibrary } from '../../helpers/qa-library.js';

t.test('training in a worker thread gives a model the main thread loads', async (t) => {
  const model = await trainInWorker(smallLibrary);
  const fromWorker = await loadClassifier(model);
  const local = await trainClassifier(smallLibrary);
  for (const text of ['quando apre la biblioteca', 'lampione rotto', 'che tempo fa domani']) {
    t.same(await fromWorker.classify(text), await local.classify(text), text);
  }
});

t.test('a bad library fails in the worker with the same typed error', async (t) => {
  await t.rejects(trainInWorker([]), { name: 'QaModelError', code: 'QA_TOO_FEW_ENTRIES' });
});
