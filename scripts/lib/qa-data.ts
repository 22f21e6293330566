/**
 * Data loading for the Q&A evaluation scripts: `{"text","label"}` JSONL files and the starter
 * library JSON, both turned into training entries or labelled rows.
 */
import { readFileSync } from 'node:fs';
import type { QaTrainingEntry } from '../../modules/qa/nlp/index.js';

/** One labelled question; `label` is an entry id (or anything, for out-of-scope rows). */
export interface LabelledRow {
  text: string;
  label: string;
  /** A library's canonical question or tag line: kept by `subsample` (a real library always has them). */
  fixed?: boolean;
}

/** Shape of `nlp-models/starter/it.json` (only the fields the scripts read). */
interface StarterLibrary {
  entries: { id: string; question?: string; tags?: string[]; phrasings: string[] }[];
}

/**
 * Read labelled rows from a JSONL file, or from a starter library JSON (one row per phrasing, plus
 * one for the canonical question and one for the tags).
 *
 * @example
 * const rows = readRows('nlp-models/starter/heldout-it.jsonl');
 */
export function readRows(path: string): LabelledRow[] {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) {
    const library = JSON.parse(text) as StarterLibrary;
    // The canonical question and the tags (as one keyword line) are training text too: the module
    // trains them the same way (see `libraryToTrainingEntries`).
    return library.entries.flatMap((e) =>
      [
        ...[e.question ?? '', (e.tags ?? []).join(' ')].filter((p) => p !== '').map((p) => ({ text: p, label: e.id, fixed: true })),
        ...e.phrasings.filter((p) => p !== '').map((p) => ({ text: p, label: e.id })),
      ],
    );
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<LabelledRow>;
      if (typeof row.text !== 'string') throw new Error(`${path}:${i + 1}: every line needs a "text" string`);
      return { text: row.text, label: String(row.label ?? '') };
    });
}

/**
 * Group labelled rows into training entries (label = entry id), in first-seen order.
 *
 * @example
 * toEntries([{ text: 'orari', label: 'a' }]) // => [{ entryId: 'a', phrasings: ['orari'] }]
 */
export function toEntries(rows: readonly LabelledRow[]): QaTrainingEntry[] {
  const byLabel = new Map<string, string[]>();
  for (const row of rows) {
    const list = byLabel.get(row.label) ?? [];
    list.push(row.text);
    byLabel.set(row.label, list);
  }
  return [...byLabel].map(([entryId, phrasings]) => ({ entryId, phrasings }));
}

/**
 * Percentile of a sorted-or-not list of numbers (nearest rank).
 *
 * @example
 * percentile([1, 2, 3, 4], 0.5) // => 2
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

/**
 * Parse `--name value` pairs from argv.
 *
 * @example
 * parseArgs(['--train', 't.jsonl']) // => Map { 'train' => 't.jsonl' }
 */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i];
    if (key?.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) args.set(key.slice(2), 'true');
      else {
        args.set(key.slice(2), value);
        i += 1;
      }
    }
  }
  return args;
}

/** mulberry32: a small seeded generator, so a (k, seed) subsample is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher–Yates shuffle (a copy). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Keep k phrasings per label, chosen with a seed (a comune's library has 5–15 per entry, the starter
 * ~36); `fixed` rows (canonical question, tag line) are always kept. k = Infinity keeps everything.
 *
 * @example
 * subsample(readRows('nlp-models/starter/it.json'), 5, 1); // 42 entries × (5 + question + tags)
 */
export function subsample(rows: readonly LabelledRow[], k: number, seed: number): LabelledRow[] {
  if (!Number.isFinite(k)) return [...rows];
  const byLabel = new Map<string, LabelledRow[]>();
  for (const row of rows) if (!row.fixed) byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), row]);
  const kept = new Set<LabelledRow>();
  for (const [label, list] of byLabel) for (const row of shuffled(list, seed * 7919 + hash(label)).slice(0, k)) kept.add(row);
  return rows.filter((r) => r.fixed || kept.has(r));
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}
