/**
 * A person's handoffs are their data: erased with them (`onErase`) and pruned by the comune's
 * conversation retention (`onRetention`). The files they sent are media rows recorded with their chat,
 * which core erases and prunes itself (`inboundMediaDays`); here the messages forget those files and
 * positions at the same cutoffs, so nothing points at a deleted file or keeps a position longer.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { deleteInBatches, type ModuleServices, type Person, type RetentionStep } from '../../../core/internal.js';
import { HandoffConversation, HandoffMessage, HandoffNote } from '../entities/index.js';

/**
 * The erasure hook: every conversation of the person, with its messages and notes, in the erasure transaction.
 *
 * @example
 * api.onErase((em, person) => eraseHandoffs(em, person));
 */
export async function eraseHandoffs(em: SqlEntityManager, person: Person): Promise<void> {
  const conversations = await em.find(HandoffConversation, { person: person.id }, { fields: ['id'], filters: false });
  if (conversations.length === 0) return;
  const ids = conversations.map((c) => c.id);
  await em.nativeDelete(HandoffMessage, { conversation: { $in: ids } }, { filters: false });
  await em.nativeDelete(HandoffNote, { conversation: { $in: ids } }, { filters: false });
  await em.nativeDelete(HandoffConversation, { id: { $in: ids } }, { filters: false });
}

/**
 * The retention step: closed conversations last active before the conversation cutoff go with their
 * messages and notes; messages of any conversation forget their file before the media cutoff and
 * their position before the location cutoff.
 *
 * @example
 * api.onRetention(handoffRetention(api.services.tenants));
 */
export function handoffRetention(tenants: Pick<ModuleServices['tenants'], 'scopedEm'>): RetentionStep {
  return async ({ tenant, conversationBefore, inboundMediaBefore, locationBefore, batchSize }) => {
    const em = tenants.scopedEm(tenant.id);
    const where = { tenant: tenant.id, state: 'closed', lastActivityAt: { $lt: conversationBefore } };
    let messages = 0;
    const conversations = await deleteInBatches(em, HandoffConversation, where, {
      batchSize,
      onBatch: async (rows) => {
        const ids = rows.map((r) => r.id);
        messages += await em.nativeDelete(HandoffMessage, { conversation: { $in: ids } }, { filters: false });
        await em.nativeDelete(HandoffNote, { conversation: { $in: ids } }, { filters: false });
      },
    });
    // Messages of conversations still open past the conversation cutoff: the words go, the thread stays.
    messages += await deleteInBatches(em, HandoffMessage, { tenant: tenant.id, createdAt: { $lt: conversationBefore } }, { batchSize });
    const files = await em.nativeUpdate(HandoffMessage, { tenant: tenant.id, direction: 'in', mediaId: { $ne: null }, createdAt: { $lt: inboundMediaBefore } }, { mediaId: null });
    const positions = await em.nativeUpdate(HandoffMessage, { tenant: tenant.id, latitude: { $ne: null }, createdAt: { $lt: locationBefore } }, { latitude: null, longitude: null });
    return { conversations, messages, files, positions };
  };
}
