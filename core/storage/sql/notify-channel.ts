import type { SqlRunner } from './sql-runner.js';

/**
 * `pg_notify` rather than `NOTIFY "channel", '…'`: the channel and payload are bound parameters, never
 * spliced into SQL. Sent on a pooled connection outside any transaction, so it leaves at once; the
 * LISTEN side has its own connection. PostgreSQL drops nothing for listeners that are connected and
 * delivers nothing to those that are not (no replay): callers treat a signal as a hint.
 */
const NOTIFY = 'select pg_notify(?, ?) as sent';

/**
 * Publishes one payload (at most 7999 bytes) on a PostgreSQL NOTIFY channel (at most 63 bytes).
 *
 * @example
 * await notifyChannel(sqlRunner(db), 'campanile:public:webchat:default:live', '{"o":"…","p":{…}}');
 */
export async function notifyChannel(sql: SqlRunner, channel: string, payload: string): Promise<void> {
  await sql.rows(NOTIFY, [channel, payload]);
}
