/**
 * Q&A speed benchmark, the way the product runs it: train a library of N phrasings in the worker
 * thread (`trainInWorker`), load the model on the main thread (`loadClassifier`, measuring the
 * longest time the event loop was blocked, by a timer and by `perf_hooks.monitorEventLoopDelay`), then answer the starter's held-out and out-of-scope
 * questions `--passes` times (warm p50/p95; the first pass pays for V8 compilation).
 *   tsx scripts/bench-qa.ts [--phrasings 1000] [--passes 5]
 * The library is the starter's entries, each cut to an equal share of N lines (canonical question
 * and tag line included). Last line: JSON with the figures. Accuracy is `npm run qa:eval`'s job.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadClassifier, trainInWorker } from '../modules/qa/nlp/index.js';
import type { QaTrainingEntry } from '../modules/qa/nlp/index.js';
import { parseArgs, percentile, readRows, toEntries } from './lib/qa-data.js';

const args = parseArgs(process.argv.slice(2));
const target = Number(args.get('phrasings') ?? 1000);
const passes = Math.max(2, Number(args.get('passes') ?? 5));
const starter = toEntries(readRows('nlp-models/starter/it.json'));
const perEntry = Math.max(1, Math.ceil(target / starter.length));
const library: QaTrainingEntry[] = starter.map((e) => ({ entryId: e.entryId, phrasings: e.phrasings.slice(0, perEntry) }));
const phrasings = library.reduce((sum, e) => sum + e.phrasings.length, 0);
const questions = [...readRows('nlp-models/starter/heldout-it.jsonl'), ...readRows('nlp-models/starter/oos-it.jsonl')].map((r) => r.text);

let started = performance.now();
let cpu = process.cpuUsage();
const model = await trainInWorker(library);
const trainMs = performance.now() - started;
// Worker threads belong to this process: `cpuUsage` counts the training worker too.
const trainCpu = process.cpuUsage(cpu);

// Longest gap between two timer turns while the model loads: how long citizens' requests wait.
// `monitorEventLoopDelay` measures the same from libuv's side (its max is the worst delay).
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
let last = performance.now();
let longestBlockMs = 0;
// CPU this process used between two turns: on a loaded machine the wall-clock gap also holds the
// time other processes had the core; the CPU gap is the work the load itself did without yielding.
let lastCpu = process.cpuUsage();
let longestBlockCpuMs = 0;
let ticking = true;
const tick = (): void => {
  const now = performance.now();
  longestBlockMs = Math.max(longestBlockMs, now - last);
  last = now;
  const cpuNow = process.cpuUsage();
  longestBlockCpuMs = Math.max(longestBlockCpuMs, (cpuNow.user + cpuNow.system - lastCpu.user - lastCpu.system) / 1000);
  lastCpu = cpuNow;
  if (ticking) setTimeout(tick, 0);
};
setTimeout(tick, 0);
await new Promise((resolve) => setTimeout(resolve, 5));
loopDelay.enable();
started = performance.now();
cpu = process.cpuUsage();
const classifier = await loadClassifier(model);
const loadMs = performance.now() - started;
const loadCpu = process.cpuUsage(cpu);
await new Promise((resolve) => setTimeout(resolve, 5));
loopDelay.disable();
ticking = false;

const firstPass: number[] = [];
const warm: number[] = [];
for (let pass = 0; pass < passes; pass += 1) {
  for (const text of questions) {
    const t0 = performance.now();
    await classifier.classify(text);
    (pass === 0 ? firstPass : warm).push(performance.now() - t0);
  }
}
const round = (ms: number): number => Number(ms.toFixed(3));
console.log(
  JSON.stringify({
    phrasings,
    entries: library.length,
    trainMs: Math.round(trainMs),
    trainCpuMs: Math.round((trainCpu.user + trainCpu.system) / 1000),
    loadMs: Math.round(loadMs),
    loadCpuMs: Math.round((loadCpu.user + loadCpu.system) / 1000),
    loadLongestBlockMs: round(longestBlockMs),
    loadLongestBlockCpuMs: round(longestBlockCpuMs),
    loadLoopDelayMaxMs: round(loopDelay.max / 1e6),
    loadLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
    questions: warm.length,
    p50Ms: round(percentile(warm, 0.5)),
    p95Ms: round(percentile(warm, 0.95)),
    firstPassP95Ms: round(percentile(firstPass, 0.95)),
  }),
);
