// The admin UI in real Chromium (playwright-core + Debian's chromium): sign in, every page checked
// with axe-core, the notice flows (compose with an image, send, live progress to 100%, schedule and
// cancel) and the Q&A loop (inbox → entry → retrain → the bot answers). Screenshots of the main
// pages go to test-output/screenshots/ (git-ignored) for review.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { textOf } from '../helpers/campanile.js';
import { PASSWORD } from '../helpers/app.js';
import { startAdminUi, type AdminUiServer } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';

const SHOTS = join(process.cwd(), 'test-output/screenshots');
// A 2×2 PNG: what matters is that the browser uploads real image bytes and previews them.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGNgYPj/n4GBgYGBgYGBAQAk8AP9ZGcbqwAAAABJRU5ErkJggg==', 'base64');

type Page = import('playwright-core').Page;
type BrowserContext = import('playwright-core').BrowserContext;

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  mkdirSync(SHOTS, { recursive: true });

  const browser = (tt: Test): Promise<BrowserContext> => launchBrowser(tt, { viewport: { width: 1280, height: 900 } });

  const axe = axeViolations;
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  const signIn = async (page: Page, server: AdminUiServer, email: string) => {
    await page.goto(`${server.base}/admin/`);
    await heading(page, 'Accedi');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('button', { name: 'Esci' }).waitFor();
  };

  t.test('sign in, every page for the mayor (axe clean, screenshots), the editor sees less, English, sign out', async (t) => {
    const server = await startAdminUi(t);
    const mayor = await server.user('mayor');
    const editor = await server.user('editor');
    await server.memory.say(server.tenant, 'p1', '/start cat_eventi');
    const context = await browser(t);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${server.base}/admin`);
    await heading(page, 'Accedi');
    t.same(await axe(page), [], 'sign-in page: no serious or critical axe violations');
    await shot(page, '01-sign-in');
    await page.getByLabel('E-mail').fill(mayor);
    await page.getByLabel('Password').fill('wrong password, surely');
    await page.getByRole('button', { name: 'Accedi' }).click();
    await page.getByRole('alert').filter({ hasText: 'E-mail o password non corrette' }).waitFor();
    t.pass('a wrong password is explained in an alert');
    t.same(await axe(page), [], 'sign-in page with the error: axe clean');

    await signIn(page, server, mayor);
    await heading(page, 'Cruscotto');
    t.match(await page.locator('main').innerText(), /Persone collegate\s+1/, 'the dashboard counts the person who subscribed');
    const nav = page.locator('#main-nav');
    const pages: [string, RegExp, string][] = [
      ['Cruscotto', /Cruscotto/, '02-dashboard'],
      ['Nuovo avviso', /Nuovo avviso/, '03-compose'],
      ['Avvisi', /^Avvisi$/, '04-notices'],
      ['Domande senza risposta', /Domande senza risposta/, '05-qa-inbox'],
      ['Domande e risposte', /Domande e risposte/, '06-qa-library'],
      ['Categorie', /Categorie/, '07-categories'],
      ['Utenti e ruoli', /Utenti e ruoli/, '08-users'],
      ['Canali', /Canali/, '09-channels'],
      ['Registro attività', /Registro attività/, '10-audit'],
    ];
    for (const [link, title, file] of pages) {
      await nav.getByRole('link', { name: link, exact: true }).click();
      await heading(page, title);
      await page.waitForLoadState('networkidle');
      t.same(await axe(page), [], `${link}: no serious or critical axe violations`);
      await shot(page, file);
    }
    t.equal(await page.locator('#qr-poster').count(), 0, 'no Telegram here: the QR poster section is hidden');

    // The audit log shows the sign-in.
    await nav.getByRole('link', { name: 'Registro attività' }).click();
    await page.locator('td', { hasText: 'login' }).first().waitFor();

    // English, then back.
    await page.getByRole('group', { name: "Lingua dell'interfaccia" }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Dashboard' }).waitFor();
    t.equal(await page.evaluate<string>('document.documentElement.lang'), 'en', 'the page language follows');
    t.same(await axe(page), [], 'English: axe clean');
    await page.getByRole('group', { name: 'Interface language' }).getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name: 'Cruscotto' }).waitFor();

    await page.getByRole('button', { name: 'Esci' }).click();
    await heading(page, 'Accedi');
    t.equal((await (await fetch(`${server.base}/api/v1/auth/me`)).json() as { status: number }).status, 401, 'signed out');

    // An editor sees notices and categories but not users, channels or the audit log.
    await signIn(page, server, editor);
    const links = await nav.getByRole('link').allInnerTexts();
    t.ok(links.includes('Nuovo avviso') && links.includes('Categorie'), `editor sees notices and categories: ${links.join(', ')}`);
    t.notOk(links.some((l) => ['Utenti e ruoli', 'Canali', 'Registro attività'].includes(l)), 'editor does not see users, channels, audit');
    t.same(errors, [], 'no uncaught errors in the page');
  });

  t.test('compose a notice with an image, send it to the memory channel and watch progress reach 100%; schedule one and cancel it', async (t) => {
    const server = await startAdminUi(t);
    const mayor = await server.user('mayor');
    for (const chat of ['c1', 'c2', 'c3']) await server.memory.say(server.tenant, chat, '/start cat_eventi');
    await server.memory.say(server.tenant, 'c4', '/start cat_mobilita');
    const context = await browser(t);
    const page = await context.newPage();
    await signIn(page, server, mayor);
    await page.getByRole('link', { name: 'Nuovo avviso', exact: true }).first().click();
    await heading(page, 'Nuovo avviso');

    // Validation: nothing filled in → a summary and the fields marked invalid.
    await page.getByRole('button', { name: 'Invia ora' }).click();
    await page.getByRole('alert').filter({ hasText: 'Controlla i dati inseriti' }).waitFor();
    t.equal(await page.getByLabel('Titolo', { exact: true }).getAttribute('aria-invalid'), 'true', 'the empty title is marked invalid');
    t.match(await page.getByRole('alert').innerText(), /Categoria/, 'the summary names the category');
    t.same(await axe(page), [], 'compose with errors: axe clean');

    await page.getByLabel('Titolo', { exact: true }).fill('Concerto in piazza');
    await page.getByLabel('Testo', { exact: true }).fill('Sabato alle 21 concerto della banda in piazza Municipio.');
    await page.getByLabel('Categoria').selectOption({ label: 'Eventi' });
    await page.getByText('Lo riceveranno 3 iscritti').waitFor();
    await page.getByLabel('Immagine').setInputFiles({ name: 'banda.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('img', { name: "Anteprima dell'immagine scelta" }).waitFor();
    await page.getByLabel('Link (facoltativo)').fill('https://comune.example.it/concerto');
    // The first language's preview: the comune also writes in a second language, previewed beside it.
    const telegram = page.locator('.lang-preview[lang="it"] .preview-telegram');
    t.match(await telegram.innerText(), /Concerto in piazza[\s\S]*banda[\s\S]*Apri il link/, 'the Telegram preview shows title, text and link button');
    t.equal(await telegram.locator('img').count(), 1, 'and the image');
    t.same(await axe(page), [], 'compose filled in: axe clean');
    await shot(page, '11-compose-filled');

    await page.getByRole('button', { name: 'Invia ora' }).click();
    const dialog = page.getByRole('dialog', { name: "Inviare l'avviso adesso?" });
    t.match(await dialog.innerText(), /3 iscritti alla categoria «Eventi»/, 'the confirmation says how many will receive it');
    t.same(await axe(page), [], 'confirmation dialog: axe clean');
    await dialog.getByRole('button', { name: 'Invia ora' }).click();
    await heading(page, 'Concerto in piazza');
    await page.locator('#progress-live', { hasText: '100%' }).waitFor({ timeout: 15_000 });
    t.equal(await page.locator('#stat-sent').innerText(), '3', 'three delivered');
    await page.locator('#notice-status', { hasText: 'Inviato' }).waitFor();
    const received = server.memory.sent.filter((s) => textOf([s.message]).includes('Concerto in piazza')).map((s) => s.ref.chatId).sort();
    t.same(received, ['c1', 'c2', 'c3'], 'the subscribers of Eventi got it on the memory channel, the others did not');
    t.same(await axe(page), [], 'notice outcome: axe clean');
    await shot(page, '12-notice-sent');

    // Schedule one for tomorrow, then cancel it from the list.
    await page.getByRole('link', { name: 'Nuovo avviso', exact: true }).first().click();
    await heading(page, 'Nuovo avviso');
    await page.getByLabel('Titolo', { exact: true }).fill('Strada chiusa per lavori');
    await page.getByLabel('Testo', { exact: true }).fill('Via Roma chiusa dalle 8 alle 18.');
    await page.getByLabel('Categoria').selectOption({ label: 'Mobilità e parcheggi' });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Data e ora di invio').fill(`${tomorrow}T09:30`);
    await page.getByRole('button', { name: 'Programma' }).click();
    await heading(page, 'Avvisi');
    await page.getByText(`Avviso programmato per il ${tomorrow} 09:30`).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Strada chiusa per lavori' });
    t.match(await row.innerText(), /Programmato/, 'the list shows it scheduled');
    t.match(await page.getByRole('row').filter({ hasText: 'Concerto in piazza' }).innerText(), /Inviato[\s\S]*3 di 3 \(100%\)/, 'the sent one shows its outcome');
    t.same(await axe(page), [], 'notices list: axe clean');
    await shot(page, '13-notices-list');
    await row.getByRole('button', { name: 'Annulla invio di «Strada chiusa per lavori»' }).click();
    await page.getByRole('dialog').getByRole('button', { name: "Sì, annulla l'invio" }).click();
    await page.getByText('Invio di «Strada chiusa per lavori» annullato.').waitFor();
    t.match(await page.getByRole('row').filter({ hasText: 'Strada chiusa per lavori' }).innerText(), /Annullato/, 'cancelled');
    t.notOk(server.memory.sent.some((s) => textOf([s.message]).includes('Strada chiusa')), 'the cancelled notice never went out');
  });

  t.test('Q&A: an unanswered question becomes an entry, the model is retrained, and the bot answers it', async (t) => {
    const server = await startAdminUi(t);
    const mayor = await server.user('mayor');
    const operator = await server.user('operator');
    const user = await server.fastify.users.authenticate(operator, PASSWORD);
    const token = (await server.fastify.sessions.create(user!, '127.0.0.1')).token;
    const inject = (method: 'GET' | 'POST', url: string, payload?: object) =>
      server.fastify.inject({ method, url: `/api/v1/tenants/${server.tenant}/qa${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    t.equal((await inject('POST', '/import-starter', {})).statusCode, 200, 'starter library imported');
    t.equal((await inject('POST', '/train')).statusCode, 202);
    for (let i = 0; i < 100 && (await inject('GET', '/model')).json<{ training: boolean }>().training; i += 1) await new Promise((r) => setTimeout(r, 100));
    const question = 'dove si noleggiano le biciclette elettriche?';
    t.match(textOf(await server.memory.say(server.tenant, 'q1', question)), /non ho una risposta sicura/, 'at first the bot does not know');

    const context = await browser(t);
    const page = await context.newPage();
    await signIn(page, server, mayor);
    await page.getByRole('link', { name: 'Domande senza risposta' }).click();
    await heading(page, 'Domande senza risposta');
    const item = page.getByRole('article', { name: question });
    await item.waitFor();
    await item.getByRole('button', { name: 'Crea una risposta' }).click();
    t.equal(await item.getByRole('button', { name: 'Crea una risposta' }).first().getAttribute('aria-expanded'), 'true', 'the toggle says it is open');
    await item.getByLabel('Risposta', { exact: true }).fill('Le biciclette elettriche si noleggiano in piazza Municipio, 9–18.');
    t.same(await axe(page), [], 'inbox with the entry form: axe clean');
    await item.locator('form').getByRole('button', { name: 'Crea una risposta' }).click();
    await page.getByText('Risposta «Dove si noleggiano le biciclette elettriche?» creata').first().waitFor();

    await page.getByRole('button', { name: 'Riaddestra il modello' }).click();
    await page.locator('#now-answered', { hasText: question }).waitFor({ timeout: 30_000 });
    t.match(await page.locator('#train-summary').innerText(), /Versione: da 1 a 2[\s\S]*Risposte: da 42 a 43/, 'the summary says what changed');
    t.same(await axe(page), [], 'inbox after retraining: axe clean');
    await shot(page, '14-qa-retrained');
    t.match(textOf(await server.memory.say(server.tenant, 'q2', question)), /piazza Municipio/, 'the bot now answers it on the memory channel');

    await page.getByRole('link', { name: 'Domande e risposte' }).click();
    await heading(page, 'Domande e risposte');
    await page.getByRole('row').filter({ hasText: 'Dove si noleggiano le biciclette elettriche?' }).waitFor();
    t.pass('the new entry is in the library');
  });
}
