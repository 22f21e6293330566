// The compose page of a comune speaking it,de in real Chromium: one column per language (Italian
// required, German optional), a preview per language and channel (German falls back to Italian until
// written), and the sent notice reaches the Italian subscriber in Italian and the German one in German.
import t from 'tap';
import { ChannelIdentity, Person } from '../../core/internal.js';
import { signIn, startAdminUi } from '../helpers/admin-ui.js';
import { speak } from '../helpers/bilingual.js';
import { textOf } from '../helpers/campanile.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('compose side by side in Italian and German, preview per language, each subscriber gets their own', async (t) => {
    const server = await startAdminUi(t);
    for (const chat of ['it1', 'de1']) await server.memory.say(server.tenant, chat, '/start cat_eventi');
    await speak(server.app, server.tenant, ['it', 'de']);
    const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id);
    const german = await em.findOneOrFail(ChannelIdentity, { externalId: 'de1' });
    await em.nativeUpdate(Person, { id: german.person.id }, { locale: 'de' });
    const mayor = await server.user('mayor');
    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server, mayor);
    await page.getByRole('link', { name: 'Nuovo avviso', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Nuovo avviso' }).waitFor();

    const italian = page.getByRole('group', { name: 'Italiano (obbligatorio)' });
    const deutsch = page.getByRole('group', { name: 'Tedesco (facoltativo)' });
    await italian.getByLabel('Titolo', { exact: true }).fill('Strada chiusa');
    await italian.getByLabel('Testo', { exact: true }).fill('Via Roma è chiusa dalle 8 alle 18.');
    await page.getByLabel('Categoria').selectOption({ label: 'Eventi' });
    const dePreview = page.locator('.lang-preview[lang="de"]');
    t.match(await dePreview.innerText(), /Nessuna traduzione[\s\S]*Strada chiusa/, 'German preview: the Italian text, with a note, until German is written');

    await deutsch.getByLabel('Titolo (Tedesco)').fill('Straße gesperrt');
    await page.getByRole('button', { name: 'Invia ora' }).click();
    await page.getByRole('alert').filter({ hasText: 'Controlla i dati inseriti' }).waitFor();
    t.equal(await deutsch.getByLabel('Testo (Tedesco)').getAttribute('aria-invalid'), 'true', 'a German title without text is refused before sending');
    t.same(await axeViolations(page), [], 'compose with a translation error: axe clean');

    await deutsch.getByLabel('Testo (Tedesco)').fill('Die Romstraße ist von 8 bis 18 Uhr gesperrt.');
    await dePreview.locator('.preview-telegram', { hasText: 'Straße gesperrt' }).waitFor();
    t.match(await dePreview.locator('.preview-telegram').innerText(), /Straße gesperrt[\s\S]*Romstraße/, 'German preview per channel shows the German text');
    t.match(await page.locator('.lang-preview[lang="it"] .preview-telegram').innerText(), /Strada chiusa[\s\S]*Via Roma/, 'the Italian preview the Italian text');
    t.notMatch(await dePreview.innerText(), /Nessuna traduzione/, 'no fallback note once translated');
    t.same(await axeViolations(page), [], 'compose in two languages: axe clean');

    await page.getByRole('button', { name: 'Invia ora' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Invia ora' }).click();
    await page.getByRole('heading', { level: 1, name: 'Strada chiusa' }).waitFor();
    await page.locator('#progress-live', { hasText: '100%' }).waitFor({ timeout: 15_000 });
    const got = (chat: string) => server.memory.sent.filter((s) => s.ref.chatId === chat).map((s) => textOf([s.message])).join('\n');
    t.match(got('it1'), /Strada chiusa[\s\S]*Via Roma/, 'the Italian subscriber got Italian');
    t.match(got('de1'), /Straße gesperrt[\s\S]*Romstraße/, 'the German subscriber got German');
    t.notMatch(got('de1'), /Strada chiusa/);
  });
}
