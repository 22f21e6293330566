/**
 * Tuning tool (dev splits only): dump per-question, per-entry raw signals as JSONL for analysis.
 *   tsx scripts/qa-dump.ts --train T --test S --oos O --out F.jsonl
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { prepareEntries } from '../modules/qa/nlp/classifier.js';
import { nlpScores, trainNlp } from '../modules/qa/nlp/nlpjs-engine.js';
import { LexicalIndex } from '../modules/qa/nlp/lexical-index.js';
import { normalizeForMatch } from '../modules/qa/nlp/normalize.js';
import { canonicalize, MUNICIPAL_SYNONYMS } from '../modules/qa/nlp/synonyms.js';
import { Speller } from '../modules/qa/nlp/spelling.js';
import { parseArgs, readRows, toEntries } from './lib/qa-data.js';

const require = createRequire(import.meta.url);
const { StemmerIt } = require('@nlpjs/lang-it') as { StemmerIt: new () => { stemWord(w: string): string } };
const stemmer = new StemmerIt();
const stemCache = new Map<string, string>();
const stem = (w: string): string => {
  let s = stemCache.get(w);
  if (s === undefined) stemCache.set(w, (s = stemmer.stemWord(w) || w));
  return s;
};
const STOP = new Set(
  ('il lo la i gli le l un uno una di a da in con su per tra fra del dello della dei degli delle dell ' +
    'al allo alla ai agli alle all dal dallo dalla dai dagli dalle dall nel nello nella nei negli nelle nell ' +
    'sul sullo sulla sui sugli sulle sull e ed o che mi ti si ci vi ne me te se c').split(' '),
);

interface Opt { words: 'raw' | 'stem' | 'none'; wordW: number; nmin: number; nmax: number; sub: boolean; agg: 'max' | 'centroid' | 'top2' }

class Idx {
  idf = new Map<string, number>();
  docs: Map<string, number>[] = [];
  docEntry: string[] = [];
  cents = new Map<string, Map<string, number>>();
  constructor(private o: Opt, entries: { entryId: string; phrasings: string[] }[]) {
    const raw: Map<string, number>[] = [];
    for (const e of entries) for (const p of e.phrasings) { raw.push(this.feat(p)); this.docEntry.push(e.entryId); }
    const df = new Map<string, number>();
    for (const d of raw) for (const k of d.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    for (const [k, n] of df) this.idf.set(k, Math.log(1 + raw.length / n));
    this.docs = raw.map((d) => this.weigh(d, false));
    const byE = new Map<string, Map<string, number>>();
    raw.forEach((d, i) => {
      const e = this.docEntry[i]!;
      const m = byE.get(e) ?? new Map();
      for (const [k, v] of this.docs[i]!) m.set(k, (m.get(k) ?? 0) + v);
      byE.set(e, m);
    });
    for (const [e, m] of byE) this.cents.set(e, norm(m));
  }
  feat(text: string): Map<string, number> {
    const c = new Map<string, number>();
    const add = (k: string, w: number): void => { c.set(k, (c.get(k) ?? 0) + w); };
    for (const t of text.split(' ')) {
      if (!t || STOP.has(t)) continue;
      if (this.o.words === 'raw') add('w:' + t, this.o.wordW);
      if (this.o.words === 'stem') add('w:' + stem(t), this.o.wordW);
      const p = `#${t}#`;
      for (let n = this.o.nmin; n <= this.o.nmax; n++) for (let i = 0; i + n <= p.length; i++) add(`c${n}:` + p.slice(i, i + n), 1);
    }
    return c;
  }
  weigh(c: Map<string, number>, query: boolean): Map<string, number> {
    const v = new Map<string, number>();
    const maxIdf = Math.log(1 + this.docEntry.length);
    for (const [k, n] of c) v.set(k, (this.o.sub ? 1 + Math.log(n) : n) * (this.idf.get(k) ?? (query ? maxIdf : 0)));
    return norm(v);
  }
  scores(text: string): Map<string, number> {
    const q = this.weigh(this.feat(text), true);
    const r = new Map<string, number>();
    if (this.o.agg === 'centroid') {
      for (const [e, c] of this.cents) r.set(e, dot(q, c));
      return r;
    }
    const per = new Map<string, number[]>();
    this.docs.forEach((d, i) => {
      const e = this.docEntry[i]!;
      const l = per.get(e) ?? [];
      l.push(dot(q, d));
      per.set(e, l);
    });
    for (const [e, l] of per) {
      l.sort((a, b) => b - a);
      r.set(e, this.o.agg === 'max' ? l[0]! : (l[0]! + (l[1] ?? l[0]!)) / 2);
    }
    return r;
  }
}
function norm(v: Map<string, number>): Map<string, number> {
  let s = 0;
  for (const x of v.values()) s += x * x;
  s = Math.sqrt(s) || 1;
  for (const [k, x] of v) v.set(k, x / s);
  return v;
}
function dot(a: Map<string, number>, b: Map<string, number>): number {
  let s = 0;
  const [x, y] = a.size < b.size ? [a, b] : [b, a];
  for (const [k, v] of x) { const w = y.get(k); if (w) s += v * w; }
  return s;
}

const args = parseArgs(process.argv.slice(2));
const train = readRows(args.get('train')!);
const test = readRows(args.get('test')!);
const oos = args.get('oos') ? readRows(args.get('oos')!) : [];
const syn = args.has('no-synonyms') ? {} : MUNICIPAL_SYNONYMS;
const entries = prepareEntries(toEntries(train), syn);
const nlp = await trainNlp(entries);
const lexA = new LexicalIndex(entries);
const variants: Record<string, Opt> = {
  c35max: { words: 'raw', wordW: 2, nmin: 3, nmax: 5, sub: true, agg: 'max' },
  stemmax: { words: 'stem', wordW: 2, nmin: 3, nmax: 3, sub: true, agg: 'max' },
  stem35: { words: 'stem', wordW: 2, nmin: 3, nmax: 5, sub: true, agg: 'max' },
  stemcent: { words: 'stem', wordW: 2, nmin: 3, nmax: 3, sub: true, agg: 'centroid' },
  stemtop2: { words: 'stem', wordW: 2, nmin: 3, nmax: 3, sub: true, agg: 'top2' },
  wordonly: { words: 'stem', wordW: 1, nmin: 9, nmax: 8, sub: true, agg: 'max' },
};
const idxs = Object.fromEntries(Object.entries(variants).map(([k, o]) => [k, new Idx(o, entries)]));
const speller = new Speller(entries.flatMap((e) => e.phrasings));
const vocabByEntry = new Map(entries.map((e) => [e.entryId, new Set(e.phrasings.flatMap((p) => p.split(' ')).map(stem))]));
const vocabAll = new Set([...vocabByEntry.values()].flatMap((s) => [...s]));
const out: string[] = [];
for (const [kind, rows] of [['in', test], ['oos', oos]] as const) {
  for (const row of rows) {
    const n = canonicalize(speller.correct(canonicalize(normalizeForMatch(row.text), syn)), syn);
    const toks = n.split(' ').filter((t) => t && !STOP.has(t)).map(stem);
    const nl = await nlpScores(nlp, n);
    const la = lexA.scores(n);
    const vs = Object.fromEntries(Object.entries(idxs).map(([k, ix]) => [k, ix.scores(n)]));
    const cands: Record<string, number[]> = {};
    for (const e of entries) {
      const voc = vocabByEntry.get(e.entryId)!;
      const cov = toks.length ? toks.filter((t) => voc.has(t)).length / toks.length : 0;
      cands[e.entryId] = [nl.get(e.entryId) ?? 0, la.get(e.entryId) ?? 0, ...Object.keys(variants).map((k) => vs[k]!.get(e.entryId) ?? 0), cov];
    }
    const known = toks.length ? toks.filter((t) => vocabAll.has(t)).length / toks.length : 0;
    out.push(JSON.stringify({ kind, label: row.label, ntok: toks.length, known, cands }));
  }
}
writeFileSync(args.get('out')!, out.join('\n') + '\n');
console.log('cols', ['nlp', 'lexA', ...Object.keys(variants), 'cov'].join(','), out.length);
