/**
 * Scoring a trained classifier on labelled questions, with the fields of docs/qa-evaluation.md:
 * for in-scope questions a direct answer can be right or wrong, a clarification can offer the right
 * entry or not, a fallback is neither; for out-of-scope questions anything but a direct answer counts
 * as rejected, and the fallbacks alone are counted apart.
 */
import type { QaClassifier } from '../../modules/qa/nlp/index.js';
import { percentile, type LabelledRow } from './qa-data.js';

/** The evaluation fields (rates in [0, 1], null without such rows). */
export interface EvalReport {
  n: number;
  inScope: number;
  /** Right direct answers / in-scope. */
  inScopeAccuracy: number | null;
  /** Wrong direct answers / in-scope. */
  answeredWrong: number | null;
  /** Clarifications / in-scope. */
  clarifiedRate: number | null;
  /** Clarifications offering the right entry / in-scope. */
  clarifiedRight: number | null;
  /** (Right direct + clarified right) / in-scope. */
  resolved: number | null;
  /** Top-1 right whatever the decision (ranking alone). */
  top1: number | null;
  oos: number;
  /** Out-of-scope questions not answered directly (fallback or clarification) / out-of-scope. */
  oosRejection: number | null;
  /** Out-of-scope fallbacks / out-of-scope. */
  oosFallback: number | null;
  p50Ms: number;
  p95Ms: number;
}

const round = (x: number, d = 3): number => Number(x.toFixed(d));
const share = (count: number, total: number): number | null => (total === 0 ? null : round(count / total));

/**
 * Classify the rows (in-scope must get their label, out-of-scope must not be answered) and report.
 * `errors` collects one line per miss when given.
 *
 * @example
 * const report = await evaluate(classifier, test, oos);
 */
export async function evaluate(
  classifier: QaClassifier,
  test: readonly LabelledRow[],
  oos: readonly LabelledRow[],
  errors?: string[],
): Promise<EvalReport> {
  const times: number[] = [];
  let right = 0, wrong = 0, clarified = 0, clarifiedRight = 0, top1 = 0, oosDirect = 0, oosFallback = 0;
  for (const row of test) {
    const t0 = performance.now();
    const r = await classifier.classify(row.text);
    times.push(performance.now() - t0);
    if (r.candidates[0]?.entryId === row.label) top1 += 1;
    if (r.decision === 'answer') {
      if (r.entryId === row.label) right += 1;
      else wrong += 1;
    } else if (r.decision === 'clarify') {
      clarified += 1;
      if (r.candidates.some((c) => c.entryId === row.label)) clarifiedRight += 1;
    }
    if (errors && r.entryId !== row.label) errors.push(`  in-scope ${row.label} -> ${r.decision} ${r.candidates[0]?.entryId ?? '-'} (${r.confidence.toFixed(2)}): ${row.text}`);
  }
  for (const row of oos) {
    const t0 = performance.now();
    const r = await classifier.classify(row.text);
    times.push(performance.now() - t0);
    if (r.decision === 'answer') oosDirect += 1;
    if (r.decision === 'fallback') oosFallback += 1;
    if (errors && r.decision === 'answer') errors.push(`  oos -> ${r.entryId} (${r.confidence.toFixed(2)}): ${row.text}`);
  }
  const n = test.length;
  return {
    n: n + oos.length,
    inScope: n,
    inScopeAccuracy: share(right, n),
    answeredWrong: share(wrong, n),
    clarifiedRate: share(clarified, n),
    clarifiedRight: share(clarifiedRight, n),
    resolved: share(right + clarifiedRight, n),
    top1: share(top1, n),
    oos: oos.length,
    oosRejection: share(oos.length - oosDirect, oos.length),
    oosFallback: share(oosFallback, oos.length),
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
  };
}
