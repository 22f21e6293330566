import { createServer } from 'node:http';
import t, { type Test } from 'tap';
import { Category, ChannelIdentity, Subscription } from '../../../core/internal.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../../helpers/browser.js';
import { startWebchat, type WebchatServer } from '../../helpers/webchat.js';


type Page = import('playwright-core').Page;
type BrowserContext = import('playwright-core').BrowserContext;

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {

  const browser = (tt: Test): Promise<BrowserContext> => launchBrowser(tt);

  const axe = axeViolations;

  const subscriptions = async (server: WebchatServer) => {
    const em = server.app.services.tenants.scopedEm(server.app.defaultTenant.id);
    const identities = await em.find(ChannelIdentity, { channel: 'webchat' }, { orderBy: { id: 'desc' } });
    const identity = identities[0];
    if (!identity) throw new Error('no web chat identity yet');
    const rows = await em.find(Subscription, { person: identity.person }, { populate: ['category'] });
    return { identity, keys: rows.map((r) => (r.category as Category).key).sort() };
  };

  /** A real notice, through the notification engine, to the first category the visitor chose. */
  const pushNotice = async (server: WebchatServer, title: string) => {
    const { keys } = await subscriptions(server);
    const tenant = server.app.defaultTenant;
    const notice = await server.app.notifications.notices.create(tenant, { categoryKey: keys[0] ?? 'eventi', title, text: 'Dettagli sul sito del Comune.' });
    await server.app.notifications.notices.send(tenant, notice.id);
  };

  const toggle = (page: Page, label: RegExp) => page.locator('.msg').last().getByRole('button', { name: label });

  t.test('with the mouse: /start, two categories, a live notice, reload keeps the history; axe clean', async (t) => {
    const server = await startWebchat(t);
    const context = await browser(t);
    const page = await context.newPage();
    await page.goto(`${server.base}/chat/${server.tenant}`);
    await page.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();
    t.same(await axe(page), [], 'no serious or critical axe violations on the empty chat');

    await page.getByLabel('Scrivi un messaggio').fill('/start');
    await page.getByRole('button', { name: 'Invia' }).click();
    await toggle(page, /Eventi/).waitFor();
    t.equal(await toggle(page, /Eventi/).getAttribute('aria-pressed'), 'false', 'toggles expose aria-pressed');
    await toggle(page, /Eventi/).click();
    await page.locator('.msg').last().locator('button[aria-pressed="true"]', { hasText: 'Eventi' }).waitFor();
    await toggle(page, /Mobilità/).click();
    await page.locator('.msg').last().locator('button[aria-pressed="true"]', { hasText: 'Mobilità' }).waitFor();
    t.same((await subscriptions(server)).keys, ['eventi', 'mobilita'], 'two categories chosen by clicking');

    await pushNotice(server, 'Allerta meteo: vento forte');
    await page.locator('#messages').getByText('Allerta meteo: vento forte').waitFor();
    await page.locator('#announcer', { hasText: 'Allerta meteo' }).waitFor();
    t.pass('the pushed notice appears live and is announced');
    t.same(await axe(page), [], 'no serious or critical axe violations with messages');

    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();
    await page.locator('#messages').getByText('Allerta meteo: vento forte').waitFor();
    t.equal(await page.locator('.msg').last().locator('button[aria-pressed="true"]').count(), 0, 'the notice is the last message after reload');
    // The welcome's language buttons mark the person's language too: only the category toggles count here.
    t.equal(await page.locator('button[aria-pressed="true"]').filter({ hasNotText: /Italiano|English/ }).count(), 2, 'the toggles keep their state after reload');
    t.match(await page.locator('#messages').innerText(), /\/start/, 'the history shows what the person wrote');
  });

  t.test('keyboard only: the same flow without a mouse', async (t) => {
    const server = await startWebchat(t);
    const context = await browser(t);
    const page = await context.newPage();
    await page.goto(`${server.base}/chat/${server.tenant}`);
    await page.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();

    const tabTo = async (matches: () => Promise<boolean>, what: string) => {
      for (let i = 0; i < 40; i += 1) {
        if (await matches()) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${what}`);
    };
    const focusedIs = (selector: string) => () => page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`);
    const focusedText = () => page.evaluate<string>(`document.activeElement?.tagName === 'BUTTON' ? document.activeElement.textContent : ''`);

    await tabTo(focusedIs('#input'), 'the message box');
    await page.keyboard.type('/start');
    await page.keyboard.press('Enter');
    await toggle(page, /Eventi/).waitFor();
    const outline = await page.evaluate<string>(`getComputedStyle(document.activeElement).outlineStyle`);
    t.not(outline, 'none', 'the focused control shows a visible outline');

    await tabTo(async () => (await focusedText()).includes('Eventi'), 'the Eventi toggle');
    await page.keyboard.press('Enter');
    await page.locator('.msg').last().locator('button[aria-pressed="true"]', { hasText: 'Eventi' }).waitFor();
    t.match(await focusedText(), /Eventi/, 'focus stays on the toggle when the message is edited in place');
    await tabTo(async () => (await focusedText()).includes('Protezione'), 'the Protezione civile toggle');
    await page.keyboard.press('Space');
    await page.locator('.msg').last().locator('button[aria-pressed="true"]', { hasText: 'Protezione' }).waitFor();
    t.same((await subscriptions(server)).keys, ['eventi', 'protezione-civile'], 'two categories chosen with the keyboard');

    await pushNotice(server, 'Chiusura strada provinciale');
    await page.locator('#messages').getByText('Chiusura strada provinciale').waitFor();
    await page.keyboard.press('F5');
    await page.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();
    await page.locator('#messages').getByText('Chiusura strada provinciale').waitFor();
    t.pass('the history is back after a reload');
  });

  t.test('the embeddable launcher opens the chat in a labelled frame and closes with Escape', async (t) => {
    const server = await startWebchat(t);
    const context = await browser(t);
    const page = await context.newPage();
    // The comune's own site: another origin, served from loopback like the chat (Chromium refuses a
    // public page that loads from loopback, which a real deployment never does).
    const html = `<!doctype html><html lang="it"><head><title>Comune</title></head><body><main><h1>Sito del Comune</h1></main><script src="${server.base}/webchat.js" data-tenant="${server.tenant}"></script></body></html>`;
    const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise<void>((resolve) => {
      site.close(() => resolve());
      site.closeAllConnections();
    }));
    const address = site.address();
    await page.goto(`http://localhost:${typeof address === 'object' && address ? address.port : 0}/`);
    const launcher = page.getByRole('button', { name: 'Scrivi al Comune' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    t.equal(await page.getByRole('button', { name: 'Chiudi la chat del Comune' }).getAttribute('aria-expanded'), 'true');
    const frame = page.frameLocator('iframe[title="Chat con il Comune"]');
    await frame.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();
    await page.keyboard.press('Escape');
    t.equal(await page.getByRole('button', { name: 'Scrivi al Comune' }).getAttribute('aria-expanded'), 'false', 'Escape closes the panel');
  });
}
