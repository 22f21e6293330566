import type { DeliveryResult } from '../channel/delivery-result.js';
import type { DeliveryKind } from '../storage/entities/delivery.js';

/**
 * Events of the notification engine. Tests wait on them instead of sleeping; statistics and metrics
 * subscribe to the same stream.
 *
 * @example
 * notifications.events.on('delivery:sent', (d) => seen.add(d.identityId));
 * await notifications.events.once('notice:sent');
 */
export interface OutboxEvents {
  'outbox:claim': [{ lane: string; worker: string; count: number }];
  /** `ageMs`: from the row's `created_at` (a reply's: the person's message arriving) to the channel accepting it. */
  'delivery:sent': [DeliveryEvent & { messageId: string; ageMs: number }];
  'delivery:retry': [DeliveryEvent & { notBefore: number; reason: string }];
  /** A delivery held back for this recipient only (a chat-scoped rate limit, a daily budget); no attempt used. */
  'delivery:deferred': [DeliveryEvent & { notBefore: number; reason: string }];
  /** A channel receipt (delivered, read, failed) advanced a sent delivery. */
  'delivery:receipt': [{ deliveryId: number; noticeId: number | null; receipt: string; outcome?: string }];
  'delivery:failed': [DeliveryEvent & { outcome: string; reason: string }];
  /** Rows the reaper (or a lane takeover) returned to the queue. */
  'lease:reclaimed': [{ worker: string; count: number; lanes: string[] }];
  'lane:paused': [{ lane: string; worker: string; ms: number; result: DeliveryResult }];
  'lane:acquired': [{ lane: string; worker: string }];
  'lane:released': [{ lane: string; worker: string }];
  /** A notice's recipients are all in the outbox. */
  'notice:planned': [{ noticeId: number; tenantId: number; recipients: number }];
  /** Every delivery of the notice is sent or failed. */
  'notice:sent': [{ noticeId: number; tenantId: number }];
  /** Outcomes committed to the database (a flush): the end of the duplicate window for these rows. */
  'outbox:flushed': [{ lane: string; count: number }];
}

export interface DeliveryEvent {
  readonly lane: string;
  readonly deliveryId: number;
  /** Null for reply and direct rows. */
  readonly noticeId: number | null;
  readonly kind: DeliveryKind;
  readonly priority: number;
  readonly identityId: number;
  readonly attempts: number;
}
