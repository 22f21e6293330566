import t from 'tap';
import { Tenant } from '../../../core/internal.js';
import { Report, ReportFollow } from '../../../modules/reports/index.js';
import { textOf } from '../../helpers/campanile.js';
import { buildReportsApp } from '../../helpers/reports-app.js';
import { sendLocation } from '../../helpers/report-inbound.js';
import type { MemoryAdapter } from '../../../adapters/memory/index.js';

async function reportUpTo(memory: MemoryAdapter, tenant: string, chat: string, category: string, lat: number, lon: number) {
  await memory.say(tenant, chat, '/segnala');
  await memory.press(tenant, chat, `reports:cat:${category}`);
  await memory.say(tenant, chat, 'Lampione spento all\'incrocio');
  return sendLocation(memory, tenant, chat, lat, lon);
}

t.test('a near report of the same category is offered as a duplicate; following it brings its updates to both people', async (t) => {
  const { app, memory, tenant, admin } = await buildReportsApp(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  await reportUpTo(memory, tenant, '1', 'illuminazione', 45.07, 7.68);
  await memory.press(tenant, '1', 'reports:media-done');
  await memory.press(tenant, '1', 'reports:confirm');
  const original = await em().findOneOrFail(Report, {});

  // 30 m away, same category: offered.
  const offer = await reportUpTo(memory, tenant, '2', 'illuminazione', 45.07027, 7.68);
  t.match(textOf(offer), new RegExp(`già segnalato un problema simile a 30 m da qui: \\*?${original.code}`), 'the duplicate offer names the report and the distance');
  t.same(offer.at(-1)?.choices?.map((c) => c.payload), ['reports:follow', 'reports:not-duplicate']);
  t.match(textOf(await memory.press(tenant, '2', 'reports:follow')), new RegExp(`segui la segnalazione \\*?${original.code}`));
  t.equal(await em().count(Report, {}), 1, 'no second report');
  t.equal(await em().count(ReportFollow, { report: original.id }), 1, 'the person follows the original');
  t.match(textOf(await memory.say(tenant, '2', '/mie_segnalazioni')), new RegExp(`${original.code}.*\\(la segui\\)`), 'followed reports are listed as such');

  // 60 m away: not offered; another category at the same place: not offered.
  t.match(textOf(await reportUpTo(memory, tenant, '3', 'illuminazione', 45.07054, 7.68)), /foto o un video/, 'beyond 40 m: no offer');
  t.match(textOf(await reportUpTo(memory, tenant, '4', 'rifiuti', 45.07, 7.68)), /foto o un video/, 'another category: no offer');
  // Declining the offer goes on with a new report.
  await reportUpTo(memory, tenant, '5', 'illuminazione', 45.07001, 7.68);
  t.match(textOf(await memory.press(tenant, '5', 'reports:not-duplicate')), /foto o un video/, 'declining goes on');

  const before = memory.sent.length;
  const result = await admin('POST', '/reports/:id/status', { params: { id: original.id }, body: { status: 'in_progress', message: 'Tecnico in arrivo.' } });
  t.equal(result.status, 200);
  const told = memory.sent.slice(before).map((s) => s.ref.chatId).sort();
  t.same(told, ['1', '2'], 'the reporter and the follower are both told');
  t.match(textOf(memory.sent.slice(before).map((s) => s.message)), /in lavorazione[\s\S]*Tecnico in arrivo/);
});

t.test('merging a duplicate moves its people to the original; the comune\'s reply-waiting template rides along', async (t) => {
  const { app, memory, tenant, admin } = await buildReportsApp(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  await em().nativeUpdate(Tenant, { id: app.defaultTenant.id }, {
    settings: { templates: { memory: { replyWaiting: { name: 'segnalazione_aggiornata', language: 'it', variables: ['{comune}', '{code}', '{status}'] } } } },
  }, { filters: false } as never);
  for (const [chat, address] of [['7', 'Via Verdi 1'], ['8', 'Via Verdi 3']] as const) {
    await memory.say(tenant, chat, '/segnala');
    await memory.press(tenant, chat, 'reports:cat:strade');
    await memory.say(tenant, chat, 'Marciapiede dissestato');
    await memory.say(tenant, chat, address);
    await memory.press(tenant, chat, 'reports:media-done');
    await memory.press(tenant, chat, 'reports:confirm');
  }
  const [first, second] = await em().find(Report, {}, { orderBy: { id: 'asc' } });
  const before = memory.sent.length;
  const merged = await admin('POST', '/reports/:id/merge', { params: { id: second!.id }, body: { into: first!.id, message: 'Già in carico.' } });
  t.equal(merged.status, 200, 'merged');
  t.match(merged.body, { report: { status: 'duplicate', duplicateOf: first!.id } });
  const note = memory.sent.slice(before);
  t.same(note.map((s) => s.ref.chatId), ['8'], 'the duplicate\'s reporter is told');
  t.match(note[0]?.message.template, { name: 'segnalazione_aggiornata', language: 'it', variables: ['Comune di Esempio', second!.code, 'duplicata'].map(String) }, 'with the mapped template for outside the window');
  const later = memory.sent.length;
  await admin('POST', '/reports/:id/status', { params: { id: first!.id }, body: { status: 'resolved' } });
  t.same(memory.sent.slice(later).map((s) => s.ref.chatId).sort(), ['7', '8'], 'and now follows the original');
  t.equal((await admin('POST', '/reports/:id/merge', { params: { id: first!.id }, body: { into: first!.id } })).status, 400, 'not into itself');
});
