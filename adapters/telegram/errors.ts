import { GrammyError, HttpError } from 'grammy';
import { delivery, type DeliveryResult } from '../../core/index.js';

/**
 * How a failed Bot API call decides the next step, so the outbox and the engine never read Telegram's
 * codes. Telegram's descriptions are the only stable signal for 403/400 (their `error_code` is shared by
 * unrelated causes), so the matching is on lower-cased description fragments.
 *
 * @example
 * const verdict = classifyTelegramError(error);
 * if (verdict.kind === 'migrated') await resend(verdict.toChatId);
 * else return verdict.result;
 */
export type TelegramErrorVerdict =
  | { readonly kind: 'result'; readonly result: DeliveryResult }
  /** A group became a supergroup: send again, once, to the new id. */
  | { readonly kind: 'migrated'; readonly toChatId: number };

export function classifyTelegramError(error: unknown): TelegramErrorVerdict {
  const result = (r: DeliveryResult): TelegramErrorVerdict => ({ kind: 'result', result: r });
  if (error instanceof GrammyError) {
    const description = error.description.toLowerCase();
    if (error.parameters.migrate_to_chat_id !== undefined) return { kind: 'migrated', toChatId: error.parameters.migrate_to_chat_id };
    if (error.error_code === 429) return result(delivery.rateLimited(Math.max(1, error.parameters.retry_after ?? 1) * 1000));
    if (error.error_code === 403) {
      if (description.includes('deactivated')) return result(delivery.gone('deactivated'));
      if (description.includes('blocked') || description.includes('kicked') || description.includes('not a member')) return result(delivery.gone('blocked'));
      // "bot can't initiate conversation with a user": the person never started this bot.
      return result(delivery.gone('unknown'));
    }
    if (error.error_code === 400 && /chat not found|user not found|peer_id_invalid|have no rights to send/.test(description)) {
      return result(delivery.gone('unknown'));
    }
    if (error.error_code === 401 || error.error_code === 404) {
      return result(delivery.permanent(`Telegram refused the bot token (${error.error_code}): check TELEGRAM_BOT_TOKEN or the account's token with @BotFather`));
    }
    if (error.error_code >= 500) return result(delivery.transient(`Telegram ${error.error_code}: ${error.description}`));
    return result(delivery.permanent(`Telegram ${error.error_code}: ${error.description}`));
  }
  if (error instanceof HttpError) return result(delivery.transient(`network: ${error.message}`));
  if (error instanceof Error && error.name === 'AbortError') return result(delivery.transient('aborted'));
  return result(delivery.transient(`unexpected: ${error instanceof Error ? error.message : String(error)}`));
}

/** "message is not modified": the edit would change nothing, which counts as success. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && error.description.includes('message is not modified');
}

/** The message to edit is gone or cannot be edited (too old, not text): send a new one instead. */
export function isEditImpossible(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /message to edit not found|message can't be edited|there is no text in the message to edit|message_id_invalid/i.test(error.description)
  );
}

/** A cached `file_id` Telegram no longer accepts: upload again. */
export function isStaleFileId(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /wrong file identifier|file reference|type of file mismatch|wrong remote file/i.test(error.description);
}
