/**
 * The Q&A module's retention step: logged unanswered questions are a citizen's own words with their
 * person, so they follow the comune's conversation retention like the chat history. Groups are
 * recounted the way erasure does it; a group whose every question has gone is deleted too (ignored
 * ones included: an ignore decision lasts as long as the words it was about).
 */
import type { ModuleServices, RetentionStep } from '../../../core/internal.js';
import { deleteInBatches } from '../../../core/internal.js';
import { UnansweredQuestion } from '../entities/index.js';
import { refreshGroups } from './inbox-service.js';

/**
 * @example
 * api.onRetention(unansweredRetention(api.services.tenants));
 */
export function unansweredRetention(tenants: Pick<ModuleServices['tenants'], 'scopedEm'>): RetentionStep {
  return async ({ tenant, conversationBefore, batchSize }) => {
    // Scoped to the step's tenant: the filter keeps every statement (deletes and recounts) inside it.
    const em = tenants.scopedEm(tenant.id);
    const touched = new Set<number>();
    const questions = await deleteInBatches(em, UnansweredQuestion, { tenant: tenant.id, askedAt: { $lt: conversationBefore } }, {
      batchSize,
      fields: ['group'],
      onBatch: async (rows) => {
        for (const row of rows) touched.add(typeof row.group === 'number' ? row.group : row.group.id);
      },
    });
    const groups = await refreshGroups(em, touched);
    return { questions, groups };
  };
}
