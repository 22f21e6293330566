// The reports admin pages in real Chromium: an operator hides a report from the public Open311 API from
// its detail page (confirmation, announced, on the timeline) and the public requests.json no longer lists
// it, then publishes it again; the settings page saves; an office member's list says which office's
// reports they see and their settings page is read-only with a notice instead of a form refused with 403.
import t from 'tap';
import { AdminUser } from '../../core/internal.js';
import { createOffice } from '../../modules/reports/service/office-service.js';
import { reportSettings } from '../../modules/reports/service/report-settings-service.js';
import { PASSWORD } from '../helpers/app.js';
import { startAdminUi, signIn, type AdminUiServer } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';
import { textOf } from '../helpers/campanile.js';
import { sendLocation } from '../helpers/report-inbound.js';

/** A report made through the chat dialog, without media; returns its public code. */
async function report(server: AdminUiServer, chat: string, text: string): Promise<string> {
  const { memory, tenant } = server;
  await memory.say(tenant, chat, '/segnala');
  await memory.press(tenant, chat, 'reports:cat:strade');
  await memory.say(tenant, chat, text);
  await sendLocation(memory, tenant, chat, 45.07, 7.68);
  await memory.press(tenant, chat, 'reports:media-done');
  const code = /S-\d{4}-\d{5}/.exec(textOf(await memory.press(tenant, chat, 'reports:confirm')))?.[0];
  if (!code) throw new Error('the report was not confirmed');
  return code;
}

/** The codes the public Open311 API lists for the comune. */
async function publicCodes(server: AdminUiServer): Promise<string[]> {
  const res = await fetch(`${server.base}/open311/v2/${server.tenant}/requests.json`);
  if (res.status !== 200) throw new Error(`requests.json answered ${res.status}`);
  return ((await res.json()) as { service_request_id: string }[]).map((r) => r.service_request_id);
}

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('detail page: hide a report from Open311 and publish it again; settings; an office member sees their scope and read-only settings', async (t) => {
    const server = await startAdminUi(t);
    const code = await report(server, '1', 'Buca in via Roma');
    t.ok((await publicCodes(server)).includes(code), 'before: the report is on the public Open311 list');
    const email = await server.user('operator');
    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server, email);

    await page.getByRole('link', { name: 'Segnalazioni' }).click();
    await page.getByRole('link', { name: code }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(code) }).waitFor();
    const card = page.getByRole('region', { name: 'Visibilità pubblica' });
    t.match(await card.innerText(), /Pubblica su Open311/, 'the state reads public');
    t.equal(await page.locator('[data-scope=office]').count(), 0, 'no office notice on the detail');

    await card.getByLabel('Nota interna (facoltativa)').fill('La foto mostra una targa');
    await card.getByRole('button', { name: 'Nascondi da Open311' }).click();
    const dialog = page.getByRole('dialog', { name: `Nascondere la segnalazione ${code} da Open311?` });
    t.match(await dialog.innerText(), /Sparirà dall'elenco pubblico/, 'the confirmation says what hiding does');
    t.same(await axeViolations(page), [], 'confirmation dialog: axe clean');
    await dialog.getByRole('button', { name: 'Nascondi da Open311' }).click();
    await page.getByText(`Segnalazione ${code} nascosta da Open311.`).first().waitFor();
    await page.locator('#announcer').filter({ hasText: `Segnalazione ${code} nascosta da Open311.` }).waitFor({ state: 'attached' });
    t.pass('the change is announced to screen readers');
    t.match(await card.innerText(), /Nascosta/, 'the state reads hidden');
    t.equal(await card.locator('[data-visibility]').getAttribute('data-visibility'), 'hidden', 'the badge is the hidden one');
    const timeline = page.getByRole('region', { name: 'Storia' });
    t.match(await timeline.innerText(), /Visibilità pubblica \(Open311\) cambiata → Nascosta · operator@comune\.example\.it/, 'the timeline shows who hid it');
    t.match(await timeline.innerText(), /Nota interna: La foto mostra una targa/, 'with the internal note');
    t.notOk((await publicCodes(server)).includes(code), 'the public Open311 list no longer has it');
    t.same(await axeViolations(page), [], 'detail with a hidden report: axe clean');

    await card.getByRole('button', { name: 'Pubblica di nuovo su Open311' }).click();
    await page.getByRole('dialog', { name: `Pubblicare di nuovo la segnalazione ${code} su Open311?` }).getByRole('button', { name: 'Pubblica di nuovo su Open311' }).click();
    await page.getByText(`Segnalazione ${code} di nuovo pubblica su Open311.`).first().waitFor();
    t.match(await card.innerText(), /Pubblica su Open311/, 'public again');
    t.match(await timeline.innerText(), /cambiata → Pubblica su Open311/, 'the timeline has the publication too');
    t.ok((await publicCodes(server)).includes(code), 'back on the public Open311 list');

    // An editor (reports.read only) sees the state but no button to change it.
    const editorContext = await launchBrowser(t, { viewport: { width: 1280, height: 900 } });
    const editorPage = await editorContext.newPage();
    editorPage.on('pageerror', (e) => errors.push(e.message));
    await signIn(editorPage, server, await server.user('editor'));
    await editorPage.getByRole('link', { name: 'Segnalazioni' }).click();
    await editorPage.getByRole('link', { name: code }).click();
    const editorCard = editorPage.getByRole('region', { name: 'Visibilità pubblica' });
    await editorCard.waitFor();
    t.match(await editorCard.innerText(), /Pubblica su Open311/, 'the editor reads the state');
    t.equal(await editorCard.getByRole('button').count(), 0, 'and has no button to change it');

    // The comune-wide operator changes the report settings.
    await page.goto(`${server.base}/admin/#/reports`);
    await page.getByRole('heading', { level: 1, name: 'Segnalazioni' }).waitFor();
    t.equal(await page.locator('[data-scope=office]').count(), 0, 'the comune-wide operator has no office notice');
    await page.getByRole('link', { name: 'Impostazioni segnalazioni' }).click();
    await page.getByRole('heading', { level: 1, name: 'Impostazioni segnalazioni' }).waitFor();
    await page.getByLabel('Distanza per i possibili duplicati (metri)').fill('80');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Impostazioni delle segnalazioni salvate.').first().waitFor();
    const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id).fork();
    t.equal((await reportSettings(em)).duplicateDistanceMeters, 80, 'the new distance is stored');
    t.same(await axeViolations(page), [], 'settings page: axe clean');

    // An operator who is a member of an office: the list names the office, settings are read-only with a notice.
    const member = 'tecnico@comune.example.it';
    await server.fastify.users.create({ email: member, password: PASSWORD, role: 'operator', tenantId: server.app.defaultTenant.id });
    const memberId = (await em.findOneOrFail(AdminUser, { email: member })).id;
    await createOffice(em, server.app.defaultTenant.id, { name: 'Ufficio tecnico', members: [memberId] });
    const memberContext = await launchBrowser(t, { viewport: { width: 1280, height: 900 } });
    const memberPage = await memberContext.newPage();
    memberPage.on('pageerror', (e) => errors.push(e.message));
    await signIn(memberPage, server, member);
    await memberPage.getByRole('link', { name: 'Segnalazioni' }).click();
    await memberPage.locator('[data-scope=office]').waitFor();
    t.match(await memberPage.locator('[data-scope=office]').innerText(), /Vedi solo le segnalazioni del tuo ufficio \(Ufficio tecnico\)/, 'the list says which office');
    t.same(await axeViolations(memberPage), [], 'office-scoped list: axe clean');
    await memberPage.getByRole('link', { name: 'Impostazioni segnalazioni' }).click();
    await memberPage.getByRole('heading', { level: 1, name: 'Impostazioni segnalazioni' }).waitFor();
    t.match(await memberPage.locator('[data-scope=office]').innerText(), /Lavori le segnalazioni del tuo ufficio \(Ufficio tecnico\): impostazioni, uffici e chiavi Open311 valgono per tutto il Comune/, 'the settings page says who changes them');
    t.equal(await memberPage.getByRole('button', { name: 'Salva' }).count(), 0, 'no save button that the server would refuse');
    t.match(await memberPage.locator('main').innerText(), /80 m/, 'the values are shown to read');
    t.same(await axeViolations(memberPage), [], 'office-scoped settings: axe clean');
    t.same(errors, [], 'no page errors');
  });
}
