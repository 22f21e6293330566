import { createHash, timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { HttpReceipt, HttpRequest, HttpRoute, InboundEvent } from '../../core/index.js';

/** Header Telegram sets on every webhook call to the `secret_token` given to setWebhook. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Telegram's rule for `secret_token`: 1–256 characters of `A-Z a-z 0-9 _ -`. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Compares the received secret with the expected one in constant time (both hashed first, so neither
 * the content nor the length leaks through timing).
 *
 * @example
 * compareSecretToken(request.headers['x-telegram-bot-api-secret-token'], secret); // true | false
 */
export function compareSecretToken(received: string | undefined, expected: string): boolean {
  if (received === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(received), digest(expected)) && received.length === expected.length;
}

/**
 * The webhook route of one bot: verifies the secret header (401 and nothing processed when wrong or
 * missing), parses the update and answers 200 at once; the server hands the events to the engine after
 * the answer is sent, and a re-sent update is dropped by the engine's processed-event table.
 *
 * @example
 * const route = webhookRoute('/webhooks/telegram/esempio', secret, (update) => adapter.handleUpdate(update));
 */
export function webhookRoute(path: string, secret: string, receive: (update: Update) => Promise<readonly InboundEvent[]>): HttpRoute {
  return {
    method: 'POST',
    path,
    // Updates are small JSON; files never travel in them.
    bodyLimit: 1024 * 1024,
    async handle(request: HttpRequest): Promise<HttpReceipt> {
      if (!compareSecretToken(request.headers[SECRET_HEADER], secret)) {
        return { response: { status: 401, body: { error: 'unauthorized' } }, events: [] };
      }
      let update: Update;
      try {
        update = JSON.parse(Buffer.from(request.rawBody).toString('utf8')) as Update;
      } catch {
        return { response: { status: 400, body: { error: 'invalid JSON' } }, events: [] };
      }
      if (typeof update !== 'object' || update === null || typeof update.update_id !== 'number') {
        return { response: { status: 400, body: { error: 'not a Telegram update' } }, events: [] };
      }
      return { response: { status: 200, body: { ok: true } }, events: await receive(update) };
    },
  };
}
