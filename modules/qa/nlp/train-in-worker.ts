/**
 * Train a classifier on a worker thread so that training a large library never blocks the event
 * loop that answers citizens; the main thread then loads the result with `loadClassifier`.
 */
import { Worker } from 'node:worker_threads';
import { QaModelError } from './errors.js';
import type { QaModelErrorCode } from './errors.js';
import type { QaTrainingEntry, SerializedModel } from './types.js';

/**
 * How to start the worker. The worker is a `.ts` file, and workers do not inherit the parent's
 * loader hooks: `new Worker(new URL('./train-worker.ts', import.meta.url))` fails with
 * "Unknown file extension .ts" under tsx and tap, and so does `execArgv: ['--import', 'tsx']` on
 * Node 20.20 (tried: same error). What works under tsx, tap and `node --import tsx` alike is a
 * tiny eval'd bootstrap that registers tsx's ESM hooks with its public API and then imports the
 * worker. A compiled build (`train-worker.js` next to this file) is started directly.
 */
function startWorker(workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./train-worker.js', import.meta.url), { workerData });
  }
  const target = JSON.stringify(new URL('./train-worker.ts', import.meta.url).href);
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${target}); })`;
  // eval'd code resolves bare specifiers from the cwd; resolve tsx from here instead.
  const tsxApi = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(bootstrap.replace("'tsx/esm/api'", tsxApi), { eval: true, workerData });
}

/**
 * Train off the main thread; resolves with the serialised model, rejects with `QaModelError`.
 *
 * @example
 * const model = await trainInWorker(entries);
 * await writeFile('qa-model.json', JSON.stringify(model));
 * const classifier = await loadClassifier(model);
 */
export function trainInWorker(entries: readonly QaTrainingEntry[]): Promise<SerializedModel> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ entries });
    let settled = false;
    worker.once('message', (message: { model?: SerializedModel; error?: { code: QaModelErrorCode; message: string } }) => {
      settled = true;
      if (message.model) resolve(message.model);
      else reject(new QaModelError(message.error?.code ?? 'QA_WORKER_FAILED', message.error?.message ?? 'training worker failed'));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(new QaModelError('QA_WORKER_FAILED', `The Q&A training worker crashed (${error.message}); train on the main thread with trainClassifier() to see the full error.`));
    });
    worker.once('exit', (code) => {
      if (!settled) {
        reject(new QaModelError('QA_WORKER_FAILED', `The Q&A training worker exited with code ${code} before answering; check memory limits and retry.`));
      }
    });
  });
}
