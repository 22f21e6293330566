import type { SqlRunner } from './sql-runner.js';

/**
 * The recipient snapshot, one keyset chunk at a time: the next `chunk` channel identities of the tenant
 * after `cursor` (by id), and of those the active ones whose person subscribes to the category become
 * `pending` rows. `on conflict do nothing` on (notice, identity) makes a re-run after a crash harmless.
 *
 * Why chunks and not one INSERT … SELECT: stack.md measured one statement for 1M rows at 7.2 s on
 * PostgreSQL (1.0 s on SQLite), and nothing could be sent before it committed. The planner starts with
 * a 1,000-identity chunk (first delivery within ~100–300 ms) and doubles it up to `planChunkSize` (50,000 on
 * PostgreSQL, where each statement has a fixed cost; 5,000 on SQLite, whose single writer would make the
 * dispatcher's writes wait behind a long insert). Chunks are ranges of identity ids (not of
 * subscribers), so every chunk is an index range scan; memory holds one chunk's bounds only.
 */
const BOUND = `
select max(id) as hi, count(*) as n from (
  select id from channel_identity where tenant_id = ? and id > ? order by id limit ?
) chunk`;

/**
 * PostgreSQL: the subscription check is a LATERAL probe of the unique (person_id, category_id) index.
 * With a plain join the planner hashed the chunk and seq-scanned all of `subscription` for every chunk
 * (65 ms per chunk at 1M subscriptions, whatever the chunk size); the probe is ~1 µs per identity.
 * Measured on the 2-core box, 50,000 rows into a 1M-row `delivery`: join 205 → 114 ms; whole statement
 * 1,040 → 750 ms once the redundant `delivery.tenant_id` foreign key was dropped (its check trigger was
 * 140 ms of it; the notice FK still cascades a tenant's deletion, and the notice and identity FKs,
 * ~300 ms per 50,000 together, stay: they cascade a notice's and an erased person's deliveries).
 * The rest is the six index inserts per row. Commits stay synchronous: ~20 commits per million rows
 * cost nothing measurable, and an unlogged `delivery` was rejected: a server crash would truncate it
 * and lose every pending delivery, which the guarantee in docs/notification-engine.md forbids.
 */
const INSERT_POSTGRESQL = `
insert into delivery (tenant_id, notice_id, identity_id, lane, channel, state, priority, not_before, attempts, created_at, updated_at)
select ci.tenant_id, ?, ci.id, ci.tenant_id || ':' || ci.channel || ':' || ci.account, ci.channel, 'pending', ?, ?, 0, ?, ?
from channel_identity ci
cross join lateral (select 1 from subscription s where s.person_id = ci.person_id and s.category_id = ? limit 1) sub
where ci.tenant_id = ? and ci.active = true and ci.id > ? and ci.id <= ?
on conflict (notice_id, identity_id) do nothing`;

/** SQLite has no LATERAL and already probes the (person_id, category_id) index per identity. */
const INSERT_SQLITE = `
insert into delivery (tenant_id, notice_id, identity_id, lane, channel, state, priority, not_before, attempts, created_at, updated_at)
select ci.tenant_id, ?, ci.id, ci.tenant_id || ':' || ci.channel || ':' || ci.account, ci.channel, 'pending', ?, ?, 0, ?, ?
from channel_identity ci
join subscription s on s.person_id = ci.person_id and s.category_id = ?
where ci.tenant_id = ? and ci.active = true and ci.id > ? and ci.id <= ?
on conflict (notice_id, identity_id) do nothing`;

/**
 * The next (channel, account) of the tenant after the given one: a skip scan of the unique
 * (tenant_id, channel, account, external_id) index, one probe per distinct account (~0.1 ms), instead of
 * the per-chunk `select distinct` over every identity of the chunk that planning used to run (a second
 * pass over the audience).
 */
const NEXT_ACCOUNT = `
select channel, account from channel_identity
where tenant_id = ? and (channel > ? or (channel = ? and account > ?))
order by channel, account limit 1`;

const UPSERT_LANE = `insert into outbox_lane (lane, owner, expires_at) values (?, null, 0) on conflict (lane) do nothing`;

/**
 * Registers the tenant's lanes (`<tenant>:<channel>:<account>`) in `outbox_lane`, so a dispatcher can own
 * them; once per notice, before its first chunk (and once more after the last, for an account whose first
 * identity arrived during planning). Lanes of inactive identities are registered too: harmless, a lane
 * with no pending row is never busy. Returns the lanes.
 *
 * @example
 * const lanes = await registerLanes(sql, tenantId); // ['1:telegram:default', '1:whatsapp:default']
 */
export async function registerLanes(sql: SqlRunner, tenantId: number): Promise<string[]> {
  const lanes: string[] = [];
  let channel = '';
  let account = '';
  for (;;) {
    const [next] = await sql.rows(NEXT_ACCOUNT, [tenantId, channel, channel, account]);
    if (!next) break;
    channel = String(next.channel);
    account = String(next.account);
    lanes.push(`${tenantId}:${channel}:${account}`);
  }
  for (const lane of lanes) await sql.rows(UPSERT_LANE, [lane]);
  return lanes;
}

/**
 * Plans one chunk; returns the new cursor, or null when the tenant has no identity after `cursor`.
 * The caller registers the lanes first (`registerLanes`).
 *
 * @example
 * let cursor: number | null = 0;
 * while ((cursor = await planChunk(sql, { ...notice, cursor, chunk: 5000, now: Date.now() })) !== null) dispatcher.notify();
 */
export async function planChunk(
  sql: SqlRunner,
  args: { tenantId: number; noticeId: number; categoryId: number; priority: number; cursor: number; chunk: number; now: number },
): Promise<number | null> {
  const [bound] = await sql.rows(BOUND, [args.tenantId, args.cursor, args.chunk]);
  if (!bound || Number(bound.n) === 0 || bound.hi === null) return null;
  const hi = Number(bound.hi);
  await sql.rows(sql.dialect === 'postgresql' ? INSERT_POSTGRESQL : INSERT_SQLITE, [
    args.noticeId, args.priority, args.now, args.now, args.now, args.categoryId, args.tenantId, args.cursor, hi,
  ]);
  return hi;
}

/**
 * Records the planning cursor and renews the notice's planning lease, fenced on the planner
 * (`locked_by`); returns false when another process took the planning over. Plain SQL: the ORM's
 * `nativeUpdate` per chunk cost a metadata walk and a query build for one row.
 *
 * @example
 * if (!(await renewPlanning(sql, { noticeId, worker, cursor, now: Date.now() }))) return null; // lease lost
 */
export async function renewPlanning(
  sql: SqlRunner,
  args: { noticeId: number; worker: string; cursor: number; now: number },
): Promise<boolean> {
  const rows = await sql.rows('update notice set plan_cursor = ?, locked_at = ? where id = ? and locked_by = ? returning id', [
    args.cursor, args.now, args.noticeId, args.worker,
  ]);
  return rows.length > 0;
}

/** Counts the rows planned for a notice (its audience), once planning finished. */
export async function countPlanned(sql: SqlRunner, noticeId: number): Promise<number> {
  const [row] = await sql.rows('select count(*) as n from delivery where notice_id = ?', [noticeId]);
  return Number(row?.n ?? 0);
}
