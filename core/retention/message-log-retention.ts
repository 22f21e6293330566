import type { Database } from '../storage/database.js';
import { MessageLog } from '../storage/entities/message-log.js';
import { deleteInBatches } from './delete-in-batches.js';
import type { RetentionStep } from './retention-step.js';

/**
 * Core's step for the conversation history: `message_log` rows older than the conversation retention.
 * A shared position is logged as the text `[location]`, never its coordinates, so those rows follow
 * the conversation retention like any other message; the coordinates themselves live only where a
 * channel or a module keeps them, and their steps apply `locationBefore`.
 *
 * @example
 * retention.add('core:message-log', messageLogRetention(db));
 */
export function messageLogRetention(db: Database): RetentionStep {
  return async ({ tenant, conversationBefore, batchSize }) => ({
    messages: await deleteInBatches(db.em.fork(), MessageLog, { tenant: tenant.id, createdAt: { $lt: conversationBefore } }, { batchSize }),
  });
}
