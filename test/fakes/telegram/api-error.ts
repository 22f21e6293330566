/**
 * The Bot API's failure shape, and the exact descriptions Telegram uses for the failures the fake reproduces.
 * Handlers `throw` these; the server turns them into `{ ok: false, error_code, description, parameters? }` with the
 * matching HTTP status, like api.telegram.org does.
 */
import type { ResponseParameters } from 'grammy/types';

/**
 * A refusal the fake answers with, shaped like Telegram's error response.
 *
 * @example
 * throw new BotApiError(400, 'Bad Request: chat not found');
 * throw new BotApiError(429, 'Too Many Requests: retry after 3', { retry_after: 3 });
 * // → HTTP 429 {"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}
 */
export class BotApiError extends Error {
  override readonly name = 'BotApiError';
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }

  /** The JSON body Telegram sends for this error. */
  toJSON(): { ok: false; error_code: number; description: string; parameters?: ResponseParameters } {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

/**
 * Factories for the errors Telegram returns, with Telegram's exact descriptions (checked against reports of real
 * responses; TDLib's HTML parser for the "can't parse entities" family).
 *
 * @example
 * throw apiErrors.chatNotFound();
 * throw apiErrors.badRequest('message text is empty');
 * throw apiErrors.tooManyRequests(2);
 */
export const apiErrors = {
  badRequest: (what: string) => new BotApiError(400, `Bad Request: ${what}`),
  unauthorized: () => new BotApiError(401, 'Unauthorized'),
  forbidden: (what: string) => new BotApiError(403, `Forbidden: ${what}`),
  notFound: () => new BotApiError(404, 'Not Found'),
  conflict: (what: string) => new BotApiError(409, `Conflict: ${what}`),
  tooManyRequests: (retryAfter: number) =>
    new BotApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter }),
  badGateway: () => new BotApiError(502, 'Bad Gateway'),
  chatNotFound: () => new BotApiError(400, 'Bad Request: chat not found'),
  migrated: (toChatId: number) =>
    new BotApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: toChatId }),
  cantParseEntities: (why: string) => new BotApiError(400, `Bad Request: can't parse entities: ${why}`),
  webhookActive: () =>
    new BotApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"),
  terminatedByOtherGetUpdates: () =>
    new BotApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'),
} as const;
