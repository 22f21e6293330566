/**
 * Tuning tool (dev splits only): dump, per question and per entry, the shipped signals (NLP.js,
 * nearest-phrasing cosine, centroid cosine) and the softmax model's probability under several
 * hyper-parameter settings, as JSONL for offline weight/threshold search.
 *   tsx scripts/qa-tune.ts --train T --test S --oos O --out F.jsonl [--variants '[{"l2":1e-4},…]'] [--cv 5]
 * Each output line: {kind: "in"|"oos"|"cv", label, coverage (first variant's), cands: {entryId: [nlp, nearest, centroid, sm0, sm1, …]}}.
 * Prints the softmax training time of each variant.
 */
import { writeFileSync } from 'node:fs';
import { prepareEntries } from '../modules/qa/nlp/classifier.js';
import { nlpScores, trainNlp } from '../modules/qa/nlp/nlpjs-engine.js';
import { CentroidIndex, LexicalIndex } from '../modules/qa/nlp/lexical-index.js';
import { normalizeForMatch } from '../modules/qa/nlp/normalize.js';
import { ProperNames } from '../modules/qa/nlp/proper-names.js';
import { SoftmaxModel } from '../modules/qa/nlp/softmax-model.js';
import type { SoftmaxModelOptions } from '../modules/qa/nlp/softmax-model.js';
import { canonicalize, MUNICIPAL_SYNONYMS } from '../modules/qa/nlp/synonyms.js';
import { Speller } from '../modules/qa/nlp/spelling.js';
import { parseArgs, readRows, toEntries } from './lib/qa-data.js';

const args = parseArgs(process.argv.slice(2));
const train = readRows(args.get('train')!);
const test = readRows(args.get('test')!);
const oos = args.get('oos') ? readRows(args.get('oos')!) : [];
const variants = JSON.parse(args.get('variants') ?? '[{}]') as SoftmaxModelOptions[];
const entries = prepareEntries(toEntries(train), MUNICIPAL_SYNONYMS);
const nlp = await trainNlp(entries);
const lexical = new LexicalIndex(entries);
const centroids = new CentroidIndex(entries);
const models = variants.map((v) => {
  const t0 = performance.now();
  const model = new SoftmaxModel(entries, v);
  console.log(`softmax ${JSON.stringify(v)}: ${Math.round(performance.now() - t0)} ms`);
  return model;
});
const speller = new Speller(entries.flatMap((e) => e.phrasings));
// Same pipeline as QaClassifier.classify: names out, synonyms, speller, synonyms again.
const names = args.has('keep-names') ? null : new ProperNames(entries.flatMap((e) => e.phrasings), MUNICIPAL_SYNONYMS, speller);
const withoutNames = (text: string): string => names?.strip(text) ?? text;
const out: string[] = [];
for (const [kind, rows] of [['in', test], ['oos', oos]] as const) {
  for (const row of rows) {
    const n = canonicalize(speller.correct(canonicalize(normalizeForMatch(withoutNames(row.text)), MUNICIPAL_SYNONYMS)), MUNICIPAL_SYNONYMS);
    const signals = [await nlpScores(nlp, n), lexical.scores(n), centroids.scores(n), ...models.map((m) => m.scores(n))];
    const cands: Record<string, number[]> = {};
    for (const e of entries) cands[e.entryId] = signals.map((s) => Number((s.get(e.entryId) ?? 0).toFixed(5)));
    out.push(JSON.stringify({ kind, label: row.label, coverage: models[0]?.coverage(n) ?? 0, cands }));
  }
}
// --cv k: also score every training line with nearest/centroid/softmax models trained on the other
// k−1 folds (line i is in fold i % k); NLP.js is not retrained (column 0 is 0). Kind "cv".
const folds = Number(args.get('cv') ?? 0);
for (let fold = 0; fold < folds; fold += 1) {
  const trainPart = train.filter((_, i) => i % folds !== fold);
  const heldOut = train.filter((_, i) => i % folds === fold);
  const part = prepareEntries(toEntries(trainPart), MUNICIPAL_SYNONYMS);
  const partLexical = new LexicalIndex(part);
  const partCentroids = new CentroidIndex(part);
  const partModels = variants.map((v) => new SoftmaxModel(part, v));
  const partSpeller = new Speller(part.flatMap((e) => e.phrasings));
  const partNames = args.has('keep-names') ? null : new ProperNames(part.flatMap((e) => e.phrasings), MUNICIPAL_SYNONYMS, partSpeller);
  for (const row of heldOut) {
    const text = partNames?.strip(row.text) ?? row.text;
    const n = canonicalize(partSpeller.correct(canonicalize(normalizeForMatch(text), MUNICIPAL_SYNONYMS)), MUNICIPAL_SYNONYMS);
    // NLP.js is not retrained per fold: column 0 is the full model's score of the (seen) line.
    const full = canonicalize(speller.correct(canonicalize(normalizeForMatch(withoutNames(row.text)), MUNICIPAL_SYNONYMS)), MUNICIPAL_SYNONYMS);
    const signals = [await nlpScores(nlp, full), partLexical.scores(n), partCentroids.scores(n), ...partModels.map((m) => m.scores(n))];
    const cands: Record<string, number[]> = {};
    for (const e of entries) cands[e.entryId] = signals.map((s) => Number((s.get(e.entryId) ?? 0).toFixed(5)));
    out.push(JSON.stringify({ kind: 'cv', label: row.label, coverage: 0, cands }));
  }
}
writeFileSync(args.get('out')!, out.join('\n') + '\n');
console.log(`${out.length} rows → ${args.get('out')}`);
