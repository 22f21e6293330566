// A comune speaking it,de in real Chromium: the web chat in German for a German browser and for a person
// who chose German in the bot (even on a page asked for in Italian), Italian where the comune offers no
// German; the admin UI switched to German (navigation, compose page with both languages), axe clean.
import t from 'tap';
import { baseModule } from '../../modules/base/index.js';
import { signIn, startAdminUi } from '../helpers/admin-ui.js';
import { speak } from '../helpers/bilingual.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';
import { startWebchat } from '../helpers/webchat.js';

type Page = import('playwright-core').Page;

const say = async (page: Page, text: string, send: string) => {
  await page.locator('#input').fill(text);
  await page.getByRole('button', { name: send, exact: true }).click();
};

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('web chat: a German browser gets the German page and the German welcome', async (t) => {
    const server = await startWebchat(t, {}, { modules: [baseModule] });
    await speak(server.app, server.tenant, ['it', 'de']);
    const page = await (await launchBrowser(t, { locale: 'de-DE' })).newPage();
    await page.goto(`${server.base}/chat/${server.tenant}`);
    await page.getByRole('status').filter({ hasText: 'Verbunden' }).waitFor();
    t.equal(await page.getAttribute('html', 'lang'), 'de', 'the page is German');
    t.equal(await page.title(), 'Chat mit der Gemeinde · Comune di Esempio');
    t.ok(await page.getByLabel('Nachricht schreiben').isVisible(), 'the message box is labelled in German');
    t.ok(await page.getByRole('button', { name: 'Beginnen' }).isVisible(), 'the start button is German');
    await page.getByRole('button', { name: 'Beginnen' }).click();
    await page.locator('#messages').getByText('Willkommen!', { exact: false }).waitFor();
    t.match(await page.locator('#messages').innerText(), /offizielle Kanal der Gemeinde/, 'the bot greets in German: the page told it the language');
    t.same(await axeViolations(page), [], 'German web chat: axe clean');
  });

  t.test('web chat: a person who chose German in the bot gets the page in German next time, even when asked for Italian', async (t) => {
    const server = await startWebchat(t, {}, { modules: [baseModule] });
    await speak(server.app, server.tenant, ['it', 'de']);
    const page = await (await launchBrowser(t)).newPage();
    await page.goto(`${server.base}/chat/${server.tenant}?lang=it`);
    await page.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();
    t.equal(await page.getAttribute('html', 'lang'), 'it', 'an Italian browser and ?lang=it: Italian first');
    await say(page, '/lingua', 'Invia');
    await page.locator('.msg').last().getByRole('button', { name: 'Deutsch' }).click();
    await page.locator('#messages').getByText('Sprache: Deutsch.').waitFor();
    // The comune's site embeds the chat with its page's language (the launcher's ?lang=it): the person's own wins.
    await page.goto(`${server.base}/chat/${server.tenant}?embed=1&lang=it`);
    await page.waitForURL(/lang=de/);
    await page.getByRole('status').filter({ hasText: 'Verbunden' }).waitFor();
    t.equal(await page.getAttribute('html', 'lang'), 'de', 'the page followed the person to German');
    t.ok(await page.getByLabel('Nachricht schreiben').isVisible());
    t.match(await page.locator('#messages').innerText(), /Sprache: Deutsch\./, 'the same conversation, its history kept');
    t.same(await axeViolations(page), [], 'axe clean after the switch');
  });

  t.test('web chat: a comune without German answers a German browser in Italian', async (t) => {
    const server = await startWebchat(t, {}, { modules: [baseModule] });
    const page = await (await launchBrowser(t, { locale: 'de-DE' })).newPage();
    await page.goto(`${server.base}/chat/${server.tenant}`);
    await page.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();
    t.equal(await page.getAttribute('html', 'lang'), 'it', 'Italian, the comune’s language');
    t.ok(await page.getByLabel('Scrivi un messaggio').isVisible());
  });

  t.test('admin UI: switched to German, the navigation and the compose page speak German; remembered; axe clean', async (t) => {
    const server = await startAdminUi(t);
    await speak(server.app, server.tenant, ['it', 'de']);
    const mayor = await server.user('mayor');
    const page = await (await launchBrowser(t, { viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, server, mayor);
    const switcher = page.getByRole('group', { name: "Lingua dell'interfaccia" });
    t.same(await switcher.getByRole('button').allInnerTexts(), ['English', 'Deutsch'], 'every other language, in its own name');
    await switcher.getByRole('button', { name: 'Deutsch' }).click();
    const nav = page.getByRole('navigation', { name: 'Hauptmenü' });
    await nav.getByRole('link', { name: 'Übersicht' }).waitFor();
    t.equal(await page.getAttribute('html', 'lang'), 'de');
    for (const name of ['Neue Mitteilung', 'Mitteilungen', 'Kategorien']) t.ok(await nav.getByRole('link', { name, exact: true }).isVisible(), `navigation: ${name}`);
    t.ok(await page.getByRole('button', { name: 'Abmelden' }).isVisible(), 'the header is German too');
    t.same(await page.getByRole('group', { name: 'Sprache der Oberfläche' }).getByRole('button').allInnerTexts(), ['Italiano', 'English']);
    t.same(await axeViolations(page), [], 'German dashboard: axe clean');

    await nav.getByRole('link', { name: 'Neue Mitteilung', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Neue Mitteilung' }).waitFor();
    const italian = page.getByRole('group', { name: 'Italienisch (Pflichtfeld)' });
    const deutsch = page.getByRole('group', { name: 'Deutsch (optional)' });
    await italian.getByLabel('Titel', { exact: true }).fill('Strada chiusa');
    await italian.getByLabel('Text', { exact: true }).fill('Via Roma è chiusa dalle 8 alle 18.');
    await deutsch.getByLabel('Titel (Deutsch)').fill('Straße gesperrt');
    await deutsch.getByLabel('Text (Deutsch)').fill('Die Romstraße ist von 8 bis 18 Uhr gesperrt.');
    const dePreview = page.locator('.lang-preview[lang="de"]');
    await dePreview.locator('.preview-telegram', { hasText: 'Straße gesperrt' }).waitFor();
    t.match(await page.locator('.lang-preview[lang="de"]').innerText(), /Vorschau auf Deutsch/, 'the German preview is headed in German');
    t.ok(await page.getByRole('button', { name: 'Jetzt senden' }).isVisible(), 'the actions are German');
    t.same(await axeViolations(page), [], 'German compose page: axe clean');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Neue Mitteilung' }).waitFor();
    t.equal(await page.getAttribute('html', 'lang'), 'de', 'German is remembered across a reload');
    await page.getByRole('group', { name: 'Sprache der Oberfläche' }).getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nuovo avviso' }).waitFor();
    t.equal(await page.getAttribute('html', 'lang'), 'it', 'and back to Italian');
  });
}
