// The conversation page's "save as Q&A" control in real Chromium: the citizen's question and the
// operator's reply prefilled, saved in one step as a Q&A entry; axe with the form open.
import t from 'tap';
import { QaEntry } from '../../modules/qa/entities/index.js';
import { signIn, startAdminUi } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test("an operator saves their reply as a Q&A entry from the conversation page", async (t) => {
    const server = await startAdminUi(t);
    const operator = await server.user('operator');
    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server, operator);
    await page.locator('#main-nav').getByRole('link', { name: 'Parla con i cittadini' }).click();
    await page.getByText('Nessuno in attesa.').waitFor();
    await page.locator('#handoff-live[data-live="on"]').waitFor();

    await server.memory.say(server.tenant, 'c1', 'voglio parlare con una persona');
    await server.memory.say(server.tenant, 'c1', 'quando apre la biblioteca il sabato?');
    await page.getByRole('link', { name: /N\. \d+ · in attesa/ }).click();
    await page.getByRole('button', { name: 'Prendi in carico' }).click();
    await page.getByText('Conversazione presa in carico').first().waitFor();
    await page.getByLabel('Risposta', { exact: true }).fill('Il sabato la biblioteca apre dalle 9 alle 13.');
    await page.getByRole('button', { name: 'Invia' }).click();
    await page.getByText('Risposta inviata').first().waitFor();

    await page.getByText('Salva come risposta del bot (Q&A)').click();
    t.equal(await page.getByLabel('Domanda del cittadino').inputValue(), 'quando apre la biblioteca il sabato?', "the citizen's question is prefilled");
    t.equal(await page.getByLabel('Risposta (solo per una nuova voce)').inputValue(), 'Il sabato la biblioteca apre dalle 9 alle 13.', 'the reply is prefilled');
    await page.getByRole('option', { name: '— nuova voce —' }).waitFor({ state: 'attached' });
    t.same(await axeViolations(page), [], 'conversation page with the Q&A form open: axe clean');
    await page.getByRole('button', { name: 'Salva nel Q&A' }).click();
    await page.getByText(/Nuova voce creata: «Quando apre la biblioteca il sabato\?»/).first().waitFor();
    const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id);
    const entry = await em.findOneOrFail(QaEntry, { question: 'Quando apre la biblioteca il sabato?' });
    t.same([entry.answer, entry.phrasings], ['Il sabato la biblioteca apre dalle 9 alle 13.', ['quando apre la biblioteca il sabato?']], 'stored in the library');
    t.same(errors, [], 'no uncaught errors in the page');
  });
}
