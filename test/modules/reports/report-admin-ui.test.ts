// The reports pages of the admin UI in real Chromium: the list with status chips and filters, the
// detail with its photo, the status form telling the citizen; axe finds no serious or critical issue.
import t from 'tap';
import { PASSWORD } from '../../helpers/app.js';
import { startAdminUi } from '../../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../../helpers/browser.js';
import { textOf } from '../../helpers/campanile.js';
import { jpeg, sendFile, sendLocation } from '../../helpers/report-inbound.js';

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('operator: list, filter, detail with photo, status change reaches the citizen; axe clean', async (t) => {
    const server = await startAdminUi(t);
    const { memory, tenant } = server;
    await memory.say(tenant, '5', '/segnala');
    await memory.press(tenant, '5', 'reports:cat:strade');
    await memory.say(tenant, '5', 'Buca profonda davanti alla scuola');
    await sendLocation(memory, tenant, '5', 45.07, 7.68);
    await sendFile(memory, tenant, '5', 'photo', 'image/jpeg', jpeg(9));
    await memory.press(tenant, '5', 'reports:media-done');
    t.match(textOf(await memory.press(tenant, '5', 'reports:confirm')), /S-\d{4}-00001/);
    const email = await server.user('operator');
    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.base}/admin/`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('link', { name: 'Segnalazioni' }).click();
    await page.getByRole('heading', { level: 1, name: 'Segnalazioni' }).waitFor();
    await page.getByRole('link', { name: /S-\d{4}-00001/ }).waitFor();
    t.match(await page.locator('main').innerText(), /Nuova \(1\)/, 'the new-reports badge on its chip');
    t.same(await axeViolations(page), [], 'list page: axe clean');
    await page.getByLabel('Cerca').fill('nulla di simile');
    await page.getByRole('button', { name: 'Cerca' }).click();
    await page.getByText('Nessuna segnalazione con questi filtri.').waitFor();
    t.pass('the text filter narrows the list');
    await page.getByLabel('Cerca').fill('scuola');
    await page.getByRole('button', { name: 'Cerca' }).click();
    await page.getByRole('link', { name: /S-\d{4}-00001/ }).click();
    await page.getByRole('heading', { level: 1, name: /S-\d{4}-00001/ }).waitFor();
    const photo = page.getByRole('img', { name: /Foto 1 della segnalazione/ });
    await photo.waitFor();
    const src = (await photo.getAttribute('src')) ?? '';
    const served = await page.evaluate(async (url) => { const r = await fetch(url); return [r.status, r.headers.get('content-type')]; }, src);
    t.same(served, [200, 'image/jpeg'], 'the photo is served to the signed-in operator');
    t.same(await axeViolations(page), [], 'detail page: axe clean');
    await page.getByLabel('Nuovo stato').selectOption('resolved');
    await page.getByLabel('Messaggio al cittadino (facoltativo)').fill('Buca chiusa stamattina.');
    const before = memory.sent.length;
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByText(/Stato cambiato in «Risolta»/).first().waitFor();
    t.match(textOf(memory.sent.slice(before).filter((s) => s.ref.chatId === '5').map((s) => s.message)), /risolta[\s\S]*Buca chiusa stamattina/, 'the citizen is told');
    t.match(await page.locator('main').innerText(), /Al cittadino: Buca chiusa stamattina\./, 'the timeline shows the message');
    t.same(await axeViolations(page), [], 'detail after the change: axe clean');
    t.same(errors, [], 'no page errors');
  });
}
