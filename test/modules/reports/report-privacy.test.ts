import t from 'tap';
import { MediaFile, Person } from '../../../core/internal.js';
import { Report, ReportDraft, ReportFollow } from '../../../modules/reports/index.js';
import { updateReportSettings } from '../../../modules/reports/service/report-settings-service.js';
import { textOf } from '../../helpers/campanile.js';
import type { MemoryAdapter } from '../../../adapters/memory/index.js';
import { buildReportsApp } from '../../helpers/reports-app.js';
import { jpeg, sendFile, sendLocation } from '../../helpers/report-inbound.js';

async function report(memory: MemoryAdapter, tenant: string, chat: string, lat: number, photo: number) {
  await memory.say(tenant, chat, '/segnala');
  await memory.press(tenant, chat, 'reports:cat:verde');
  await memory.say(tenant, chat, 'Albero caduto sulla panchina');
  await sendLocation(memory, tenant, chat, lat, 7.68);
  await sendFile(memory, tenant, chat, 'photo', 'image/jpeg', jpeg(photo));
  await memory.press(tenant, chat, 'reports:media-done');
  return memory.press(tenant, chat, 'reports:confirm');
}

t.test("erasure removes the person's link and follows; the report and its photo stay", async (t) => {
  const { app, memory, tenant } = await buildReportsApp(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  await report(memory, tenant, '1', 45.07, 1);
  // Person 2 follows it (duplicate offer) and leaves a draft with a photo.
  await memory.say(tenant, '2', '/segnala');
  await memory.press(tenant, '2', 'reports:cat:verde');
  await memory.say(tenant, '2', 'Albero caduto sulla panchina');
  await sendLocation(memory, tenant, '2', 45.07001, 7.68);
  await memory.press(tenant, '2', 'reports:follow');
  await memory.say(tenant, '2', '/segnala');
  await memory.press(tenant, '2', 'reports:cat:rifiuti');
  await memory.say(tenant, '2', 'Cassonetto bruciato');
  await sendLocation(memory, tenant, '2', 45.08, 7.68);
  await sendFile(memory, tenant, '2', 'photo', 'image/jpeg', jpeg(2));
  const stored = await em().findOneOrFail(Report, {});
  t.equal(await em().count(ReportFollow, {}), 1);
  t.equal(await em().count(ReportDraft, {}), 1);

  for (const chat of ['1', '2']) {
    await memory.say(tenant, chat, '/cancella');
    t.match(textOf(await memory.press(tenant, chat, 'base:erase:yes')), /cancellato tutti i tuoi dati/);
  }
  t.equal(await em().count(Person, {}), 0, 'both people erased');
  const kept = await em().findOneOrFail(Report, { id: stored.id });
  t.match(kept, { reporter: null, reporterIdentity: null, description: 'Albero caduto sulla panchina', latitude: 45.07 }, 'the report stays without its reporter');
  t.equal(await em().count(ReportFollow, {}), 0, 'follows gone');
  t.equal(await em().count(ReportDraft, {}), 0, 'the draft gone');
  const files = await em().find(MediaFile, {});
  t.same(files.map((f) => f.hash), [kept.media[0]!.id], "the report's photo stays; the draft's photo went with the person");
});

t.test('retention deletes closed reports and their files past the comune\'s setting, and stale drafts', async (t) => {
  const { app, memory, tenant, admin } = await buildReportsApp(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  await report(memory, tenant, '1', 45.07, 1);
  await report(memory, tenant, '2', 45.09, 2);
  await report(memory, tenant, '3', 45.11, 3);
  const [old, recent, open] = await em().find(Report, {}, { orderBy: { id: 'asc' } });
  await admin('POST', '/reports/:id/status', { params: { id: old!.id }, body: { status: 'resolved' } });
  await admin('POST', '/reports/:id/status', { params: { id: recent!.id }, body: { status: 'rejected' } });
  const now = Date.now();
  await em().nativeUpdate(Report, { id: old!.id }, { closedAt: new Date(now - 731 * 86_400_000) });
  await em().nativeUpdate(Report, { id: recent!.id }, { closedAt: new Date(now - 700 * 86_400_000) });
  await em().nativeUpdate(Report, { id: open!.id }, { createdAt: new Date(now - 900 * 86_400_000) });
  // A draft abandoned 25 h ago, with a photo.
  await memory.say(tenant, '4', '/segnala');
  await memory.press(tenant, '4', 'reports:cat:strade');
  await memory.say(tenant, '4', 'Buca profonda in curva');
  await sendLocation(memory, tenant, '4', 45.13, 7.68);
  await sendFile(memory, tenant, '4', 'photo', 'image/jpeg', jpeg(4));
  await em().nativeUpdate(ReportDraft, {}, { updatedAt: new Date(now - 25 * 3600_000) });

  await app.services.retention.runOnce(new Date(now));
  const left = await em().find(Report, {}, { orderBy: { id: 'asc' } });
  t.same(left.map((r) => r.id), [recent!.id, open!.id], 'only the report closed more than two years ago went; open ones stay whatever their age');
  const hashes = (await em().find(MediaFile, {})).map((f) => f.hash).sort();
  t.same(hashes, [recent!.media[0]!.id, open!.media[0]!.id].sort(), "its photo went; the stale draft's photo too");
  t.equal(await em().count(ReportDraft, {}), 0, 'the stale draft went');

  await updateReportSettings(em(), app.defaultTenant.id, { closedRetentionDays: 365 });
  await app.services.retention.runOnce(new Date(now));
  t.same((await em().find(Report, {})).map((r) => r.id), [open!.id], 'the retention is the comune\'s setting');
});
