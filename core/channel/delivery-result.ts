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
  | {
      readonly status: 'rate-limited';
      readonly retryAfterMs: number;
      /**
       * What the limit applies to: the whole account (pause the lane; the default when absent) or only
       * this chat (hold this recipient, keep sending to others), e.g. WhatsApp's pair rate 131056 or its
       * daily budget of recipients outside the reply window.
       */
      readonly scope?: 'account' | 'chat';
      /** Why, in words an admin understands (stored on the held delivery and shown in the notice's stats). */
      readonly reason?: string;
    }
  | { readonly status: 'recipient-gone'; readonly reason: 'blocked' | 'deactivated' | 'unknown' }
  | { readonly status: 'window-closed' }
  | { readonly status: 'transient'; readonly reason: string; readonly retryAfterMs?: number }
  | { readonly status: 'permanent'; readonly reason: string };

export type DeliveryStatus = DeliveryResult['status'];

/** Shorthands adapters use to build results. */
export const delivery = {
  delivered: (messageId: string): DeliveryResult => ({ status: 'delivered', messageId }),
  rateLimited: (retryAfterMs: number, scope?: 'account' | 'chat', reason?: string): DeliveryResult => ({
    status: 'rate-limited', retryAfterMs, ...(scope === undefined ? {} : { scope }), ...(reason === undefined ? {} : { reason }),
  }),
  gone: (reason: 'blocked' | 'deactivated' | 'unknown'): DeliveryResult => ({ status: 'recipient-gone', reason }),
  windowClosed: (): DeliveryResult => ({ status: 'window-closed' }),
  transient: (reason: string, retryAfterMs?: number): DeliveryResult =>
    retryAfterMs === undefined ? { status: 'transient', reason } : { status: 'transient', reason, retryAfterMs },
  permanent: (reason: string): DeliveryResult => ({ status: 'permanent', reason }),
} as const;
