/**
 * The vendored Italian lexicon (`nlp-models/lexicon-it/`, built by `scripts/qa-build-lexicon.ts` from
 * morph-it! and the LibreOffice Italian thesaurus; licences next to the files). Read once, on first
 * use, from the repository: nothing is downloaded and no dev dependency is loaded at run time.
 */
import { readFileSync } from 'node:fs';

const DIR = new URL('../../../nlp-models/lexicon-it/', import.meta.url);

/** Inflected form → lemma and headword → synonyms, all in `normalizeForMatch` form. */
export interface ItalianLexicon {
  lemmas: ReadonlyMap<string, string>;
  synonyms: ReadonlyMap<string, readonly string[]>;
}

let cached: ItalianLexicon | null = null;

/**
 * The lexicon (parsed once, ~5 ms).
 *
 * @example
 * italianLexicon().lemmas.get('vado'); // => "andare"
 */
export function italianLexicon(): ItalianLexicon {
  if (cached) return cached;
  const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as T;
  cached = {
    lemmas: new Map(Object.entries(read<Record<string, string>>('lemmas.json'))),
    synonyms: new Map(Object.entries(read<Record<string, string[]>>('synonyms.json'))),
  };
  return cached;
}

/**
 * Replace each word by its lemma ("vado" → "andare", "carte" → "carta"); unknown words are kept.
 *
 * @example
 * lemmatize('devo rinnovare le carte'); // => "dovere rinnovare le carta"
 */
export function lemmatize(normalized: string, lexicon: ItalianLexicon = italianLexicon()): string {
  if (normalized === '') return normalized;
  return normalized
    .split(' ')
    .map((w) => lexicon.lemmas.get(w) ?? w)
    .join(' ');
}

/**
 * The thesaurus turned towards one library: each word the library never uses that the thesaurus
 * lists as a synonym of exactly one library word (either direction) → that word. Built at training
 * and on load (a map lookup per question word), so phrasings are expanded without training on more.
 *
 * @example
 * const map = towardsLibrary(['pagare tari']); map.get('saldare'); // => "pagare"
 */
export function towardsLibrary(phrasings: Iterable<string>, lexicon: ItalianLexicon = italianLexicon()): Map<string, string> {
  const vocabulary = new Set<string>();
  for (const p of phrasings) for (const w of p.split(' ')) if (w.length >= 4) vocabulary.add(w);
  const targets = new Map<string, Set<string>>();
  const link = (from: string, to: string): void => {
    if (vocabulary.has(from) || !vocabulary.has(to)) return;
    const set = targets.get(from) ?? new Set<string>();
    set.add(to);
    targets.set(from, set);
  };
  for (const [head, syns] of lexicon.synonyms) {
    for (const s of syns) {
      link(s, head);
      link(head, s);
    }
  }
  const out = new Map<string, string>();
  for (const [from, set] of targets) if (set.size === 1) out.set(from, [...set][0] as string);
  return out;
}
