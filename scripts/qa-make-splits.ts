/**
 * Write the evaluation splits used in docs/qa-evaluation.md into one output folder.
 *
 *   tsx scripts/qa-make-splits.ts --out /tmp/qa-splits [--xsid /work/shared/datasets/xsid-it]
 *
 * - starter-dev/: tuning split of the starter library. train = it.json minus the last 2 phrasings
 *   of every entry; test = those last 2; oos = oos-dev-it.jsonl. (The reported test files,
 *   heldout-it.jsonl and oos-it.jsonl, are never used for tuning.)
 * - xsid-fold{0,1,2}/: intent hold-out on xSID. Intents sorted by name; fold k holds out every
 *   intent whose index % 3 == k, plus alarm/time_left_on_alarm (absent from it.valid) in every fold.
 *   train = it.valid rows of the kept intents, test = it.test rows of the kept intents,
 *   oos = it.test rows of the held-out intents.
 * - xsid-dev-fold{0,1,2}/: the same hold-out inside it.valid only (for tuning): of each kept
 *   intent, every third valid row is the dev test, the rest train; oos = valid rows of held-out intents.
 * xSID is CC BY-SA 4.0: the derived files stay outside the repository.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, readRows } from './lib/qa-data.js';
import type { LabelledRow } from './lib/qa-data.js';

const args = parseArgs(process.argv.slice(2));
const out = args.get('out') ?? '/tmp/qa-splits';
const xsid = args.get('xsid') ?? '/work/shared/datasets/xsid-it';
const starterDir = new URL('../nlp-models/starter/', import.meta.url).pathname;

function write(dir: string, name: string, rows: readonly LabelledRow[]): void {
  mkdirSync(join(out, dir), { recursive: true });
  writeFileSync(join(out, dir, name), rows.map((r) => JSON.stringify({ text: r.text, label: r.label })).join('\n') + '\n');
}

// Starter library dev split.
const library = readRows(join(starterDir, 'it.json'));
const byLabel = new Map<string, LabelledRow[]>();
for (const row of library) byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), row]);
const devTrain: LabelledRow[] = [];
const devTest: LabelledRow[] = [];
for (const rows of byLabel.values()) {
  devTrain.push(...rows.slice(0, -2));
  devTest.push(...rows.slice(-2));
}
write('starter-dev', 'train.jsonl', devTrain);
write('starter-dev', 'test.jsonl', devTest);
write('starter-dev', 'oos.jsonl', readRows(join(starterDir, 'oos-dev-it.jsonl')));

// xSID intent hold-out folds.
const valid = readRows(join(xsid, 'it.valid.jsonl'));
const test = readRows(join(xsid, 'it.test.jsonl'));
const intents = [...new Set([...valid, ...test].map((r) => r.label))].sort();
const trainable = new Set(valid.map((r) => r.label));
for (let fold = 0; fold < 3; fold += 1) {
  const heldOut = new Set(intents.filter((label, i) => i % 3 === fold || !trainable.has(label)));
  write(`xsid-fold${fold}`, 'train.jsonl', valid.filter((r) => !heldOut.has(r.label)));
  write(`xsid-fold${fold}`, 'test.jsonl', test.filter((r) => !heldOut.has(r.label)));
  write(`xsid-fold${fold}`, 'oos.jsonl', test.filter((r) => heldOut.has(r.label)));
  const kept = valid.filter((r) => !heldOut.has(r.label));
  write(`xsid-dev-fold${fold}`, 'train.jsonl', kept.filter((_, i) => i % 3 !== 2));
  write(`xsid-dev-fold${fold}`, 'test.jsonl', kept.filter((_, i) => i % 3 === 2));
  write(`xsid-dev-fold${fold}`, 'oos.jsonl', valid.filter((r) => heldOut.has(r.label)));
  console.log(`xsid fold ${fold}: held out ${[...heldOut].join(', ')}`);
}
console.log(`splits written to ${out}`);
