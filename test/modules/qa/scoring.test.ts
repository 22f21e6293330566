import t from 'tap';
import { CENTROID_WEIGHT, combineScores, NLP_WEIGHT } from '../../../modules/qa/nlp/index.js';
import { CentroidIndex, stemWord } from '../../../modules/qa/nlp/lexical-index.js';
import { Speller } from '../../../modules/qa/nlp/spelling.js';

t.test('combineScores: three signals, weights summing to 1', async (t) => {
  t.ok(Math.abs(combineScores(1, 1, NLP_WEIGHT, 1, CENTROID_WEIGHT) - 1) < 1e-12);
  t.equal(combineScores(0.98, 0.75, 0.5), 0.865);
  t.ok(Math.abs(combineScores(1, 0.5, 0.3, 0.75, 0.4) - 0.75) < 1e-12);
});

t.test('CentroidIndex ranks the entry whose phrasings share the words, stems included', async (t) => {
  const index = new CentroidIndex([
    { entryId: 'tari', phrasings: ['come pago la tari', 'pagamento tari', 'scadenza tari'] },
    { entryId: 'anagrafe', phrasings: ['orari anagrafe', 'quando apre anagrafe'] },
  ]);
  const scores = index.scores('pagamenti della tari');
  t.ok((scores.get('tari') ?? 0) > (scores.get('anagrafe') ?? 0));
  t.equal(index.scores('').size, 0);
  t.equal(stemWord('pagamenti'), stemWord('pagamento'));
});

t.test('Speller: corrections are unchanged by the length buckets and the cache', async (t) => {
  const speller = new Speller(['orari anagrafe', 'ritiro ingombranti', 'carta identita']);
  t.equal(speller.correct('orari anagarfe'), 'orari anagrafe');
  t.equal(speller.correct('orari anagarfe'), 'orari anagrafe');
  t.equal(speller.correct('ritiro ingombrnati'), 'ritiro ingombranti');
  t.equal(speller.correct('meteo domani'), 'meteo domani');
});
