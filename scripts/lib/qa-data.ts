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
      [e.question ?? '', (e.tags ?? []).join(' '), ...e.phrasings].filter((p) => p !== '').map((p) => ({ text: p, label: e.id })),
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
