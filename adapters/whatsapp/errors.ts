import { delivery, type DeliveryResult } from '../../core/index.js';

/**
 * Errors of the WhatsApp Cloud API, kept apart as the house style asks: `WhatsAppApiError` when Meta
 * answered and refused (HTTP status, Graph `code`, `error_subcode`, `details`), `WhatsAppNetworkError`
 * when Meta could not be reached. `deliveryResultOf` turns either into the core's closed set of outcomes,
 * so the outbox never learns Meta's codes.
 *
 * @example
 * try { await api.sendMessage(body, signal); } catch (error) { return deliveryResultOf(error); }
 * // 131047 → { status: 'window-closed' }, 131056 → rate-limited (chat), 5xx → transient
 */
export class WhatsAppApiError extends Error {
  override readonly name = 'WhatsAppApiError';
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly graphMessage: string,
    readonly details?: string,
    readonly subcode?: number,
    readonly fbtraceId?: string,
    /** Seconds from a `Retry-After` header, when Meta sent one. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`WhatsApp Cloud API refused the call (HTTP ${status}, code ${code ?? '?'}): ${graphMessage}${details ? ` — ${details}` : ''}${hint(code, status)}`);
  }
}

/** Meta could not be reached (DNS, TCP, TLS, timeout) or answered something that is not the Graph API. */
export class WhatsAppNetworkError extends Error {
  override readonly name = 'WhatsAppNetworkError';
  constructor(message: string, override readonly cause?: unknown) {
    super(`WhatsApp Cloud API unreachable: ${message}. Check WHATSAPP_API_ROOT and the network; the send will be retried.`);
  }
}

/** Graph codes with a meaning for the next step. See Meta's "Error codes" reference for WhatsApp. */
export const WHATSAPP_ERROR = {
  /** Throughput of the business number exceeded (80 msg/s by default). */
  throughput: 130429,
  /** (Business, consumer) pair rate limit: too many messages to the same person in a short time. */
  pairRate: 131056,
  /** More than 24 h since the person's last message: only a template may be sent. */
  reEngagement: 131047,
  /** Old On-Premises code for the same rule; still seen through some BSPs. */
  reEngagementLegacy: 470,
  /** Message undeliverable (not on WhatsApp, old client, terms not accepted…). */
  undeliverable: 131026,
  /** Unsupported message type. */
  unsupportedType: 131051,
  /** Spam rate limit: the number sent too many business-initiated messages that were not answered. */
  spamRate: 131048,
  /** Generic Graph rate limits of the app. */
  appRate: 4,
  accountRate: 80007,
  /** Temporary server-side problems. */
  unknown: 131000,
  serviceUnavailable: 131016,
  /** Access token invalid or expired. */
  token: 190,
} as const;

/** How long to wait before retrying after each limit. */
export const RETRY_AFTER_MS = {
  /** Throughput is a per-second budget: the next second is free again. */
  throughput: 1_000,
  /** Meta's pair rate is about 1 message / 6 s to one person (bursts allowed, then throttled). */
  pairRate: 6_000,
  /** App-level Graph limits recover on a rolling hour; a minute keeps us from hammering. */
  appRate: 60_000,
  /** Spam limit: Meta asks to slow down business-initiated traffic; an hour is conservative. */
  spamRate: 3_600_000,
} as const;

/** Translates an error thrown by `WhatsAppApi` (or anything else) into one `DeliveryResult`. */
export function deliveryResultOf(error: unknown): DeliveryResult {
  if (error instanceof WhatsAppApiError) {
    const after = (fallback: number) => (error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : fallback);
    switch (error.code) {
      case WHATSAPP_ERROR.throughput: return delivery.rateLimited(after(RETRY_AFTER_MS.throughput), 'account');
      case WHATSAPP_ERROR.pairRate: return delivery.rateLimited(after(RETRY_AFTER_MS.pairRate), 'chat');
      case WHATSAPP_ERROR.appRate:
      case WHATSAPP_ERROR.accountRate: return delivery.rateLimited(after(RETRY_AFTER_MS.appRate), 'account');
      case WHATSAPP_ERROR.spamRate: return delivery.rateLimited(after(RETRY_AFTER_MS.spamRate), 'account');
      case WHATSAPP_ERROR.reEngagement:
      case WHATSAPP_ERROR.reEngagementLegacy: return delivery.windowClosed();
      case WHATSAPP_ERROR.undeliverable: return delivery.gone('unknown');
      case WHATSAPP_ERROR.unsupportedType: return delivery.permanent(`whatsapp ${error.code}: unsupported message type`);
      case WHATSAPP_ERROR.unknown:
      case WHATSAPP_ERROR.serviceUnavailable: return delivery.transient(`whatsapp ${error.code}: ${error.graphMessage}`);
    }
    if (error.status === 429) return delivery.rateLimited(after(RETRY_AFTER_MS.throughput), 'account');
    if (error.status >= 500) return delivery.transient(`whatsapp HTTP ${error.status}: ${error.graphMessage}`, error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined);
    return delivery.permanent(`whatsapp ${error.code ?? `HTTP ${error.status}`}: ${error.graphMessage}`.slice(0, 300));
  }
  if (error instanceof WhatsAppNetworkError) return delivery.transient(error.message.slice(0, 300));
  if (error instanceof Error && error.name === 'AbortError') return delivery.transient('send aborted');
  return delivery.transient(error instanceof Error ? error.message.slice(0, 300) : 'unknown error');
}

/**
 * A short, stable reason for a failed status webhook (`statuses[].errors[0].code`), the same words the
 * outbox uses for its outcomes: 'window-closed', 'recipient-gone', 'rate-limited', else `whatsapp:<code>`.
 */
export function failureReason(code: number | undefined): string {
  switch (code) {
    case WHATSAPP_ERROR.reEngagement:
    case WHATSAPP_ERROR.reEngagementLegacy: return 'window-closed';
    case WHATSAPP_ERROR.undeliverable: return 'recipient-gone';
    case WHATSAPP_ERROR.throughput:
    case WHATSAPP_ERROR.pairRate:
    case WHATSAPP_ERROR.spamRate: return 'rate-limited';
    default: return `whatsapp:${code ?? 'unknown'}`;
  }
}

function hint(code: number | undefined, status: number): string {
  if (code === WHATSAPP_ERROR.token || status === 401) return '. Fix: set a valid WHATSAPP_TOKEN (a system-user token does not expire).';
  if (code === WHATSAPP_ERROR.reEngagement) return '. Fix: outside 24 h send an approved template (map one in tenant settings.templates.whatsapp).';
  if (code === 100) return '. Fix: the request body does not match the Cloud API schema; see `details`.';
  return '';
}
