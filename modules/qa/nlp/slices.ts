/**
 * Long builds cut into slices: a build written as a generator (one `yield` per small step) runs
 * either at once (tools, tests, the training worker) or in slices that give the event loop back
 * every `sliceMs`, so a server keeps answering citizens while a model loads.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Longest stretch a sliced build keeps the event loop busy before yielding (ms). */
export const DEFAULT_SLICE_MS = 10;

/** Steps (phrasings, rows) handled between two checks of the clock. */
export const ITEMS_PER_STEP = 32;

/**
 * Run every step now.
 *
 * @example
 * runAtOnce(index.steps(entries));
 */
export function runAtOnce(steps: Iterable<void>): void {
  for (const _ of steps);
}

/**
 * Run the steps, yielding to the event loop whenever `sliceMs` have passed since the last yield.
 *
 * @example
 * await runInSlices(index.steps(entries)); // other requests run between slices
 */
export async function runInSlices(steps: Iterable<void>, sliceMs = DEFAULT_SLICE_MS): Promise<void> {
  let sliceStarted = performance.now();
  for (const _ of steps) {
    if (performance.now() - sliceStarted >= sliceMs) {
      await yieldToEventLoop();
      sliceStarted = performance.now();
    }
  }
}

/**
 * Give the event loop one turn between two blocks of work that cannot be cut further.
 *
 * @example
 * const nlp = importNlp(model.nlpjs); await yieldOnce(); const index = await LexicalIndex.build(entries);
 */
export async function yieldOnce(): Promise<void> {
  await yieldToEventLoop();
}
