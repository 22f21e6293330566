/**
 * Worker-thread entry point: trains a classifier from `workerData.entries` and posts back the
 * serialised model (or a `{ error }` message). Started by `trainInWorker`; not imported directly.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainClassifier } from './classifier.js';
import { QaModelError } from './errors.js';
import type { QaTrainingEntry } from './types.js';

const { entries } = workerData as { entries: QaTrainingEntry[] };
try {
  const classifier = await trainClassifier(entries);
  parentPort?.postMessage({ model: classifier.serialize() });
} catch (error) {
  parentPort?.postMessage({
    error: {
      code: error instanceof QaModelError ? error.code : 'QA_WORKER_FAILED',
      message: error instanceof Error ? error.message : String(error),
    },
  });
}
