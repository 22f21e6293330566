import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Tenant, tenantScope } from '../../../core/internal.js';

/** An entry in another language than Italian: its question, answer and phrasings (today only `en`). */
export interface QaTranslation {
  question: string;
  answer: string;
  phrasings: string[];
}

/** Translations by locale; a locale is used only where the tenant enables it. */
export type QaTranslations = { en?: QaTranslation };

/**
 * One question-and-answer of a comune's library: the canonical question, the ways citizens ask it
 * (training phrasings), the answer with an optional link and image, tags and an on/off switch, and an
 * optional English version (question, answer, phrasings) for comuni that enable English.
 * The classifier knows an entry by `String(id)`; `key` is the stable slug import/export matches on.
 *
 * @example
 * em.create(QaEntry, { tenant, key: 'orari-anagrafe', question: "Orari dell'anagrafe?",
 *   phrasings: ['orari anagrafe'], answer: 'Lun–Ven 9–12', tags: ['orari'], enabled: true });
 */
export const QaEntry = defineEntity({
  name: 'QaEntry',
  tableName: 'qa_entry',
  filters: tenantScope,
  uniques: [{ properties: ['tenant', 'key'] }],
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    tenant: p.manyToOne(Tenant).deleteRule('cascade'),
    /** `[a-z0-9-]`, ≤ 100 chars, unique per tenant (the starter library's ids). */
    key: p.string().length(100),
    question: p.string().length(500),
    phrasings: p.json<string[]>(),
    answer: p.text(),
    linkUrl: p.string().length(2000).nullable(),
    /** Media store id (content hash) of an image sent with the answer. */
    imageMediaId: p.string().length(128).nullable(),
    tags: p.json<string[]>(),
    enabled: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    // Last: SQLite adds columns at the end of the table, and the entity must match the migrated schema.
    translations: p.json<QaTranslations>().nullable(),
  }),
});
export type QaEntry = InferEntity<typeof QaEntry>;
