import debug from 'debug';
import type { DeliveryKind } from '../entities/delivery.js';
import type { SqlRunner } from './sql-runner.js';

const log = debug('campanile:outbox:claim');

/** One claimed delivery with what the dispatcher needs to send it (no second query on PostgreSQL). */
export interface ClaimedDelivery {
  readonly id: number;
  /** Null for reply and direct rows, which carry their message in `payload`. */
  readonly noticeId: number | null;
  /** notice · reply · direct. */
  readonly kind: DeliveryKind;
  /** JSON `StoredOutbound` of a reply or direct row. */
  readonly payload: string | null;
  /** Epoch ms the row was written (a reply older than the give-up age is not sent). */
  readonly createdAt: number;
  readonly identityId: number;
  readonly priority: number;
  /** Attempts including this one. */
  readonly attempts: number;
  /** The identity's `ConversationRef` as stored (JSON). */
  readonly address: unknown;
  /** Epoch ms of the person's last message, for channels with a reply window; null when never. */
  readonly lastInboundAt: number | null;
  readonly locale: string;
}

/**
 * PostgreSQL. One statement: the CTEs pick the lane's next rows in priority order and lock them with
 * SKIP LOCKED (a second claimer skips them instead of waiting), the UPDATE leases them and joins the
 * identity and person so the row carries everything to send. `set_config(…, true)` turns
 * synchronous_commit off for this transaction only: losing the claim in a PostgreSQL crash just leaves
 * the row pending (resent at most once, inside the in-flight window of docs/notification-engine.md).
 *
 * The keyset floor `(priority, id) > (?, ?)` starts the index scan after the rows this lane already
 * moved past (see core/outbox/claim-floor.ts). Without it the scan walked, at every claim, the index
 * entries of every row claimed so far: an update that changes `state` is never HOT, so each claimed row
 * leaves a dead `(lane, 'pending', priority, id)` entry at the head of the range until VACUUM, and while
 * any older snapshot exists (a planning chunk's transaction, another session) PostgreSQL cannot even mark
 * them dead. Measured on a 1M outbox with 300,000 rows sent: 62 ms to reach the first pending row, and
 * the 1M benchmark's sending fell from 10,000–12,000/s to 4,000–6,000/s in the tail. Rows more urgent
 * than the floor (a lower priority number: an urgent notice planned meanwhile) are their own short range
 * (`ahead`), read first, so urgent rows still overtake at the next claim. `union all … limit` pulls (and
 * locks) only the rows it returns. Without a floor the caller passes `NO_FLOOR`: `ahead` is empty and
 * `rest` is the whole range, the plain head-of-lane claim.
 *
 * Measured on the 2-core box (stack.md): claim+complete loops move ~10,400 rows/s at batch 500 with
 * synchronous commits; ~23,000/s at batch 1000. Rejected: `select … for update` then `update` (two
 * round trips and a longer lock), `order by random()` fairness (the index serves `priority, id`), and
 * `(priority, id) > floor or priority < p` in one scan (an OR is no index range: a bitmap scan and a sort
 * of every pending row).
 */
const POSTGRESQL = `
with ahead as materialized (
  select id, priority from delivery
  where lane = ? and state = 'pending' and not_before <= ? and priority < ?
  order by priority, id
  limit ?
  for update skip locked
), rest as materialized (
  select id, priority from delivery
  where lane = ? and state = 'pending' and not_before <= ? and (priority, id) > (?, ?)
  order by priority, id
  limit ?
  for update skip locked
), picked as (
  select id from ahead
  union all
  select id from rest
  limit ?
)
update delivery d
set state = 'sending', locked_by = ?, locked_at = ?, attempts = d.attempts + 1, updated_at = ?
from picked, channel_identity ci, person p, (select set_config('synchronous_commit', ?, true)) cfg
where d.id = picked.id and ci.id = d.identity_id and p.id = ci.person_id
returning d.id, d.notice_id, d.identity_id, d.priority, d.attempts, d.kind, d.payload, d.created_at, ci.address, ci.last_inbound_at, p.locale`;

/** Where a claim starts in a lane's `(priority, id)` order: after this row (exclusive). */
export interface ClaimFloorKey {
  readonly priority: number;
  readonly id: number;
}

/** No floor: the claim starts at the head of the lane (priorities are smallint, ids positive). */
export const NO_FLOOR: ClaimFloorKey = { priority: -32768, id: 0 };

/**
 * SQLite has one writer, so there is nothing to skip: the same shape with a state guard (`and state =
 * 'pending'`) makes a racing claim from another connection a no-op. It ignores the floor: SQLite updates
 * its index entries in place, so no dead entries pile up at the head of a lane. SQLite's RETURNING cannot read
 * joined tables, so the address comes from a second (in-process, ~0.3 ms for 500 rows) select.
 * `+state` stops the planner from scanning every pending row through the (state, locked_at) index
 * instead of looking the picked ids up by rowid (an O(audience) claim).
 * Measured: ~83,000 claim+complete rows/s at batch 500 (stack.md).
 */
const SQLITE_CLAIM = `
update delivery
set state = 'sending', locked_by = ?, locked_at = ?, attempts = attempts + 1, updated_at = ?
where id in (
  select id from delivery
  where lane = ? and state = 'pending' and not_before <= ?
  order by priority, id
  limit ?
) and +state = 'pending'
returning id, notice_id, identity_id, priority, attempts, kind, payload, created_at`;

const SQLITE_ADDRESSES = `
select ci.id, ci.address, ci.last_inbound_at, p.locale
from channel_identity ci join person p on p.id = ci.person_id
where ci.id in (select value from json_each(?))`;

/**
 * Leases up to `limit` due rows of one lane to `worker`, most urgent first (`order by priority, id`).
 * With `after` (PostgreSQL), rows of the same or a lower urgency at or before that key are not looked
 * at; rows more urgent than it always are. The caller keeps the floor (`ClaimFloor`) and claims from
 * the head now and then, so nothing below it (a retry come due, a reaped row) waits for long.
 *
 * @example
 * const rows = await claimDeliveries(sql, { lane: '1:telegram:default', worker, limit: 500, now: Date.now() });
 * for (const row of rows) send(row);
 */
export async function claimDeliveries(
  sql: SqlRunner,
  args: { lane: string; worker: string; limit: number; now: number; asyncCommit?: boolean; after?: ClaimFloorKey },
): Promise<ClaimedDelivery[]> {
  const { lane, worker, limit, now } = args;
  let claimed: ClaimedDelivery[];
  if (sql.dialect === 'postgresql') {
    const after = args.after ?? NO_FLOOR;
    const rows = await sql.rows(POSTGRESQL, [
      lane, now, after.priority, limit,
      lane, now, after.priority, after.id, limit,
      limit, worker, now, now, args.asyncCommit === false ? 'on' : 'off',
    ]);
    claimed = rows.map((r) => claimedRow(r, r.address, toMs(r.last_inbound_at), String(r.locale)));
  } else {
    const rows = await sql.rows(SQLITE_CLAIM, [worker, now, now, lane, now, limit]);
    if (rows.length === 0) return [];
    const identities = await sql.rows(SQLITE_ADDRESSES, [JSON.stringify(rows.map((r) => Number(r.identity_id)))]);
    const byId = new Map(identities.map((i) => [Number(i.id), i]));
    claimed = rows.map((r) => {
      const identity = byId.get(Number(r.identity_id));
      const address: unknown = typeof identity?.address === 'string' ? JSON.parse(identity.address) : identity?.address;
      return claimedRow(r, address, toMs(identity?.last_inbound_at), String(identity?.locale ?? ''));
    });
  }
  claimed.sort((a, b) => a.priority - b.priority || a.id - b.id);
  if (claimed.length > 0) log('%s claimed %d rows of %s', worker, claimed.length, lane);
  return claimed;
}

/** A claimed row from the delivery's columns and its identity's; one object literal per row (the hot path: no spread). */
function claimedRow(r: Record<string, unknown>, address: unknown, lastInboundAt: number | null, locale: string): ClaimedDelivery {
  return {
    id: Number(r.id), noticeId: r.notice_id === null || r.notice_id === undefined ? null : Number(r.notice_id), identityId: Number(r.identity_id),
    priority: Number(r.priority), attempts: Number(r.attempts), kind: r.kind as DeliveryKind,
    payload: typeof r.payload === 'string' ? r.payload : null, createdAt: Number(r.created_at), address, lastInboundAt, locale,
  };
}

/** Dates come back as Date (PostgreSQL timestamptz) or epoch ms (MikroORM's SQLite datetime). */
function toMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  const n = Number(value);
  return Number.isFinite(n) ? n : new Date(String(value)).getTime();
}
