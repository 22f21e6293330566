/**
 * The closed set of outcomes of one send. Adapters translate their channel's errors into these, so the
 * outbox decides its next step without ever learning a channel's error codes.
 *
 * @example
 * const result = await adapter.send(ref, message);
 * if (result.status === 'rate-limited') lane.pause(result.retryAfterMs);
 */
export type DeliveryResult =
  | { readonly status: 'delivered'; readonly messageId: string }
  | { readonly status: 'rate-limited'; readonly retryAfterMs: number }
  | { readonly status: 'recipient-gone'; readonly reason: 'blocked' | 'deactivated' | 'unknown' }
  | { readonly status: 'window-closed' }
  | { readonly status: 'transient'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly status: 'permanent'; readonly reason: string };

export type DeliveryStatus = DeliveryResult['status'];

/** Shorthands adapters use to build results. */
export const delivery = {
  delivered: (messageId: string): DeliveryResult => ({ status: 'delivered', messageId }),
  rateLimited: (retryAfterMs: number): DeliveryResult => ({ status: 'rate-limited', retryAfterMs }),
  gone: (reason: 'blocked' | 'deactivated' | 'unknown'): DeliveryResult => ({ status: 'recipient-gone', reason }),
  windowClosed: (): DeliveryResult => ({ status: 'window-closed' }),
  transient: (reason: string, retryAfterMs?: number): DeliveryResult =>
    retryAfterMs === undefined ? { status: 'transient', reason } : { status: 'transient', reason, retryAfterMs },
  permanent: (reason: string): DeliveryResult => ({ status: 'permanent', reason }),
} as const;
