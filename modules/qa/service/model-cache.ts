/**
 * The classifier each tenant answers with, loaded lazily from its newest `ready` QaModel row and
 * cached per process. Each lookup asks the database for the newest ready version (one indexed
 * query, ~0.1 ms on SQLite): a model trained by another process, or by this one, is picked up on the
 * next question without a restart; the serialised model is parsed only when the version changes.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import createDebug from 'debug';
import { loadClassifier, type QaClassifier } from '../nlp/index.js';
import { QaModel } from '../entities/index.js';

const debug = createDebug('campanile:qa-models');

/** A loaded model. */
export interface LoadedModel {
  version: number;
  classifier: QaClassifier;
}

/**
 * Per-tenant cache of loaded classifiers.
 *
 * @example
 * const models = new QaModels();
 * const current = await models.current(ctx.em, ctx.tenant.id); // null before the first training
 * const result = await current?.classifier.classify(ctx.message.text);
 */
export class QaModels {
  private readonly cache = new Map<number, LoadedModel>();
  private readonly loading = new Map<number, Promise<LoadedModel | null>>();

  /** The tenant's newest ready model, or null when it was never trained. */
  async current(em: SqlEntityManager, tenantId: number): Promise<LoadedModel | null> {
    const newest = await em.findOne(QaModel, { status: 'ready' }, { orderBy: { version: 'desc' }, fields: ['id', 'version'], filters: { tenant: { id: tenantId } } });
    if (!newest) return null;
    const cached = this.cache.get(tenantId);
    if (cached && cached.version >= newest.version) return cached;
    // One load per tenant at a time: a burst of questions right after a retrain parses the model once.
    let pending = this.loading.get(tenantId);
    if (!pending) {
      pending = this.load(em, tenantId, newest.id).finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, pending);
    }
    return pending;
  }

  /** Put a model trained in this process in place (it is also in the database for other processes). */
  install(tenantId: number, loaded: LoadedModel): void {
    const cached = this.cache.get(tenantId);
    if (!cached || cached.version < loaded.version) this.cache.set(tenantId, loaded);
  }

  private async load(em: SqlEntityManager, tenantId: number, id: number): Promise<LoadedModel | null> {
    const row = await em.fork().findOne(QaModel, { id }, { populate: ['model'], filters: { tenant: { id: tenantId } } });
    if (!row?.model) return null;
    const started = performance.now();
    const loaded = { version: row.version, classifier: await loadClassifier(row.model) };
    debug('tenant %d: loaded model v%d in %d ms', tenantId, row.version, Math.round(performance.now() - started));
    this.install(tenantId, loaded);
    return this.cache.get(tenantId) ?? loaded;
  }
}
