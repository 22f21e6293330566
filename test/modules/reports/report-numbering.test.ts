import t from 'tap';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Report, ReportDraft } from '../../../modules/reports/index.js';
import { createReport } from '../../../modules/reports/service/report-service.js';
import { reportSettings } from '../../../modules/reports/service/report-settings-service.js';
import { textOf } from '../../helpers/campanile.js';
import { onPostgres } from '../../helpers/database.js';
import { buildReportsApp } from '../../helpers/reports-app.js';
import { sendLocation } from '../../helpers/report-inbound.js';

/**
 * A save that fails after the number is taken, forced by the database itself: a trigger refuses the
 * insert of a report whose description holds FALLISCI (the counter's upsert has run by then).
 */
async function failInsertsOf(em: SqlEntityManager, marker: boolean): Promise<void> {
  const sql = (s: string) => em.getConnection().execute(s);
  if (onPostgres()) {
    if (marker) {
      await sql(`create or replace function reports_forced_failure() returns trigger language plpgsql as $$
        begin if new.description like '%FALLISCI%' then raise exception 'forced failure'; end if; return new; end $$`);
      await sql('create trigger reports_forced_failure before insert on reports_report for each row execute function reports_forced_failure()');
    } else await sql('drop trigger reports_forced_failure on reports_report');
  } else if (marker) {
    await sql(`create trigger reports_forced_failure before insert on reports_report when new.description like '%FALLISCI%'
      begin select raise(abort, 'forced failure'); end`);
  } else await sql('drop trigger reports_forced_failure');
}

const seqs = async (em: SqlEntityManager) => (await em.fork().find(Report, {}, { orderBy: { seq: 'asc' } })).map((r) => r.seq);

t.test('a chat turn whose save fails after numbering leaves no gap; the same draft then gets the number', async (t) => {
  const { app, memory, tenant } = await buildReportsApp(t);
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  const draftUpTo = async (chat: string, description: string) => {
    await memory.say(tenant, chat, '/segnala');
    await memory.press(tenant, chat, 'reports:cat:strade');
    await memory.say(tenant, chat, description);
    await sendLocation(memory, tenant, chat, 45.0703 + Number(chat) / 100, 7.6869);
    t.match(textOf(await memory.press(tenant, chat, 'reports:media-done')), /Riepilogo/);
  };
  await failInsertsOf(em, true);
  await draftUpTo('1', 'Buca profonda FALLISCI il salvataggio');
  const failed = await memory.press(tenant, '1', 'reports:confirm');
  t.notMatch(textOf(failed), /S-\d{4}-/, 'the failed turn says no code');
  t.equal(await em.fork().count(Report, {}), 0, 'no report written');
  t.equal(await em.fork().count(ReportDraft, {}), 1, 'the draft stays, to confirm again');

  await draftUpTo('2', 'Lampione rotto in piazza');
  t.match(textOf(await memory.press(tenant, '2', 'reports:confirm')), /S-\d{4}-00001/, 'the next report takes the number the failed save gave back');
  await failInsertsOf(em, false);
  t.match(textOf(await memory.press(tenant, '1', 'reports:confirm')), /S-\d{4}-00002/, 'confirming the kept draft again: the next number');
  t.same(await seqs(em), [1, 2], 'no gap');
  t.equal(await em.fork().count(ReportDraft, {}), 0, 'both drafts ended with their reports');
});

t.test('concurrent creates (separate connections on PostgreSQL) get unique consecutive numbers, failures in between leave no gap', async (t) => {
  const { app } = await buildReportsApp(t);
  const tenantId = app.defaultTenant.id;
  const em = app.services.tenants.scopedEm(tenantId);
  const settings = await reportSettings(em);
  await failInsertsOf(em, true);
  const attempts = Array.from({ length: 24 }, (_, i) => i);
  const results = await Promise.allSettled(attempts.map((i) => createReport(app.services.tenants.scopedEm(tenantId), tenantId, settings, {
    category: 'strade', description: i % 4 === 3 ? `Segnalazione ${i} FALLISCI` : `Segnalazione numero ${i}`, address: `Via Roma ${i}`, media: [], source: 'open311', actor: 'open311',
  })));
  const refused = results.filter((r) => r.status === 'rejected');
  t.equal(refused.length, 6, 'every fourth insert was refused by the database');
  for (const r of refused) t.match(String((r as PromiseRejectedResult).reason), /forced failure/);
  const codes = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.code] : []));
  t.equal(new Set(codes).size, 18, 'unique codes');
  t.same(await seqs(em), Array.from({ length: 18 }, (_, i) => i + 1), 'consecutive: 1…18, no gap where an insert failed');
  await failInsertsOf(em, false);
});
