// The handoff pages in real Chromium: an operator's live inbox (server-sent events), a citizen's
// request appearing by itself, the conversation page used with the keyboard only (take, answer), the
// citizen's next message appearing live, and axe on both pages.
import t from 'tap';
import { textOf } from '../helpers/campanile.js';
import { PASSWORD } from '../helpers/app.js';
import { startAdminUi } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('operator inbox and conversation: live, keyboard only, axe clean', async (t) => {
    const server = await startAdminUi(t);
    const operator = await server.user('operator');
    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.base}/admin/`);
    await page.getByLabel('E-mail').fill(operator);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('button', { name: 'Esci' }).waitFor();
    await page.locator('#main-nav').getByRole('link', { name: 'Parla con i cittadini' }).click();
    await page.getByRole('heading', { level: 1, name: 'Conversazioni con i cittadini' }).waitFor();
    await page.getByText('Nessuno in attesa.').waitFor();
    // Live means the presence is set and the stream is open: only then is the request sure to show up.
    await page.locator('#handoff-live[data-live="on"]').waitFor();
    t.same(await axeViolations(page), [], 'inbox: no serious or critical axe violations');

    // The page set the operator online; the citizen's request appears without a reload.
    t.match(textOf(await server.memory.say(server.tenant, 'c1', 'voglio parlare con una persona')), /a breve/, 'an operator is online');
    const link = page.getByRole('link', { name: /N\. \d+ · in attesa/ });
    await link.waitFor();
    t.pass('the request appeared live');
    t.same(await axeViolations(page), [], 'inbox with a conversation: axe clean');

    // Keyboard only from here.
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Conversazione n\. \d+/ }).waitFor();
    await page.getByRole('button', { name: 'Prendi in carico' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Conversazione presa in carico' }).or(page.getByText('Conversazione presa in carico')).first().waitFor();
    await page.getByLabel('Risposta', { exact: true }).focus();
    await page.keyboard.type('Buongiorno, come posso aiutarla?');
    await page.getByRole('button', { name: 'Invia' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Risposta inviata').first().waitFor();
    t.ok(server.memory.sent.some((s) => s.ref.chatId === 'c1' && textOf([s.message]) === 'Buongiorno, come posso aiutarla?'), "the answer reached the citizen's chat");
    await server.memory.say(server.tenant, 'c1', 'Vorrei sapere della TARI');
    await page.getByText('Vorrei sapere della TARI').waitFor();
    t.pass("the citizen's next message appeared live");
    t.same(await axeViolations(page), [], 'conversation page: axe clean');
    t.same(errors, [], 'no uncaught errors in the page');
  });
}
