/**
 * Training a tenant's model: check the library, record a `training` QaModel row, train on a worker
 * thread (the bot keeps answering), then store the model as `ready`, put it in place for the next
 * question and mark which open inbox questions it now answers. A failed run records why and leaves
 * the previous model serving.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import createDebug from 'debug';
import { loadClassifier, prepareEntries, QaModelError, trainInWorker, type QaCalibration, type QaTrainingEntry, type SerializedModel } from '../nlp/index.js';
import { Tenant } from '../../../core/internal.js';
import { QaEntry, QaModel, UnansweredGroup, type QaModelStatus } from '../entities/index.js';
import { libraryToTrainingEntries } from './library-service.js';
import type { QaModels } from './model-cache.js';
import { QaServiceError } from './qa-service-error.js';

const debug = createDebug('campanile:qa-training');

/**
 * A `training` row older than this belongs to a process that died mid-run (1,000 phrasings train in
 * ~0.4 s; 10 minutes is three orders of magnitude of headroom): a new run marks it failed.
 */
export const STALE_TRAINING_MS = 10 * 60 * 1000;

/** A model (or training job) as the admin API shows it. */
export interface ModelDto {
  id: number;
  version: number;
  status: QaModelStatus;
  entryCount: number;
  phrasingCount: number;
  startedAt: string;
  trainedAt: string | null;
  trainMs: number | null;
  error: { code: string; message: string } | null;
  /** The answer/clarify bands the model decides with, from the library's cross-validation (null before it existed). */
  calibration: QaCalibration | null;
}

/**
 * The admin API's view of a model row.
 *
 * @example
 * toModelDto(row).status; // => 'ready'
 */
export function toModelDto(row: QaModel): ModelDto {
  return {
    id: row.id,
    version: row.version,
    status: row.status as QaModelStatus,
    entryCount: row.entryCount,
    phrasingCount: row.phrasingCount,
    startedAt: row.startedAt.toISOString(),
    trainedAt: row.trainedAt ? row.trainedAt.toISOString() : null,
    trainMs: row.trainMs ?? null,
    error: row.error ? { code: row.errorCode ?? 'QA_WORKER_FAILED', message: row.error } : null,
    calibration: row.calibration ?? null,
  };
}

/** How training runs: the worker by default; tests and scripts may pass `trainClassifier`-based functions. */
export type TrainFunction = (entries: readonly QaTrainingEntry[]) => Promise<SerializedModel>;

/**
 * Starts and tracks training runs, one at a time per tenant.
 *
 * @example
 * const trainer = new QaTrainer(models, (id) => services.tenants.scopedEm(id));
 * const job = await trainer.start(em, tenant.id); // status 'training'
 * await trainer.whenIdle(tenant.id);
 */
export class QaTrainer {
  private readonly running = new Map<number, Promise<void>>();

  constructor(
    private readonly models: QaModels,
    private readonly scopedEm: (tenantId: number) => SqlEntityManager,
    private readonly train: TrainFunction = trainInWorker,
    private readonly onError: (error: unknown, tenantId: number) => void = () => {},
  ) {}

  /**
   * Validate the library and start a run. Throws `QaServiceError` 422 (`QA_CANNOT_TRAIN`: empty or
   * one-entry library, an entry without text) or 409 (`QA_TRAINING_RUNNING`) without touching the model.
   */
  async start(em: SqlEntityManager, tenantId: number): Promise<ModelDto> {
    if (this.running.has(tenantId)) {
      throw new QaServiceError(409, 'QA_TRAINING_RUNNING', 'A training run is already in progress: wait for it (GET …/qa/model) and train again if needed.');
    }
    const tenant = await em.findOneOrFail(Tenant, { id: tenantId });
    const entries = libraryToTrainingEntries(await em.find(QaEntry, {}, { orderBy: { id: 'asc' } }), tenant.locales);
    try {
      prepareEntries(entries);
    } catch (error) {
      if (error instanceof QaModelError) throw new QaServiceError(422, 'QA_CANNOT_TRAIN', `${error.message} The current model keeps answering.`);
      throw error;
    }
    const stale = await em.find(QaModel, { status: 'training' });
    for (const row of stale) {
      if (Date.now() - row.startedAt.getTime() < STALE_TRAINING_MS) {
        throw new QaServiceError(409, 'QA_TRAINING_RUNNING', `Model v${row.version} is being trained by another process: wait for it (GET …/qa/model).`);
      }
      Object.assign(row, { status: 'failed', errorCode: 'QA_WORKER_FAILED', error: 'Training was interrupted (the process stopped): train again.' });
    }
    const last = await em.findOne(QaModel, {}, { orderBy: { version: 'desc' }, fields: ['id', 'version'] });
    const row = em.create(QaModel, {
      tenant: tenantId, version: (last?.version ?? 0) + 1, status: 'training', entryCount: entries.length,
      phrasingCount: entries.reduce((n, e) => n + e.phrasings.length + (e.phrasingsEn?.length ?? 0), 0), startedAt: new Date(),
      trainedAt: null, trainMs: null, error: null, errorCode: null, model: null, calibration: null,
    });
    await em.flush();
    const job = this.run(tenantId, row.id, entries)
      .catch((error: unknown) => this.onError(error, tenantId))
      .finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, job);
    return toModelDto(row);
  }

  /**
   * Resolves when the tenant has no run in progress in this process.
   *
   * @example
   * await trainer.whenIdle(tenant.id);
   */
  async whenIdle(tenantId: number): Promise<void> {
    await this.running.get(tenantId);
  }

  /** True while a run of this tenant is in progress in this process. */
  isRunning(tenantId: number): boolean {
    return this.running.has(tenantId);
  }

  private async run(tenantId: number, rowId: number, entries: QaTrainingEntry[]): Promise<void> {
    const started = performance.now();
    let model: SerializedModel;
    try {
      model = await this.train(entries);
    } catch (error) {
      const em = this.scopedEm(tenantId);
      const code = error instanceof QaModelError ? error.code : 'QA_WORKER_FAILED';
      await em.nativeUpdate(QaModel, { id: rowId }, { status: 'failed', errorCode: code, error: error instanceof Error ? error.message : String(error) });
      debug('tenant %d: training failed: %s', tenantId, String(error));
      return;
    }
    const classifier = await loadClassifier(model);
    const em = this.scopedEm(tenantId);
    const row = await em.findOneOrFail(QaModel, { id: rowId });
    Object.assign(row, {
      status: 'ready', trainedAt: new Date(), trainMs: Math.round(performance.now() - started), model: JSON.stringify(model), calibration: classifier.calibration,
    });
    // Which logged questions the new model answers (open ones, and handled ones to confirm the fix):
    // the operator sees it at once in the inbox. Ignored groups are left alone.
    const open = await em.find(UnansweredGroup, { status: { $in: ['new', 'done'] } });
    for (const group of open) {
      const result = await classifier.classify(group.text);
      Object.assign(group, result.entryId
        ? { answeredByEntryId: Number(result.entryId), answeredScore: Number(result.confidence.toFixed(4)), answeredModelVersion: row.version }
        : { answeredByEntryId: null, answeredScore: null, answeredModelVersion: row.version });
    }
    await em.flush();
    this.models.install(tenantId, { version: row.version, classifier });
    debug('tenant %d: model v%d ready (%d entries, %d ms)', tenantId, row.version, row.entryCount, row.trainMs);
  }
}

/**
 * The model answering now (newest ready) and the newest run of any status (a failed or running one
 * shows here while the previous model keeps serving).
 *
 * @example
 * const { current, latest } = await modelStatus(em);
 */
export async function modelStatus(em: SqlEntityManager): Promise<{ current: ModelDto | null; latest: ModelDto | null }> {
  const current = await em.findOne(QaModel, { status: 'ready' }, { orderBy: { version: 'desc' } });
  const latest = await em.findOne(QaModel, {}, { orderBy: { version: 'desc' } });
  return { current: current ? toModelDto(current) : null, latest: latest ? toModelDto(latest) : null };
}
