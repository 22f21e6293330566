import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';
import type { QaCalibration } from '../nlp/calibration.js';

/** Lifecycle of a training run: the row is created `training`, then becomes `ready` or `failed`. */
export const QA_MODEL_STATUSES = ['training', 'ready', 'failed'] as const;
export type QaModelStatus = (typeof QA_MODEL_STATUSES)[number];

/**
 * One trained (or training, or failed) model of a tenant. The newest `ready` row is the one that
 * answers; a failed run leaves the previous `ready` row serving. The serialised classifier
 * (`SerializedModel` JSON, ~100–300 kB for 50 entries) is stored in the row, lazily loaded, so every
 * process of a multi-process deployment sees the same model without a shared disk.
 *
 * @example
 * const current = await em.findOne(QaModel, { status: 'ready' }, { orderBy: { version: 'desc' } });
 */
export const QaModel = defineEntity({
  name: 'QaModel',
  tableName: 'qa_model',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'version'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    version: p.integer(),
    // A string, not an enum: MikroORM 6.6's SQLite diff misreads some enum checks (see core's Notice).
    status: p.string().length(16),
    entryCount: p.integer().default(0),
    phrasingCount: p.integer().default(0),
    startedAt: p.datetime(),
    trainedAt: p.datetime().nullable(),
    trainMs: p.integer().nullable(),
    /** Why the run failed, with the fix (a `QaModelError` message). */
    error: p.text().nullable(),
    errorCode: p.string().length(64).nullable(),
    /** The answer/clarify bands from the library's own cross-validation (null: trained before calibration). */
    calibration: p.json<QaCalibration>().nullable(),
    /** `JSON.stringify(SerializedModel)`; lazy: listing models never loads it. */
    model: p.text().nullable().lazy(true, false),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type QaModel = InferEntity<typeof QaModel>;
