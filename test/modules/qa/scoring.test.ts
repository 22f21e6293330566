import t from 'tap';
import { CENTROID_WEIGHT, combineScores, NLP_WEIGHT, SOFTMAX_WEIGHT } from '../../../modules/qa/nlp/index.js';
import { CentroidIndex, stemWord } from '../../../modules/qa/nlp/lexical-index.js';
import { SoftmaxModel } from '../../../modules/qa/nlp/softmax-model.js';
import { Speller } from '../../../modules/qa/nlp/spelling.js';

t.test('combineScores: four signals, weights summing to 1', async (t) => {
  t.ok(Math.abs(combineScores(1, 1, NLP_WEIGHT, 1, CENTROID_WEIGHT, 1, SOFTMAX_WEIGHT) - 1) < 1e-12);
  t.ok(Math.abs(combineScores(1, 0.5, 0.1, 0, 0, 0.9, 0.4) - 0.71) < 1e-12);
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

t.test('SoftmaxModel: ranks by discriminative features, deterministic, flat on unknown words', async (t) => {
  const entries = [
    { entryId: 'tari', phrasings: ['come pago la tari', 'pagamento tari', 'scadenza tari', 'tari pagamento online'] },
    { entryId: 'anagrafe', phrasings: ['orari anagrafe', 'quando apre anagrafe', 'anagrafe aperta sabato'] },
    { entryId: 'cimitero', phrasings: ['orari cimitero', 'quando apre il cimitero'] },
  ];
  const model = new SoftmaxModel(entries);
  const scores = model.scores('pagamenti della tari');
  t.ok((scores.get('tari') ?? 0) > 0.5);
  t.ok(Math.abs([...scores.values()].reduce((a, b) => a + b, 0) - 1) < 1e-9);
  // "orari" is shared by two entries: the entry-specific word decides.
  t.ok((model.scores('orari del cimitero').get('cimitero') ?? 0) > (model.scores('orari del cimitero').get('anagrafe') ?? 0));
  t.same(new SoftmaxModel(entries).scores('quando apre'), model.scores('quando apre'));
  t.ok(model.coverage('meteo domani a trento') < model.coverage('orari anagrafe'));
  t.ok(Math.max(...model.scores('meteo domani a trento').values()) < Math.max(...model.scores('orari anagrafe').values()));
  t.equal(model.scores('').size, 0);
});

t.test('SoftmaxModel.build: same weights as the constructor, and the event loop runs between slices', async (t) => {
  const entries = Array.from({ length: 6 }, (_, e) => ({
    entryId: `e${e}`,
    phrasings: Array.from({ length: 40 }, (_, i) => `domanda ${e} numero ${i} parola${e}x${i % 7}`),
  }));
  let turns = 0;
  let counting = true;
  const count = (): void => {
    turns += 1;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  // sliceMs 0: yield after every step of 32 phrasings (240 phrasings, 5 epochs).
  const sliced = await SoftmaxModel.build(entries, {}, 0);
  counting = false;
  t.ok(turns >= 20, `other callbacks ran ${turns} times during the build`);
  const whole = new SoftmaxModel(entries);
  for (const text of ['domanda 3 parola3x2', 'numero 5', 'meteo domani']) t.same(sliced.scores(text), whole.scores(text), text);
});

t.test('Speller: corrections are unchanged by the length buckets and the cache', async (t) => {
  const speller = new Speller(['orari anagrafe', 'ritiro ingombranti', 'carta identita']);
  t.equal(speller.correct('orari anagarfe'), 'orari anagrafe');
  t.equal(speller.correct('orari anagarfe'), 'orari anagrafe');
  t.equal(speller.correct('ritiro ingombrnati'), 'ritiro ingombranti');
  t.equal(speller.correct('meteo domani'), 'meteo domani');
});
