// The staff and tasks pages in real Chromium: a staff manager adds a group and a member, invites them
// (the member links their chat with the shown /start payload), creates a task, the member takes it
// and sends a photo, a voice note and a video; the manager sees it in the list (with filters), in the
// calendar (month and week, previous / next by keyboard), its detail (image shown, audio and video
// with controls) and cancels another; an iCal feed URL is created and copied; the form attaches an
// image and names a backup group; a task nobody takes raises a live alert on the page. axe on every page.
import t from 'tap';
import { textOf } from '../helpers/campanile.js';
import { signIn, startAdminUi } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';
import { tasksModule } from '../../modules/tasks/index.js';

type Page = import('playwright-core').Page;

const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
// Container headers are what the media check sniffs; the browser only has to offer the players.
const OGG = Uint8Array.from([...Buffer.from('OggS'), 0, 2, ...new Array<number>(58).fill(0)]);
const MP4 = Uint8Array.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 0, 0, 2, 0, ...Buffer.from('isommp41'), ...new Array<number>(40).fill(0)]);

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  t.test('a staff manager registers a squad, invites a member, dispatches a task and follows it in the list, calendar and detail', async (t) => {
    const server = await startAdminUi(t);
    const manager = await server.user('staff-manager');
    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Rome' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const axe = async (what: string) => { await page.waitForLoadState('networkidle'); t.same(await axeViolations(page), [], `${what}: no serious or critical axe violations`); };
    const nav = page.locator('#main-nav');

    await signIn(page, server, manager);
    const links = await nav.getByRole('link').allInnerTexts();
    t.ok(['Personale', 'Compiti', 'Calendario'].every((l) => links.includes(l)), `the staff manager sees Personale, Compiti, Calendario: ${links.join(', ')}`);

    // Staff: a group, a member in it, an invitation.
    await nav.getByRole('link', { name: 'Personale' }).click();
    await heading(page, 'Personale');
    await page.getByText('Nessun membro registrato.').waitFor();
    await axe('staff page, empty');
    await page.getByLabel('Nome del gruppo').fill('Squadra manutenzioni');
    await page.getByRole('button', { name: 'Aggiungi gruppo' }).click();
    await page.getByRole('status').filter({ hasText: 'Gruppo «Squadra manutenzioni» aggiunto.' }).first().waitFor();
    t.equal(await page.getByRole('rowheader', { name: 'Squadra manutenzioni' }).count(), 1, 'the group is listed');

    await page.getByRole('button', { name: 'Aggiungi membro' }).click();
    await page.getByRole('alert').filter({ hasText: 'Controlla i dati inseriti' }).waitFor();
    t.equal(await page.getByLabel('Nome', { exact: true }).getAttribute('aria-invalid'), 'true', 'a member without a name is refused on the field');
    await page.getByLabel('Nome', { exact: true }).fill('Anna Rossi');
    await page.getByLabel('Ruolo o qualifica').fill('Operaia');
    await page.getByLabel('Squadra manutenzioni', { exact: true }).check();
    await page.getByRole('button', { name: 'Aggiungi membro' }).click();
    await page.getByRole('rowheader', { name: 'Anna Rossi' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Anna Rossi' }) });
    t.match(await row.innerText(), /Operaia\s+Squadra manutenzioni\s+Sì\s+Non collegata/, 'the member with group, active, not linked');

    await page.getByRole('button', { name: 'Invita Anna Rossi' }).click();
    const start = (await page.locator('#inv-start').innerText()).trim();
    t.match(start, /^\/start inv_[A-Za-z0-9_-]{32}$/, 'the /start payload is shown');
    t.match(await page.locator('#inv-code').innerText(), /^[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'and the WhatsApp code');
    t.match(await page.getByRole('heading', { name: 'Inviti di Anna Rossi' }).locator('..').innerText(), /In attesa/, 'the invitation is pending');
    await axe('staff page with an invitation');

    // A second invitation, revoked; then the member links their chat with the first one.
    await page.getByRole('button', { name: 'Invita Anna Rossi' }).click();
    await page.getByRole('button', { name: 'Revoca' }).nth(1).waitFor(); // the list re-rendered with both
    t.equal(await page.getByRole('button', { name: 'Revoca' }).count(), 2, 'two pending invitations');
    const revoked = (await page.locator('#inv-start').innerText()).trim();
    t.not(revoked, start, 'each invitation has its own payload');
    await page.getByRole('button', { name: 'Revoca' }).first().click();
    await page.getByText('Revocato', { exact: true }).waitFor();
    t.pass('an invitation is revoked from the page');
    await server.memory.say(server.tenant, 'chat-other', revoked);
    await server.memory.say(server.tenant, 'chat-anna', start);
    await nav.getByRole('link', { name: 'Compiti' }).click();
    await heading(page, 'Compiti');
    await nav.getByRole('link', { name: 'Personale' }).click();
    await page.getByRole('rowheader', { name: 'Anna Rossi' }).waitFor();
    t.match(await row.innerText(), /Sì \(1\)/, 'linked once: the pending payload links, the revoked one does not');

    // Tasks: create one with a due date.
    await nav.getByRole('link', { name: 'Compiti' }).click();
    await heading(page, 'Compiti');
    await page.getByText('Nessun compito con questi filtri.').waitFor();
    await axe('tasks list, empty');
    await page.getByRole('link', { name: 'Nuovo compito' }).click();
    await heading(page, 'Nuovo compito');
    await page.getByRole('button', { name: 'Crea e invia' }).click();
    await page.getByRole('alert').filter({ hasText: 'Controlla i dati inseriti' }).waitFor();
    t.pass('an empty task is refused with the error summary');
    await axe('new task with errors');
    await page.getByLabel('Titolo').fill('Buca in via Roma');
    await page.getByLabel('Descrizione').fill('Transennare e segnalare');
    await page.getByLabel('Priorità').selectOption({ label: 'Urgente' });
    await page.getByLabel(/Squadra manutenzioni/).check();
    await page.getByLabel('Scadenza').fill('2027-01-15T10:30');
    await page.getByLabel('Indirizzo').fill('Via Roma 3');
    await page.getByLabel('Latitudine').fill('44.41');
    await page.getByLabel('Longitudine').fill('8.93');
    // Attachments: a wrong type is refused on the field; the image is uploaded and listed.
    await page.getByLabel('Allegati').setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('ciao') });
    await page.locator('.field-error', { hasText: 'note.txt: si possono allegare solo immagini JPEG, PNG, WebP o PDF.' }).waitFor();
    t.equal(await page.getByLabel('Allegati').getAttribute('aria-invalid'), 'true', 'a text file is refused on the field');
    await page.getByLabel('Allegati').setInputFiles({ name: 'buca.png', mimeType: 'image/png', buffer: Buffer.from(PNG) });
    await page.getByRole('button', { name: "Rimuovi l'allegato buca.png" }).waitFor();
    t.match(await page.locator('.attachment-list').innerText(), /buca\.png · 70 B/, 'the uploaded image is listed');
    await page.getByLabel('Gruppo di riserva').selectOption({ label: 'Squadra manutenzioni' });
    await axe('new task filled in');
    await page.getByRole('button', { name: 'Crea e invia' }).click();
    await heading(page, /Buca in via Roma/);
    const id = Number(/#\/tasks\/(\d+)/.exec(page.url())?.[1]);
    t.ok(id > 0, 'the detail of the new task opens');
    t.ok(server.memory.sent.some((s) => s.ref.chatId === 'chat-anna' && s.message.choices?.some((c) => c.payload === `tasks:take:${id}`)), 'Anna got the task with Prendo io');
    t.equal(server.memory.sent.filter((s) => s.ref.chatId === 'chat-anna' && s.message.attachment?.kind === 'image').length, 1, 'and the image, once');
    await page.getByRole('region', { name: 'Il compito' }).getByRole('img', { name: /Allegato 1 del compito «Buca in via Roma»/ }).waitFor();
    const stored = await page.evaluate<{ attachments: string[]; escalationGroupId: number | null }>(`fetch('/api/v1/tenants/${server.tenant}/tasks/tasks/${id}').then((r) => r.json())`);
    t.equal(stored.attachments.length, 1, 'the task holds the attachment');
    t.ok(stored.escalationGroupId, 'and the backup group');

    // Anna takes it and sends material.
    await server.memory.press(server.tenant, 'chat-anna', `tasks:take:${id}`);
    await server.memory.press(server.tenant, 'chat-anna', `tasks:eta:${id}:30`);
    await server.memory.press(server.tenant, 'chat-anna', `tasks:start:${id}`);
    // A fresh update id per message (one base each), as a channel gives.
    const base = () => server.memory.base(server.tenant, 'chat-anna');
    for (const [kind, mimeType, bytes, fileName] of [['photo', 'image/png', PNG, 'foto.png'], ['audio', 'audio/ogg', OGG, 'voce.ogg'], ['video', 'video/mp4', MP4, 'video.mp4']] as const) {
      const reply = await server.memory.deliver({ ...base(), kind: 'media', media: { kind, mimeType, size: bytes.byteLength, fileName, fetch: async () => bytes } });
      t.match(textOf(reply), /Allegato al compito/, `Anna's ${kind} is attached`);
    }
    await server.memory.deliver({ ...base(), kind: 'location', latitude: 44.4101, longitude: 8.9302 });

    // The list with filters.
    await nav.getByRole('link', { name: 'Compiti' }).click();
    await page.getByRole('link', { name: 'Buca in via Roma' }).waitFor();
    t.match(await page.getByRole('row').filter({ hasText: 'Buca in via Roma' }).innerText(), /In corso\s+Urgente\s+Squadra manutenzioni\s+Anna Rossi/, 'the list shows state, priority, group and assignee');
    await axe('tasks list');
    await page.getByLabel('Stato').selectOption({ label: 'Completato' });
    await page.getByRole('button', { name: 'Filtra' }).click();
    await page.getByText('Nessun compito con questi filtri.').waitFor();
    await page.getByLabel('Stato').selectOption({ label: 'In corso' });
    await page.getByLabel('Gruppo').selectOption({ label: 'Squadra manutenzioni' });
    await page.getByLabel('Priorità').selectOption({ label: 'Urgente' });
    await page.getByRole('button', { name: 'Filtra' }).click();
    await page.getByRole('link', { name: 'Buca in via Roma' }).waitFor();
    t.match(page.url(), /state=in_corso&group=\d+&priority=urgent/, 'filters live in the address');

    // The detail: material playable, timeline.
    await page.getByRole('link', { name: 'Buca in via Roma' }).click();
    await heading(page, /Buca in via Roma/);
    const material = page.getByRole('region', { name: 'Materiale ricevuto' });
    await material.locator('img').waitFor();
    t.equal(await material.getByRole('img', { name: /Foto 1 del compito/ }).count(), 1, 'the photo is shown');
    t.equal(await material.locator('audio[controls]').count(), 1, 'the voice note is playable');
    t.equal(await material.locator('video[controls]').count(), 1, 'the video is playable');
    const image = await page.evaluate<{ w: number; src: string }>('(() => { const i = document.querySelector("section img"); return { w: i.naturalWidth, src: i.src }; })()');
    t.equal(image.w, 1, 'the image bytes are served to the page');
    const audioSrc = await material.locator('audio').getAttribute('src');
    const audio = await page.evaluate<{ status: number; type: string }>(`fetch(${JSON.stringify(audioSrc)}).then((r) => ({ status: r.status, type: r.headers.get('content-type') }))`);
    t.match(audio, { status: 200, type: /audio\/ogg/ }, 'the audio is served with its type');
    const otherFile = String(audioSrc).replace(/[^/]+$/, 'AAAAAAAAAAAAAAAA');
    t.equal(await page.evaluate<number>(`fetch(${JSON.stringify(otherFile)}).then((r) => r.status)`), 404, 'a file the task does not hold: 404');
    t.equal((await fetch(new URL(String(audioSrc), server.base))).status, 401, 'without a session: 401');
    const timeline = await page.getByRole('region', { name: 'Storia' }).innerText();
    t.match(timeline, /Preso in carico · Anna Rossi[\s\S]*In corso · Anna Rossi[\s\S]*foto[\s\S]*audio[\s\S]*video[\s\S]*posizione/, 'the timeline tells who did what');
    t.match(await page.locator('main').innerText(), /arrivo in 30 min/, 'the ETA is shown');
    await axe('task detail with material');

    // The calendar: month, next / previous by keyboard, week.
    await nav.getByRole('link', { name: 'Calendario' }).click();
    await heading(page, 'Calendario dei compiti');
    await axe('calendar, this month');
    await page.evaluate('location.hash = "#/calendar?view=month&date=2027-01-15"');
    await page.locator('table.calendar caption', { hasText: 'gennaio 2027' }).waitFor();
    const grid = page.locator('table.calendar');
    t.equal(await grid.getByRole('columnheader').count(), 7, 'seven weekday headings');
    t.equal(await grid.getByRole('columnheader').first().innerText(), 'lunedì', 'weeks start on Monday');
    const cell = grid.locator('td', { has: page.getByRole('link', { name: /Buca in via Roma/ }) });
    t.equal(await cell.locator('.cal-day').innerText(), '15', 'the task is on its due day');
    t.match(await cell.innerText(), /10:30 Buca in via Roma/, 'with its time in the comune\'s timezone');
    t.match(await page.getByRole('region', { name: /Elenco: gennaio 2027/ }).innerText(), /venerdì 15 gennaio\s+10:30 Buca in via Roma/, 'and in the data list');
    await axe('calendar, month with a task');
    await page.getByRole('button', { name: 'Mese successivo' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('table.calendar caption', { hasText: 'febbraio 2027' }).waitFor();
    t.match(await page.locator('main').innerText(), /Nessun compito in scadenza in questo periodo/, 'February is empty');
    await page.getByRole('button', { name: 'Mese precedente' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('table.calendar caption', { hasText: 'gennaio 2027' }).waitFor();
    t.pass('previous / next work from the keyboard');

    // The week view opens on the week of the day shown (the month's first), then moves a week at a time.
    await page.getByRole('link', { name: 'Vista settimana' }).click();
    await page.locator('table.calendar-week caption', { hasText: /28 dicembre.*3 gennaio 2027/ }).waitFor();
    for (const caption of [/4 gennaio.*10 gennaio 2027/, /11 gennaio.*17 gennaio 2027/]) {
      await page.getByRole('button', { name: 'Settimana successiva' }).click();
      await page.locator('table.calendar-week caption', { hasText: caption }).waitFor();
    }
    const week = page.locator('table.calendar-week');
    t.equal(await week.getByRole('rowheader').count(), 7, 'seven days as row headings');
    t.match(await week.getByRole('row').filter({ hasText: 'Buca in via Roma' }).getByRole('rowheader').innerText(), /venerdì 15 gennaio/, 'the task on Friday');
    await axe('calendar, week');
    await page.getByRole('button', { name: 'Settimana successiva' }).click();
    await page.locator('table.calendar-week caption', { hasText: /18 gennaio.*24 gennaio 2027/ }).waitFor();
    t.equal(await page.locator('table.calendar-week').getByRole('link').count(), 0, 'the next week has no task');

    // The iCal feed URL, copied.
    await page.getByLabel('Per', { exact: true }).selectOption({ label: 'Tutto il Comune' });
    await page.getByRole('button', { name: 'Crea indirizzo del calendario' }).click();
    const url = await page.getByLabel('Indirizzo iCal').inputValue();
    t.match(url, new RegExp(`^${server.base}/feeds/tasks/[^/]+/[A-Za-z0-9_-]+/calendar\\.ics$`), 'the full feed URL is shown');
    await page.getByRole('button', { name: 'Copia' }).click();
    await page.getByText('Copiato.').waitFor();
    t.equal(await page.evaluate<string>('navigator.clipboard.readText()'), url, 'the copy button puts it on the clipboard');
    const ics = await (await fetch(url)).text();
    t.match(ics, /BEGIN:VCALENDAR[\s\S]*SUMMARY:[^\r\n]*Buca in via Roma/, 'the feed serves the task');
    await axe('calendar with a feed');
    await page.getByRole('button', { name: 'Revoca' }).click();
    await page.getByText('Indirizzo del calendario revocato.').first().waitFor();
    t.equal((await fetch(url)).status, 404, 'revoked from the page: the URL stops at once');

    // Cancel the task from its detail.
    await page.goto(`${server.base}/admin/#/tasks/${id}`);
    await heading(page, /Buca in via Roma/);
    await page.getByLabel('Motivo (facoltativo)').fill('Fatto da un\'altra squadra');
    await page.getByRole('button', { name: 'Annulla il compito' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Annulla il compito' }).click();
    await page.getByRole('heading', { level: 1, name: /Annullato/ }).waitFor();
    t.match(await page.getByRole('region', { name: 'Storia' }).innerText(), /Annullato[\s\S]*Fatto da un'altra squadra/, 'cancelled with the reason on the timeline');

    // A task nobody takes: when the clock escalates it, the manager sees an alert on whatever page is open.
    const groupId = await page.evaluate<number>(`fetch('/api/v1/tenants/${server.tenant}/staff/groups').then((r) => r.json()).then((b) => b.items[0].id)`);
    await page.evaluate(`fetch('/api/v1/tenants/${server.tenant}/tasks/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Controllo parcheggi', groupIds: [${groupId}] }) })`);
    await nav.getByRole('link', { name: 'Personale' }).click();
    await heading(page, 'Personale');
    await page.waitForLoadState('networkidle');
    t.same(await tasksModule.runtime.clock.runOnce(new Date(Date.now() + 16 * 60_000)), { escalated: 1, reminded: 0 }, 'the clock escalates the untaken task');
    const alert = page.locator('#task-alerts .alert', { hasText: 'Nessuno ha preso «Controllo parcheggi»' });
    await alert.waitFor();
    t.match(await alert.innerText(), /Compito non preso in tempo\.[\s\S]*Apri il compito/, 'the alert says what happened, with a link to the task');
    await axe('staff page with a live task alert');
    await alert.getByRole('button', { name: 'Chiudi l\'avviso su «Controllo parcheggi»' }).click();
    await alert.waitFor({ state: 'detached' });
    t.pass('the alert can be closed');
    t.same(errors, [], 'no uncaught errors in the page');
  });
}
