// The comune's canned replies managed on the handoff inbox, in real Chromium and with the keyboard only:
// an empty form refused on its field, a reply added, the same title refused on its field, and the reply
// deleted after the confirmation dialog. Axe on the section.
import t from 'tap';
import { signIn, startAdminUi } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchContexts, NO_CHROMIUM } from '../helpers/browser.js';

type Page = import('playwright-core').Page;
type Locator = import('playwright-core').Locator;

/** Presses Tab until `target` has the focus: it must be reachable by keyboard. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let i = 0; i < 80; i += 1) {
    if ((await target.and(page.locator(':focus')).count()) === 1) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with Tab: ${String(target)}`);
}

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('canned replies: add, refuse empty and duplicate, delete; keyboard only, axe clean', async (t) => {
    const server = await startAdminUi(t);
    const email = await server.user('operator');
    const [context] = await launchContexts(t, 1, { viewport: { width: 1280, height: 900 } });
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const stored = async () => ((await (await page.request.get(`${server.base}/api/v1/tenants/${server.tenant}/handoff/canned-replies`)).json()) as { items: { title: string; text: string }[] }).items;
    await signIn(page, server, email);
    await page.goto(`${server.base}/admin/#/handoff`);
    const section = page.getByRole('region', { name: 'Risposte pronte del comune' });
    await section.getByText('Nessuna risposta pronta.').waitFor();
    t.same(await axeViolations(page), [], 'inbox with the canned replies section: axe clean');

    const add = section.getByRole('button', { name: 'Aggiungi risposta pronta' });
    await tabTo(page, add);
    await page.keyboard.press('Enter');
    await section.getByRole('alert').getByText('Alcuni campi vanno corretti.').waitFor();
    t.equal(await section.getByLabel('Titolo').getAttribute('aria-invalid'), 'true', 'an empty form: the title is marked invalid');
    t.same(await axeViolations(page), [], 'with the errors shown: axe clean');

    await tabTo(page, section.getByLabel('Titolo'));
    await page.keyboard.type('Orari anagrafe');
    await page.keyboard.press('Tab');
    await page.keyboard.type("L'anagrafe del {comune} è aperta dal lunedì al venerdì, 9–12.");
    await tabTo(page, add);
    await page.keyboard.press('Enter');
    await section.getByText('Risposta pronta «Orari anagrafe» aggiunta.').waitFor();
    await section.getByRole('button', { name: 'Elimina «Orari anagrafe»' }).waitFor();
    t.match(await stored(), [{ title: 'Orari anagrafe', text: "L'anagrafe del {comune} è aperta dal lunedì al venerdì, 9–12.", filled: `L'anagrafe del ${server.app.defaultTenant.name} è aperta dal lunedì al venerdì, 9–12.` }], 'stored, with its placeholder');
    t.equal(await page.evaluate<string | null>('document.activeElement?.getAttribute("name") ?? null'), 'title', 'the focus is back in the title, for the next one');

    await page.keyboard.type('Orari anagrafe');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Un altro testo');
    await tabTo(page, add);
    await page.keyboard.press('Enter');
    await section.getByText('esiste già una risposta pronta con il titolo «Orari anagrafe»: scegline un altro.').first().waitFor();
    t.equal((await stored()).length, 1, 'the same title again: refused on its field, nothing stored');

    await tabTo(page, section.getByRole('button', { name: 'Elimina «Orari anagrafe»' }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Eliminare la risposta pronta «Orari anagrafe»?' });
    await dialog.waitFor();
    await tabTo(page, dialog.getByRole('button', { name: 'Elimina «Orari anagrafe»' }));
    await page.keyboard.press('Enter');
    await section.getByText('Risposta pronta «Orari anagrafe» eliminata.').waitFor();
    await section.getByText('Nessuna risposta pronta.').waitFor();
    t.same(await stored(), [], 'deleted');
    t.equal(await page.evaluate<string | null>('document.activeElement?.getAttribute("role")'), 'status', 'the focus is on the outcome');
    t.same(errors, [], 'no uncaught errors in the page');
  });
}
