import t from 'tap';
import { Report, ReportDraft, ReportEvent } from '../../../modules/reports/index.js';
import { updateReportSettings } from '../../../modules/reports/service/report-settings-service.js';
import { MediaFile } from '../../../core/internal.js';
import { textOf } from '../../helpers/campanile.js';
import { buildReportsApp } from '../../helpers/reports-app.js';
import { jpeg, mp4, sendFile, sendLocation } from '../../helpers/report-inbound.js';

t.test('the full dialog with a location and two photos stores the report; status changes reach the citizen; /mie_segnalazioni lists it', async (t) => {
  const { app, memory, tenant, admin } = await buildReportsApp(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  const start = await memory.say(tenant, '10', '/segnala');
  t.match(textOf(start), /Nuova segnalazione/, 'the dialog starts with the category');
  t.same(start.at(-1)?.choices?.map((c) => c.payload), ['reports:cat:strade', 'reports:cat:illuminazione', 'reports:cat:rifiuti', 'reports:cat:verde', 'reports:cat:acqua', 'reports:cat:segnaletica', 'reports:cat:altro'], 'the default categories as buttons');
  t.match(textOf(await memory.press(tenant, '10', 'reports:cat:strade')), /Descrivi il problema/);
  t.match(textOf(await memory.say(tenant, '10', 'Buca')), /troppo corta/, 'a too short description is refused');
  t.match(textOf(await memory.say(tenant, '10', 'Buca profonda davanti al civico 12')), /Dove si trova/);
  t.match(textOf(await sendLocation(memory, tenant, '10', 45.0703, 7.6869)), /foto o un video/);
  t.match(textOf(await sendFile(memory, tenant, '10', 'photo', 'image/jpeg', jpeg(1))), /Ricevuto \(1 di 5\)/);
  t.match(textOf(await sendFile(memory, tenant, '10', 'photo', 'image/jpeg', jpeg(2))), /Ricevuto \(2 di 5\)/);
  const summary = await memory.press(tenant, '10', 'reports:media-done');
  t.match(textOf(summary), /Riepilogo[\s\S]*Strade e marciapiedi[\s\S]*Buca profonda[\s\S]*45\.07030, 7\.68690[\s\S]*Foto e video: 2/, 'the summary');
  t.equal(await em().count(Report, {}), 0, 'nothing stored before the confirmation');
  const created = await memory.press(tenant, '10', 'reports:confirm');
  t.match(textOf(created), /La tua segnalazione è la \*?S-\d{4}-00001/, 'the public code is said');
  const report = await em().findOneOrFail(Report, { code: { $like: 'S-%-00001' } });
  t.match(report, { category: 'strade', description: 'Buca profonda davanti al civico 12', latitude: 45.0703, longitude: 7.6869, status: 'new', source: 'chat', channel: 'memory' });
  t.equal(report.media.length, 2, 'both photos on the report');
  t.same(report.media.map((m) => m.kind), ['photo', 'photo']);
  t.equal(await em().count(ReportDraft, {}), 0, 'the draft is gone');
  const files = await em().find(MediaFile, { hash: { $in: report.media.map((m) => m.id) } });
  t.same(files.map((f) => f.senderChat), [null, null], "the photos are the comune's now (erasure and inbound retention leave them)");

  // The operator works it; every change reaches the citizen in the same chat.
  const before = memory.sent.length;
  const ack = await admin('POST', '/reports/:id/status', { params: { id: report.id }, body: { status: 'acknowledged', message: 'Abbiamo inviato una squadra.', note: 'squadra 3' } });
  t.equal(ack.status, 200, 'status changed');
  const done = await admin('POST', '/reports/:id/status', { params: { id: report.id }, body: { status: 'resolved', message: 'Buca chiusa.' } });
  t.equal(done.status, 200);
  const updates = memory.sent.slice(before).filter((s) => s.ref.chatId === '10').map((s) => s.message);
  t.equal(updates.length, 2, 'two updates sent');
  t.match(textOf(updates.slice(0, 1)), /S-\d{4}-00001.*presa in carico[\s\S]*Abbiamo inviato una squadra/);
  t.notMatch(textOf(updates), /squadra 3/, 'the internal note is never sent');
  t.match(textOf(updates.slice(1)), /risolta[\s\S]*Buca chiusa/);
  const events = await em().find(ReportEvent, { report: report.id }, { orderBy: { id: 'asc' } });
  t.same(events.map((e) => [e.kind, e.toStatus]), [['created', 'new'], ['status', 'acknowledged'], ['status', 'resolved']], 'the timeline');

  const mine = await memory.say(tenant, '10', '/mie_segnalazioni');
  t.match(textOf(mine), /Le tue segnalazioni[\s\S]*S-\d{4}-00001 · Strade e marciapiedi · risolta/, '/mie_segnalazioni lists it with its status');
  t.match(textOf(await memory.say(tenant, '11', '/mie_segnalazioni')), /Non hai ancora fatto segnalazioni/, 'someone else has none');
});

t.test('a typed address instead of a position, a video, and the English command', async (t) => {
  const { app, memory, tenant } = await buildReportsApp(t);
  await memory.say(tenant, '20', '/report');
  await memory.press(tenant, '20', 'reports:cat:illuminazione');
  await memory.say(tenant, '20', 'Lampione spento da una settimana');
  t.match(textOf(await memory.say(tenant, '20', 'Via Roma 12, davanti alla farmacia')), /foto o un video/, 'a typed address is accepted');
  t.match(textOf(await sendFile(memory, tenant, '20', 'video', 'video/mp4', mp4(1))), /Ricevuto \(1 di 5\)/, 'a video is accepted');
  await memory.press(tenant, '20', 'reports:media-done');
  await memory.press(tenant, '20', 'reports:confirm');
  const report = await app.services.tenants.scopedEm(app.defaultTenant.id).findOneOrFail(Report, {});
  t.match(report, { address: 'Via Roma 12, davanti alla farmacia', latitude: null, longitude: null, category: 'illuminazione' });
  t.same(report.media.map((m) => [m.kind, m.mimeType]), [['video', 'video/mp4']]);
});

t.test('bad input gets a clear reply and nothing half-written', async (t) => {
  const { app, memory, tenant } = await buildReportsApp(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  await updateReportSettings(em(), app.defaultTenant.id, { bbox: [7.6, 45.0, 7.75, 45.12] });
  await memory.say(tenant, '30', '/segnala');
  t.match(textOf(await memory.say(tenant, '30', 'cose strane')), /Non ho riconosciuto la categoria/, 'an unknown category');
  await memory.say(tenant, '30', 'Rifiuti e pulizia');
  t.match(textOf(await sendLocation(memory, tenant, '30', 45.07, 7.68)), /come testo/, 'a location when the description is asked');
  await memory.say(tenant, '30', 'Cassonetto pieno da giorni');
  t.match(textOf(await memory.say(tenant, '30', 'qui')), /posizione valida/, 'no usable position');
  t.match(textOf(await sendLocation(memory, tenant, '30', 41.9, 12.5)), /fuori dal territorio/, 'a position outside the comune');
  t.match(textOf(await sendLocation(memory, tenant, '30', 45.07, 7.68)), /foto o un video/);
  for (let i = 1; i <= 5; i++) await sendFile(memory, tenant, '30', 'photo', 'image/jpeg', jpeg(100 + i));
  t.match(textOf(await sendFile(memory, tenant, '30', 'photo', 'image/jpeg', jpeg(106))), /già inviato 5 file/, 'a 6th photo is refused');
  t.match(textOf(await sendFile(memory, tenant, '30', 'document', 'application/pdf', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))), /solo foto o video/, 'a document is refused');
  const draft = await em().findOneOrFail(ReportDraft, {});
  t.equal(draft.media.length, 5, 'the draft keeps 5 files');
  await memory.say(tenant, '30', '/annulla');
  t.equal(await em().count(ReportDraft, {}), 0, '/annulla drops the draft');
  t.equal(await em().count(MediaFile, {}), 0, "and the draft's files");

  await memory.say(tenant, '31', '/segnala');
  await memory.press(tenant, '31', 'reports:cat:verde');
  await memory.say(tenant, '31', 'Ramo caduto sul vialetto');
  await sendLocation(memory, tenant, '31', 45.07, 7.68);
  const big = 21 * 1024 * 1024;
  t.match(textOf(await sendFile(memory, tenant, '31', 'video', 'video/mp4', mp4(2), big)), /troppo grande \(21 MB\): il massimo è 20 MB/, 'an oversized video, refused before download');
  t.match(textOf(await sendFile(memory, tenant, '31', 'photo', 'image/gif', jpeg(3))), /formato non è accettato \(image\/gif\)/, 'an unsupported type');
  t.match(textOf(await sendFile(memory, tenant, '31', 'photo', 'image/jpeg', new Uint8Array([1, 2, 3, 4, 5]))), /formato non è accettato/, 'bytes that are no JPEG');
  t.equal((await em().findOneOrFail(ReportDraft, {})).media.length, 0, 'none of them was added');
  await memory.press(tenant, '31', 'reports:media-done');
  t.match(textOf(await memory.press(tenant, '31', 'reports:cancel')), /annullata/, 'cancel at the summary');
  t.equal(await em().count(Report, {}), 0, 'no report was written');
  t.equal(await em().count(ReportDraft, {}), 0);
});

t.test('/annulla leaves at every step', async (t) => {
  const { app, memory, tenant } = await buildReportsApp(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  const steps: ((chat: string) => Promise<unknown>)[] = [
    (chat) => memory.press(tenant, chat, 'reports:cat:strade'),
    (chat) => memory.say(tenant, chat, 'Tombino rotto in mezzo alla strada'),
    (chat) => sendLocation(memory, tenant, chat, 45.1, 7.7),
    (chat) => sendFile(memory, tenant, chat, 'photo', 'image/jpeg', jpeg(50 + Number(chat))),
    (chat) => memory.press(tenant, chat, 'reports:media-done'),
  ];
  for (let stop = 0; stop <= steps.length; stop++) {
    const chat = String(40 + stop);
    await memory.say(tenant, chat, '/segnala');
    for (const step of steps.slice(0, stop)) await step(chat);
    t.match(textOf(await memory.say(tenant, chat, '/annulla')), /annullata/, `cancel after ${stop} steps`);
    t.match(textOf(await memory.press(tenant, chat, 'reports:confirm')), /.+/, 'a stale button afterwards is harmless');
  }
  t.equal(await em().count(Report, {}), 0, 'no report');
  t.equal(await em().count(ReportDraft, {}), 0, 'no draft');
  t.match(textOf(await memory.say(tenant, '49', '/annulla')), /Non stai scrivendo nessuna segnalazione/);
});

t.test('an abandoned report is resumed within 24 h; change from the summary', async (t) => {
  const { app, memory, tenant } = await buildReportsApp(t);
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  await memory.say(tenant, '60', '/segnala');
  await memory.press(tenant, '60', 'reports:cat:acqua');
  await memory.say(tenant, '60', '/menu');
  t.match(textOf(await memory.say(tenant, '60', '/segnala')), /non finita/, 'offered to resume');
  t.match(textOf(await memory.press(tenant, '60', 'reports:resume')), /Descrivi il problema/, 'resumed where it was left');
  await memory.say(tenant, '60', 'Perdita d\'acqua dal marciapiede');
  await memory.say(tenant, '60', 'Piazza Garibaldi angolo via Po');
  await memory.press(tenant, '60', 'reports:media-done');
  await memory.press(tenant, '60', 'reports:change');
  t.match(textOf(await memory.press(tenant, '60', 'reports:edit:description')), /Descrivi il problema/);
  t.match(textOf(await memory.say(tenant, '60', 'Grossa perdita d\'acqua dal marciapiede')), /Riepilogo[\s\S]*Grossa perdita/, 'back to the summary after the change');
  await memory.press(tenant, '60', 'reports:confirm');
  t.equal((await em().findOneOrFail(Report, {})).description, "Grossa perdita d'acqua dal marciapiede");

  // Past 24 h the draft is not offered.
  await memory.say(tenant, '61', '/segnala');
  await memory.press(tenant, '61', 'reports:cat:acqua');
  await em().nativeUpdate(ReportDraft, {}, { updatedAt: new Date(Date.now() - 25 * 3600_000) });
  await memory.say(tenant, '61', '/menu');
  t.match(textOf(await memory.say(tenant, '61', '/segnala')), /Nuova segnalazione/, 'an old draft is not offered');
});
