import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ChannelIdentity } from './channel-identity.js';
import { Notice } from './notice.js';
import { Tenant } from './tenant.js';
import { tenantScope } from './tenant-scope.js';

/** States of one delivery row in the outbox. */
export const DELIVERY_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/**
 * Priority numbers in the outbox: claims and send slots go by `priority, id`. A person waiting for a reply
 * comes first, then civil-protection notices, then person-to-person messages (an operator's answer, a
 * task for a squad), then routine notices. See docs/notification-engine.md ("One outbound path").
 */
export const DELIVERY_PRIORITY = { reply: 0, urgent: 1, direct: 2, normal: 3 } as const;
export type DeliveryPriorityName = keyof typeof DELIVERY_PRIORITY;

/** What a row carries: one recipient of a notice, a turn's reply, or a message sent outside a turn. */
export const DELIVERY_KINDS = ['notice', 'reply', 'direct'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/**
 * The durable outbox of every outbound message: one row per (notice, channel identity), per reply of a
 * turn (written in the turn's transaction) and per message a module sends outside a turn. Notice rows
 * render from their notice; reply and direct rows carry their message as `payload` (JSON of a
 * `StoredOutbound`). Planning inserts rows in bulk
 * (`core/storage/sql/plan-deliveries.ts`), dispatchers claim them with a lease (`claim-deliveries.ts`)
 * and complete them with fenced batch updates. Times on the hot path are epoch milliseconds (bigint),
 * the same in both dialects, so the SQL needs no date conversion and tests can inject a clock.
 *
 * @example
 * const rows = await em.find(Delivery, { notice: 12, state: 'failed' });
 * rows[0]?.outcome; // 'gone' | 'window' | 'permanent' | 'exhausted'
 */
export const Delivery = defineEntity({
  name: 'Delivery',
  tableName: 'delivery',
  filters: tenantScope,
  uniques: [{ properties: ['notice', 'identity'] }],
  indexes: [
    // The claim: `where lane = ? and state = 'pending' and not_before <= ? order by priority, id`.
    { properties: ['lane', 'state', 'priority', 'id'] },
    // Stats per notice and the "is this notice finished" check.
    { properties: ['notice', 'state'] },
    // The reaper: `where state = 'sending' and locked_at < ?`.
    { properties: ['state', 'lockedAt'] },
    // Receipts: a channel's status callback names the lane's message id (WhatsApp's wamid).
    { properties: ['lane', 'channelMessageId'] },
  ],
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    // No foreign key: the notice's tenant is the same, and the notice FK cascades a tenant's deletion.
    // Its check trigger was 14% of planning time on PostgreSQL (see sql/plan-deliveries.ts).
    tenant: p.manyToOne(Tenant).createForeignKeyConstraint(false),
    /** Null for reply and direct rows, which carry their message in `payload`. */
    notice: p.manyToOne(Notice).deleteRule('cascade').nullable(),
    identity: p.manyToOne(ChannelIdentity).deleteRule('cascade').index(),
    /** `<tenant id>:<channel>:<account>`: one rate budget, owned by one dispatcher at a time. */
    lane: p.string().length(160),
    channel: p.string().length(32),
    // A string, not an enum: MikroORM 6.6's SQLite diff misreads some enum checks (see Notice).
    state: p.string().length(16).default('pending'),
    /** 0 reply, 1 urgent, 2 direct, 3 normal (see `DELIVERY_PRIORITY`). */
    priority: p.smallint().default(3),
    /** Epoch ms before which the row is not claimed (retry backoff, per-chat spacing). */
    notBefore: p.bigint('number'),
    attempts: p.integer().default(0),
    lockedBy: p.string().length(64).nullable(),
    /** Epoch ms of the claim; the reaper returns rows whose lease expired. */
    lockedAt: p.bigint('number').nullable(),
    channelMessageId: p.string().length(200).nullable(),
    /** Why a row failed: gone · window · permanent · exhausted (transient retries used up). */
    outcome: p.string().length(32).nullable(),
    reason: p.string().length(500).nullable(),
    createdAt: p.bigint('number'),
    /** Epoch ms of the last state change (sent time for sent rows). */
    updatedAt: p.bigint('number'),
    // Receipts last: SQLite's `add column` appends, and the schema check compares column order.
    /**
     * The channel's last receipt for the sent message: sent · delivered · read · failed, advanced with
     * `advanceReceipt` (never backwards; a failure after delivered is ignored). Null: no receipt (Telegram
     * sends none).
     */
    receipt: p.string().length(16).nullable(),
    /** Epoch ms the channel reported the message delivered to the phone (first receipt of delivered or read). */
    deliveredAt: p.bigint('number').nullable(),
    /** Epoch ms the person read it (WhatsApp blue ticks, when the person allows them). */
    readAt: p.bigint('number').nullable(),
    /** notice · reply · direct (see `DELIVERY_KINDS`). */
    kind: p.string().length(16).default('notice'),
    /** The message of a reply or direct row (JSON `StoredOutbound`); null for notice rows. */
    payload: p.text().nullable(),
  }),
});
export type Delivery = InferEntity<typeof Delivery>;
