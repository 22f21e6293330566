import { checkQuotaRequest, type RecipientQuota } from '../channel/recipient-quota.js';
import { consumeRecipientSlot } from './sql/recipient-window.js';
import type { SqlRunner } from './sql/sql-runner.js';

/**
 * The persisted `RecipientQuota` one adapter gets in its runtime: rows in `channel_recipient_window`,
 * owned by the tenant the adapter serves and counted per (channel, account key). Survives restarts and
 * is shared by every process on the same database.
 *
 * @example
 * const quota = storedRecipientQuota(sqlRunner(db), { tenantId: tenant.id, channel: 'whatsapp' });
 * await quota.tryConsume({ account: phoneNumberId, recipient: chatId, limit: 250, windowMs: DAY });
 */
export function storedRecipientQuota(sql: SqlRunner, scope: { readonly tenantId: number; readonly channel: string }): RecipientQuota {
  return {
    async tryConsume(request) {
      checkQuotaRequest(request);
      return consumeRecipientSlot(sql, {
        tenantId: scope.tenantId, channel: scope.channel, account: request.account, recipient: request.recipient,
        limit: request.limit, windowMs: request.windowMs, now: request.now ?? Date.now(),
      });
    },
  };
}
