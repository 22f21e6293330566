import type { ConversationRef } from '../../channel/conversation-ref.js';
import type { SqlRunner } from './sql-runner.js';

/**
 * Everything a turn reads before the modules run, in one statement: whether the event id was processed
 * already, the channel identity, its person and the conversation state. Through the ORM this was three
 * queries with entity hydration and filter processing, ~1 ms each on SQLite (measured with
 * scripts/bench-api.ts' turn: 0.95 ms for a `count`, 1.18 ms for a populated `findOne`, 0.09 ms for the
 * same statement raw); the unique (tenant, channel, account, external_id) index finds the identity, the
 * unique identity_id index its state.
 */
const LOAD_TURN = `
select
  (select count(*) from processed_event pe where pe.tenant_id = ? and pe.channel = ? and pe.account = ? and pe.event_id = ?) as seen,
  ci.id as identity_id, ci.external_id, ci.created_at as identity_created_at,
  p.id as person_id, p.locale, p.created_at as person_created_at, p.last_seen_at,
  cs.id as state_id, cs.data as state_data
from (select 1 as one) x
left join channel_identity ci on ci.tenant_id = ? and ci.channel = ? and ci.account = ? and ci.external_id = ?
left join person p on p.id = ci.person_id
left join conversation_state cs on cs.identity_id = ci.id`;

/** What `loadTurn` found. */
export interface LoadedTurn {
  /** The event id was processed before (a redelivery). */
  readonly seen: boolean;
  /** Null on a person's first message. */
  readonly identity: { readonly id: number; readonly createdAt: Date } | null;
  readonly person: { readonly id: number; readonly locale: string; readonly createdAt: Date; readonly lastSeenAt: Date } | null;
  /** The conversation state row, when the conversation has one. */
  readonly state: { readonly id: number; readonly data: unknown } | null;
}

/**
 * Reads the state a turn starts from.
 *
 * @example
 * const loaded = await loadTurn(sql, { tenantId: 1, ref, eventId: 'telegram:123' });
 * if (loaded.seen) return; // processed already
 */
export async function loadTurn(sql: SqlRunner, args: { tenantId: number; ref: ConversationRef; eventId: string }): Promise<LoadedTurn> {
  const { tenantId, ref, eventId } = args;
  const [row] = await sql.rows(LOAD_TURN, [tenantId, ref.channel, ref.account, eventId, tenantId, ref.channel, ref.account, ref.chatId]);
  if (!row) return { seen: false, identity: null, person: null, state: null };
  const hasIdentity = row.identity_id !== null && row.identity_id !== undefined && row.person_id !== null;
  return {
    seen: Number(row.seen) > 0,
    identity: hasIdentity ? { id: Number(row.identity_id), createdAt: toDate(row.identity_created_at) } : null,
    person: hasIdentity
      ? { id: Number(row.person_id), locale: String(row.locale), createdAt: toDate(row.person_created_at), lastSeenAt: toDate(row.last_seen_at) }
      : null,
    state: hasIdentity && row.state_id !== null && row.state_id !== undefined
      ? { id: Number(row.state_id), data: typeof row.state_data === 'string' ? JSON.parse(row.state_data) : row.state_data }
      : null,
  };
}

/** Datetimes come back as Date (PostgreSQL) or epoch ms (MikroORM's SQLite datetime). */
function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const n = Number(value);
  return new Date(Number.isFinite(n) ? n : String(value));
}
