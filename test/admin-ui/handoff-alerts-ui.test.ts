// The operator's Telegram alerts panel on the handoff inbox, in real Chromium, against the real Telegram
// adapter on the fake Bot API: nothing linked at first, turning alerts on is refused with the reason,
// "Collega Telegram" shows the one-time deep link and its QR code, opening it in the (fake) operator's
// Telegram links the chat, then alerts go on, and "Scollega" undoes it. Axe on the panel.
import t from 'tap';
import { TelegramAdapter } from '../../adapters/telegram/index.js';
import { createFakeTelegram, startUpdate } from '../fakes/telegram/index.js';
import { signIn, startAdminUi } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchContexts, NO_CHROMIUM } from '../helpers/browser.js';

const TOKEN = '123456:TEST-token';
const OPERATOR_CHAT = 4242;

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('Telegram alerts panel: refused before linking, link with deep link and QR, on, unlink', async (t) => {
    const fake = await createFakeTelegram({ token: TOKEN, limits: false });
    const telegram = new TelegramAdapter({ tenant: 'esempio', token: TOKEN, apiRoot: fake.apiRoot });
    const server = await startAdminUi(t, { adapters: [{ adapter: telegram }] });
    t.teardown(() => fake.close()); // after the app's teardown: the app stops before the fake closes
    t.equal(server.tenant, 'esempio', "the adapter serves the test's comune");
    const email = await server.user('operator');
    const [context] = await launchContexts(t, 1, { viewport: { width: 1280, height: 900 } });
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server, email);
    await page.locator('#main-nav').getByRole('link', { name: 'Parla con i cittadini' }).click();
    const panel = page.getByRole('region', { name: 'Avvisi su Telegram' });
    await panel.getByText('Nessuna chat Telegram collegata.').waitFor();
    const toggle = panel.getByLabel('Ricevi gli avvisi su Telegram');
    t.notOk(await toggle.isChecked(), 'alerts off at first');
    t.same(await axeViolations(page), [], 'inbox with the alerts panel: no serious or critical axe violations');

    await toggle.check({ force: true }).catch(() => undefined); // the page puts it back unchecked when refused
    await panel.getByRole('status').getByText(/Nessuna chat Telegram è collegata al tuo account: premi prima «Collega Telegram»/).waitFor();
    t.notOk(await toggle.isChecked(), 'refused before linking: the box is back off, with the reason in the panel');

    await panel.getByRole('button', { name: 'Collega Telegram' }).click();
    const deepLink = panel.getByRole('link', { name: /^Apri in Telegram: / });
    await deepLink.waitFor();
    const url = (await deepLink.getAttribute('href')) ?? '';
    const payload = /\?start=(hop_[A-Za-z0-9_-]+)$/.exec(url)?.[1] ?? '';
    t.ok(payload.length > 4, `a Telegram deep link with a one-time start payload (${url})`);
    t.equal(await page.evaluate<string | null>('document.activeElement?.getAttribute("href") ?? null'), url, 'the focus moves to the link');
    const qr = panel.getByRole('img', { name: /Codice QR del link per collegare Telegram/ });
    t.match(await qr.getAttribute('src'), /^data:image\/png;base64,/, 'and its QR code, a PNG drawn by the server');
    await page.waitForFunction("document.querySelector('#handoff-alerts img')?.naturalWidth > 0");
    t.same(await axeViolations(page), [], 'the panel with the link: axe clean');

    // The operator opens the link in their own Telegram.
    fake.pushUpdate(startUpdate(payload, { from: { id: OPERATOR_CHAT, first_name: 'Operatrice' } }));
    await fake.waitFor(() => fake.sentMessages.some((m) => m.chatId === OPERATOR_CHAT));
    await panel.getByRole('button', { name: 'Controlla il collegamento' }).click();
    await panel.getByText('Chat Telegram collegata.').waitFor();
    t.pass('the panel shows the chat as linked');

    await toggle.check();
    await panel.getByText('Avvisi su Telegram attivati.').waitFor();
    const stored = await page.request.get(`${server.base}/api/v1/tenants/${server.tenant}/handoff/alerts`);
    t.match(await stored.json(), { linked: true, channel: 'telegram', telegram: true }, 'stored: linked, alerts on');

    await panel.getByRole('button', { name: 'Scollega' }).click();
    await panel.getByText('Chat Telegram scollegata: nessun avviso.').waitFor();
    t.match(await (await page.request.get(`${server.base}/api/v1/tenants/${server.tenant}/handoff/alerts`)).json(), { linked: false, telegram: false }, 'stored: unlinked, alerts off');
    t.notOk(await toggle.isChecked(), 'the box shows alerts off');
    t.ok(await panel.getByRole('button', { name: 'Scollega' }).isHidden(), 'nothing left to unlink');
    t.same(errors, [], 'no uncaught errors in the page');
  });
}
