import { delivery, type DeliveryResult } from 'campanile';

/**
 * The Graph API refused a call: HTTP status, Graph `code` and `error_subcode`, Meta's message. Never
 * holds the token.
 *
 * @example
 * if (error instanceof MessengerApiError && error.code === MESSENGER_ERROR.token) rotateToken();
 */
export class MessengerApiError extends Error {
  override readonly name = 'MessengerApiError';
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly graphMessage: string,
    readonly subcode?: number,
    readonly fbtraceId?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`messenger refused the call (HTTP ${status}${code !== undefined ? `, code ${code}` : ''}${subcode !== undefined ? `/${subcode}` : ''}): ${graphMessage}${hint(code, subcode, status)}`);
  }
}

/** Meta could not be reached (network, timeout, an answer that is not the Graph API's). */
export class MessengerNetworkError extends Error {
  override readonly name = 'MessengerNetworkError';
  constructor(message: string, override readonly cause?: unknown) {
    super(`messenger unreachable: ${message}. It will be retried.`);
  }
}

/** Graph codes with a meaning for the next step (Messenger Platform "Error codes" reference). */
export const MESSENGER_ERROR = {
  /** Calls to this API have exceeded the rate limit. */
  rateLimit: 613,
  /** Application-level request limit. */
  appRate: 4,
  /** "This person isn't available right now": blocked the page, deactivated, or never talked to it. */
  unavailable: 551,
  /** Permission error; with subcode 2018278 the message is outside the allowed window. */
  permission: 10,
  outsideWindow: 2018278,
  /** Access token invalid or expired. */
  token: 190,
  /** Temporary API problems. */
  temporary: 2,
  internal: 1200,
} as const;

/** How long to wait before retrying when Meta gives no `retry-after`. */
export const RETRY_AFTER_MS = { rateLimit: 60_000 } as const;

/**
 * Any error from `MessengerApi` (or anything else) → one `DeliveryResult`: 613 / 4 / HTTP 429 →
 * rate-limited, 551 → recipient-gone, 10 + 2018278 → window-closed, 190 → permanent, 5xx → transient.
 *
 * @example
 * try { … } catch (error) { return deliveryResultOf(error); }
 */
export function deliveryResultOf(error: unknown): DeliveryResult {
  if (error instanceof MessengerApiError) {
    const after = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : RETRY_AFTER_MS.rateLimit;
    if (error.code === MESSENGER_ERROR.rateLimit || error.code === MESSENGER_ERROR.appRate || error.status === 429) return delivery.rateLimited(after, 'account');
    if (error.code === MESSENGER_ERROR.unavailable) return delivery.gone('unknown');
    if (error.code === MESSENGER_ERROR.permission && error.subcode === MESSENGER_ERROR.outsideWindow) return delivery.windowClosed();
    if (error.code === MESSENGER_ERROR.temporary || error.code === MESSENGER_ERROR.internal || error.status >= 500) {
      return delivery.transient(`messenger ${error.code ?? `HTTP ${error.status}`}: ${error.graphMessage}`.slice(0, 300), error.retryAfterSeconds !== undefined ? after : undefined);
    }
    return delivery.permanent(error.message.slice(0, 300));
  }
  if (error instanceof MessengerNetworkError) return delivery.transient(error.message.slice(0, 300));
  if (error instanceof Error && error.name === 'AbortError') return delivery.transient('send aborted');
  return delivery.transient(error instanceof Error ? error.message.slice(0, 300) : 'unknown error');
}

function hint(code: number | undefined, subcode: number | undefined, status: number): string {
  if (code === MESSENGER_ERROR.token || status === 401) return '. Fix: set a valid MESSENGER_PAGE_TOKEN (a page access token of a system user does not expire).';
  if (code === MESSENGER_ERROR.permission && subcode === MESSENGER_ERROR.outsideWindow) return '. The person last wrote more than 24 h ago: only a permitted message tag may go.';
  return '';
}
