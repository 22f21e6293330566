import { delivery, type DeliveryResult } from '../../core/index.js';

/**
 * Errors of the Bot Connector service, kept apart as the house style asks: `BotConnectorError` when the
 * service (or the token endpoint) answered and refused, `BotConnectorNetworkError` when it could not be
 * reached. `deliveryResultOf` turns either into the core's closed set of outcomes.
 *
 * @example
 * try { await api.sendActivity(reference, activity, signal); } catch (error) { return deliveryResultOf(error); }
 * // 429 → rate-limited (Retry-After), 404 → recipient-gone, 5xx → transient
 */
export class BotConnectorError extends Error {
  override readonly name = 'BotConnectorError';
  constructor(
    readonly status: number,
    /** The service's `error.code` (e.g. `ConversationBlockedByUser`), when it sent one. */
    readonly code: string | undefined,
    readonly detail: string,
    /** Seconds from a `Retry-After` header, when one came. */
    readonly retryAfterSeconds?: number,
    /** Whether it was the token endpoint (the app id or password is wrong) rather than the connector. */
    readonly fromTokenEndpoint = false,
  ) {
    super(`Bot Connector refused the call (HTTP ${status}${code ? `, ${code}` : ''}): ${detail}${hint(status, fromTokenEndpoint)}`);
  }
}

/**
 * The Bot Connector (or the token endpoint) could not be reached: DNS, TCP, TLS, timeout.
 *
 * @example
 * deliveryResultOf(new BotConnectorNetworkError('ECONNREFUSED')); // transient: retried with backoff
 */
export class BotConnectorNetworkError extends Error {
  override readonly name = 'BotConnectorNetworkError';
  constructor(message: string, override readonly cause?: unknown) {
    super(`Bot Connector unreachable: ${message}. Check the network (the serviceUrl is the channel's); the send will be retried.`);
  }
}

/** 403 codes and messages meaning the person removed or blocked the bot (Teams and the connector). */
const GONE_403 = /ConversationBlockedByUser|BotNotInConversationRoster|not part of the conversation roster|blocked by the user/i;

/**
 * Translates an error thrown by `BotConnectorApi` (or anything else) into one `DeliveryResult`.
 *
 * @example
 * deliveryResultOf(new BotConnectorError(429, undefined, 'slow down', 7)); // rate-limited, 7000 ms
 * deliveryResultOf(new BotConnectorError(403, 'ConversationBlockedByUser', '…')); // recipient-gone (blocked)
 */
export function deliveryResultOf(error: unknown): DeliveryResult {
  if (error instanceof BotConnectorError) {
    const { status } = error;
    if (status === 429) return delivery.rateLimited((error.retryAfterSeconds ?? 1) * 1000, 'account');
    if (status === 404 && !error.fromTokenEndpoint) return delivery.gone('unknown');
    if (status === 403 && GONE_403.test(`${error.code ?? ''} ${error.detail}`)) return delivery.gone('blocked');
    if (status >= 500) return delivery.transient(`botframework HTTP ${status}: ${error.detail}`.slice(0, 300), error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined);
    return delivery.permanent(error.message.slice(0, 300));
  }
  if (error instanceof BotConnectorNetworkError) return delivery.transient(error.message.slice(0, 300));
  if (error instanceof Error && error.name === 'AbortError') return delivery.transient('send aborted');
  return delivery.transient(error instanceof Error ? error.message.slice(0, 300) : 'unknown error');
}

function hint(status: number, fromTokenEndpoint: boolean): string {
  if (fromTokenEndpoint) return '. Fix: check BOTFRAMEWORK_APP_ID, BOTFRAMEWORK_APP_PASSWORD (a client secret of the app registration, not its id) and, for a single-tenant bot, BOTFRAMEWORK_APP_TENANT_ID.';
  if (status === 401) return '. Fix: the connector refused the bot token: check the app id and password of the Azure Bot resource.';
  return '';
}
