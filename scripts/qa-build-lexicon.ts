/**
 * Build the vendored Italian lexicon the Q&A classifier loads at run time (`nlp-models/lexicon-it/`).
 * Dev tool only: it reads dev dependencies and a Debian package, the runtime reads only its output.
 *
 *   apt-get download mythes-it && dpkg-deb -x mythes-it_*.deb /tmp/mythes
 *   npx tsx scripts/qa-build-lexicon.ts [--mythes /tmp/mythes/usr/share/mythes/th_it_IT_v2.dat]
 *
 * - `lemmas.json`: inflected form → lemma (noun plurals → singular, verb forms → infinitive), from
 *   morph-it! via `italian-words-dict` / `italian-verbs-dict`, limited to the lemmas of the starter
 *   library's words and of a short list of common citizen verbs (the whole of morph-it is ~7 MB).
 * - `synonyms.json`: headword → one-word synonyms, from the Italian thesaurus (mythes-it), for the same
 *   lemmas, at most 12 each.
 * Every key and value is in `normalizeForMatch` form. Output is sorted so that a rebuild is diffable.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { normalizeForMatch } from '../modules/qa/nlp/normalize.js';
import { MUNICIPAL_SYNONYMS } from '../modules/qa/nlp/synonyms.js';
import { parseArgs, readRows } from './lib/qa-data.js';

const args = parseArgs(process.argv.slice(2));
const mythes = args.get('mythes') ?? '/tmp/mythes/usr/share/mythes/th_it_IT_v2.dat';
const out = new URL('../nlp-models/lexicon-it/', import.meta.url).pathname;
const require = createRequire(import.meta.url);

/** Verbs citizens use around any municipal service, whatever the library's wording. */
const COMMON_VERBS = [
  'andare', 'avere', 'essere', 'fare', 'dovere', 'potere', 'volere', 'sapere', 'servire', 'pagare', 'chiedere', 'prenotare',
  'ritirare', 'rinnovare', 'perdere', 'trovare', 'aprire', 'chiudere', 'venire', 'mandare', 'portare', 'prendere', 'dare',
  'dire', 'uscire', 'vedere', 'cambiare', 'spostare', 'iscrivere', 'richiedere', 'ottenere', 'segnalare', 'presentare',
];

const words = require('italian-words-dict/dist/words.json') as Record<string, { P: string | null }>;
const verbs = require('italian-verbs-dict/dist/verbs.json') as Record<string, unknown>;

/** Every string inside a verb's conjugation table. */
function forms(node: unknown, acc: string[] = []): string[] {
  if (typeof node === 'string') acc.push(node);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) forms(v, acc);
  return acc;
}

// Full form → lemmas map (a form may belong to several lemmas: "porta" noun and verb).
const lemmasOf = new Map<string, Set<string>>();
const add = (form: string, lemma: string): void => {
  const f = normalizeForMatch(form);
  const l = normalizeForMatch(lemma);
  if (f === '' || l === '' || f.includes(' ') || l.includes(' ')) return;
  const set = lemmasOf.get(f) ?? new Set<string>();
  set.add(l);
  lemmasOf.set(f, set);
};
for (const [lemma, info] of Object.entries(words)) {
  add(lemma, lemma);
  if (info.P) add(info.P, lemma);
}
for (const [lemma, table] of Object.entries(verbs)) {
  add(lemma, lemma);
  for (const f of forms(table)) add(f, lemma);
}

// The lemmas worth keeping: those of the starter library's words (and the synonyms' targets).
const library = readRows(new URL('../nlp-models/starter/it.json', import.meta.url).pathname);
const vocabulary = new Set<string>();
for (const text of [...library.map((r) => r.text), ...Object.keys(MUNICIPAL_SYNONYMS), ...Object.values(MUNICIPAL_SYNONYMS)]) {
  for (const w of normalizeForMatch(text).split(' ')) if (w.length >= 3) vocabulary.add(w);
}
const kept = new Set<string>(COMMON_VERBS);
for (const w of vocabulary) for (const l of lemmasOf.get(w) ?? []) kept.add(l);

// A form maps to its lemma when that is unambiguous among the kept lemmas; a form that is itself a
// kept lemma stays as it is (so "porta" the noun is not turned into "portare").
const lemmas: Record<string, string> = {};
for (const [form, set] of [...lemmasOf].sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (kept.has(form)) continue;
  const candidates = [...set].filter((l) => kept.has(l));
  if (candidates.length === 1 && candidates[0] !== form && form.length >= 3) lemmas[form] = candidates[0] as string;
}

// Thesaurus: "headword|n" then n lines "(pos)|syn|syn…".
const synonyms: Record<string, string[]> = {};
const lines = readFileSync(mythes, 'utf8').split('\n');
for (let i = 1; i < lines.length; ) {
  const [head, count] = (lines[i] ?? '').split('|');
  const n = Number(count);
  i += 1;
  if (!head || !Number.isFinite(n)) continue;
  const key = normalizeForMatch(head);
  const syns: string[] = [];
  for (let j = 0; j < n; j += 1, i += 1) {
    for (const s of (lines[i] ?? '').split('|').slice(1)) {
      const t = normalizeForMatch(s);
      if (t !== '' && !t.includes(' ') && t !== key && t.length >= 4) syns.push(t);
    }
  }
  if (kept.has(key) && key.length >= 4) {
    const list = [...new Set([...(synonyms[key] ?? []), ...syns])].slice(0, 12);
    if (list.length) synonyms[key] = list;
  }
}
const sortedSynonyms = Object.fromEntries(Object.entries(synonyms).sort(([a], [b]) => (a < b ? -1 : 1)));

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'lemmas.json'), `${JSON.stringify(lemmas)}\n`);
writeFileSync(join(out, 'synonyms.json'), `${JSON.stringify(sortedSynonyms)}\n`);
console.log(JSON.stringify({ lemmas: Object.keys(lemmas).length, keptLemmas: kept.size, synonyms: Object.keys(sortedSynonyms).length }));
