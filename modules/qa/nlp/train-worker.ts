/**
 * Worker-thread entry point: trains a classifier from `workerData.entries` and posts back the
 * serialised model (or a `{ error }` message). Started by `trainInWorker`; not imported directly.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainModel } from './classifier.js';
import { QaModelError } from './errors.js';
import type { QaTrainingEntry } from './types.js';

const { entries } = workerData as { entries: QaTrainingEntry[] };
try {
  // Only NLP.js is trained here: the scoring indexes are rebuilt by whoever loads the model.
  parentPort?.postMessage({ model: await trainModel(entries) });
} catch (error) {
  parentPort?.postMessage({
    error: {
      code: error instanceof QaModelError ? error.code : 'QA_WORKER_FAILED',
      message: error instanceof Error ? error.message : String(error),
    },
  });
}
