import t from 'tap';
import { loadClassifier, trainClassifier, trainModel } from '../../../modules/qa/nlp/index.js';
import { entryThresholds, quantile } from '../../../modules/qa/nlp/entry-thresholds.js';
import { ENTRY_THRESHOLD_FLOOR, QA_ANSWER_THRESHOLD } from '../../../modules/qa/nlp/scoring.js';
import type { QaClassification } from '../../../modules/qa/nlp/types.js';

const entries = [
  { entryId: 'cimitero', phrasings: ['orari cimitero', 'quando apre il cimitero', 'il cimitero è aperto la domenica', 'orario visite cimitero', 'cimitero chiuso oggi?', 'a che ora chiude il cimitero'] },
  { entryId: 'tari', phrasings: ['come pago la tari', 'scadenza tari', 'pagamento tassa rifiuti', 'bollettino tari', 'tari in ritardo', 'quanto costa la tari'] },
  { entryId: 'anagrafe', phrasings: ['orari anagrafe', 'quando apre anagrafe', 'anagrafe aperta sabato', 'sportello anagrafe', 'anagrafe su appuntamento', 'anagrafe chiusa?'] },
];

t.test('quantile interpolates like numpy', async (t) => {
  t.equal(quantile([0.2, 0.4, 0.6], 0.5), 0.4);
  t.equal(quantile([0.2, 0.4], 0.25), 0.25);
  t.equal(quantile([0.7], 0.05), 0.7);
});

t.test('each line is scored by a classifier that never saw it; thresholds stay between floor and cap', async (t) => {
  const seen: string[][] = [];
  const thresholds = await entryThresholds(
    entries,
    async (part) => {
      const texts = part.flatMap((e) => e.phrasings);
      seen.push(texts);
      // A stand-in scorer: ranks the true entry first with a confidence that depends on the text.
      return {
        classify: async (text: string): Promise<QaClassification> => {
          t.notOk(texts.includes(text), `${text} is held out`);
          const entryId = entries.find((e) => e.phrasings.includes(text))?.entryId ?? 'x';
          const confidence = entryId === 'tari' ? 0.2 : entryId === 'cimitero' ? 0.9 : 0.42;
          return { entryId, confidence, candidates: [{ entryId, score: confidence }] };
        },
      };
    },
    0.5,
  );
  t.equal(seen.length, 3, 'three folds');
  t.same(thresholds, { cimitero: 0.5, tari: ENTRY_THRESHOLD_FLOOR, anagrafe: 0.42 }, 'capped, floored, or the low quantile');
});

t.test('trained thresholds are stored in the model and used after loading; old models use the global one', async (t) => {
  const model = await trainModel(entries);
  const values = Object.values(model.thresholds ?? {});
  t.equal(values.length, 3);
  for (const v of values) t.ok(v >= ENTRY_THRESHOLD_FLOOR && v <= QA_ANSWER_THRESHOLD, String(v));
  const loaded = await loadClassifier(JSON.stringify(model));
  t.same(loaded.serialize().thresholds, model.thresholds);
  const { thresholds: _dropped, ...legacy } = model;
  t.same((await loadClassifier(legacy)).serialize().thresholds, {}, 'a model without thresholds loads');
  t.same((await trainModel(entries, { entryThresholds: false })).thresholds, {}, 'turned off');
  const classifier = await trainClassifier(entries);
  t.equal((await classifier.classify('quando apre il cimitero')).entryId, 'cimitero');
  t.equal((await classifier.classify('che tempo fa domani a roma')).entryId, null);
});
