import debug from 'debug';
import type { QuotaDecision } from '../../channel/recipient-quota.js';
import type { SqlRunner } from './sql-runner.js';

const log = debug('campanile:recipient-window');

/**
 * PostgreSQL: a transaction-scoped advisory lock per (channel, account) serialises the check and the
 * insert, so two processes can never both read "limit − 1 used" and both take the last slot; under
 * READ COMMITTED every statement after the lock sees what the previous holder committed. The lock goes
 * with the commit, so a crashed process holds nothing. Other accounts never wait.
 * Rejected: a bare `insert … where (select count(*)) < limit` (two transactions count the same
 * snapshot and both insert), SERIALIZABLE (retries on every conflict), and `pg_try_advisory_lock`
 * (session-level, tied to one pooled connection). The cost is a few round trips per template sent
 * outside the window, at most the number's 80 messages per second.
 */
const LOCK_POSTGRESQL = 'select pg_advisory_xact_lock(hashtext(?)) as locked';

/** Rows that left the window: the window is rolling, and old chat ids are not kept longer than needed. */
const PRUNE = 'delete from channel_recipient_window where channel = ? and account = ? and counted_at <= ?';

/** How many are counted, since when, and whether this recipient already is (then it costs nothing). */
const READ = `
select count(*) as used, min(counted_at) as oldest, sum(case when recipient = ? then 1 else 0 end) as mine
from channel_recipient_window
where channel = ? and account = ?`;

const COUNT = 'insert into channel_recipient_window (tenant_id, channel, account, recipient, counted_at) values (?, ?, ?, ?, ?)';

/**
 * Counts `recipient` against the account's rolling window if there is room (or they are already
 * counted), in one transaction. SQLite has one writer (and one connection per process), which makes
 * the same statements atomic there without a lock.
 *
 * @example
 * const decision = await consumeRecipientSlot(sql, { tenantId: 1, channel: 'whatsapp', account: '1065…', recipient: 'IT.13…', limit: 250, windowMs: DAY, now: Date.now() });
 * if (!decision.ok) holdUntil(decision.retryAt);
 */
export async function consumeRecipientSlot(
  sql: SqlRunner,
  args: { tenantId: number; channel: string; account: string; recipient: string; limit: number; windowMs: number; now: number },
): Promise<QuotaDecision> {
  const { tenantId, channel, account, recipient, limit, windowMs, now } = args;
  const decision = await sql.transaction(async (tx): Promise<QuotaDecision> => {
    if (tx.dialect === 'postgresql') await tx.rows(LOCK_POSTGRESQL, [`recipient-window:${channel}:${account}`]);
    await tx.rows(PRUNE, [channel, account, now - windowMs]);
    const [row] = await tx.rows(READ, [recipient, channel, account]);
    if (Number(row?.mine ?? 0) > 0) return { ok: true };
    if (Number(row?.used ?? 0) < limit) {
      await tx.rows(COUNT, [tenantId, channel, account, recipient, now]);
      return { ok: true };
    }
    return { ok: false, retryAt: Number(row?.oldest ?? now) + windowMs };
  });
  log('%s/%s %s: %o', channel, account, recipient.slice(0, 4), decision);
  return decision;
}
