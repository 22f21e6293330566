import t from 'tap';
import { loadClassifier, trainClassifier } from '../../../modules/qa/nlp/index.js';
import { OUT_OF_SCOPE_ID } from '../../../modules/qa/nlp/off-topic.js';
import { smallLibrary } from '../../helpers/qa-library.js';

t.test('the explicit out-of-scope class turns off-topic questions away and never shows as an entry', async (t) => {
  const classifier = await trainClassifier(smallLibrary, { outOfScope: true, calibrate: false });
  t.notOk(classifier.entryIds.includes(OUT_OF_SCOPE_ID), 'not a library entry');
  const offTopic = await classifier.classify('che tempo fa domani, serve ombrello?');
  t.equal(offTopic.outOfScope, true);
  t.equal(offTopic.decision, 'fallback');
  t.equal(offTopic.entryId, null);
  t.notOk(offTopic.candidates.some((c) => c.entryId === OUT_OF_SCOPE_ID), 'candidates are library entries only');

  const asked = await classifier.classify('quando apre la biblioteca');
  t.not(asked.outOfScope, true);
  t.not(asked.candidates[0]?.entryId, OUT_OF_SCOPE_ID);

  const loaded = await loadClassifier(classifier.serialize());
  t.same(await loaded.classify('che tempo fa domani, serve ombrello?'), offTopic, 'the class survives storage');
});

t.test('off by default: no out-of-scope flag', async (t) => {
  const classifier = await trainClassifier(smallLibrary, { calibrate: false });
  t.not((await classifier.classify('che tempo fa domani, serve ombrello?')).outOfScope, true);
});
