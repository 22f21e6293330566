/**
 * The /segnala dialog on the real web chat page in Chromium: the browser's position (granted and denied,
 * then a typed address), a photo through the page's upload, confirm → the stored report; axe on the way.
 */
import t, { type Test } from 'tap';
import { baseModule } from '../../../modules/base/index.js';
import { Report, reportsModule } from '../../../modules/reports/index.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../../helpers/browser.js';
import { jpeg } from '../../helpers/report-inbound.js';
import { startWebchat, type WebchatServer } from '../../helpers/webchat.js';

type Page = import('playwright-core').Page;

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  const open = async (t: Test, geolocation: boolean): Promise<{ server: WebchatServer; page: Page }> => {
    const server = await startWebchat(t, {}, { modules: [baseModule, reportsModule] });
    const context = await launchBrowser(t);
    if (geolocation) {
      await context.grantPermissions(['geolocation'], { origin: server.base });
      await context.setGeolocation({ latitude: 45.0703, longitude: 7.6869, accuracy: 12 });
    }
    const page = await context.newPage();
    await page.goto(`${server.base}/chat/${server.tenant}`);
    await page.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();
    return { server, page };
  };
  const say = async (page: Page, text: string) => {
    await page.getByLabel('Scrivi un messaggio').fill(text);
    await page.getByRole('button', { name: 'Invia', exact: true }).click();
  };
  const last = (page: Page) => page.locator('.msg').last();
  /** Category and description: the steps before the position. */
  const begin = async (page: Page, description: string) => {
    await say(page, '/segnala');
    await last(page).getByRole('button', { name: 'Strade e marciapiedi' }).click();
    await page.locator('#messages').getByText('Descrivi il problema').waitFor();
    await say(page, description);
    await page.locator('#messages').getByText('Dove si trova?').last().waitFor();
  };
  /** One photo through the page's attach button (the browser's file chooser), then «Fatto». */
  const attachPhoto = async (page: Page) => {
    await page.locator('#messages').getByText('Vuoi aggiungere foto').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Allega foto o video' }).click();
    await (await chooser).setFiles({ name: 'buca.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg(7)) });
    await page.locator('#messages').getByText('Ricevuto (1 di 5)').waitFor();
    await last(page).getByRole('button', { name: 'Fatto' }).click();
    await page.locator('#messages').getByText('Riepilogo').waitFor();
  };
  const confirm = async (page: Page, server: WebchatServer) => {
    await last(page).getByRole('button', { name: 'Invia', exact: true }).click();
    await page.locator('#messages').getByText(/La tua segnalazione è la/).waitFor();
    return server.app.services.tenants.scopedEm(server.app.defaultTenant.id).findOneOrFail(Report, {});
  };

  t.test('position granted: the browser position, a photo, confirm → the report with its position and photo; axe clean', async (t) => {
    const { server, page } = await open(t, true);
    await begin(page, 'Buca profonda davanti al civico 12');
    const share = last(page).getByRole('button', { name: /Invia la mia posizione/ });
    t.ok(await share.getAttribute('aria-describedby'), 'the position button says what will be sent');
    t.same(await axeViolations(page), [], 'no serious or critical axe violations at the position step');
    await share.click();
    await attachPhoto(page);
    t.match(await last(page).innerText(), /45\.07030, 7\.68690[\s\S]*Foto e video: 1/, 'the summary has the browser position and the photo');
    t.same(await axeViolations(page), [], 'no serious or critical axe violations at the summary');
    const report = await confirm(page, server);
    t.match(report, { category: 'strade', latitude: 45.0703, longitude: 7.6869, address: null, channel: 'webchat', status: 'new' });
    t.same(report.media.map((m) => [m.kind, m.mimeType]), [['photo', 'image/jpeg']], 'the uploaded photo is on the report');
    t.same(await axeViolations(page), [], 'no serious or critical axe violations after the confirmation');
  });

  t.test('position denied: a clear message, the message box to type the address, the typed address works', async (t) => {
    const { server, page } = await open(t, false);
    await begin(page, 'Lampione spento da una settimana');
    await last(page).getByRole('button', { name: /Invia la mia posizione/ }).click();
    await page.getByRole('alert').filter({ hasText: /permesso negato[\s\S]*scrivere l'indirizzo/ }).waitFor();
    t.equal(await page.evaluate<string | undefined>('document.activeElement?.id'), 'input', 'the focus moves to the message box');
    t.same(await axeViolations(page), [], 'no serious or critical axe violations with the error shown');
    await say(page, 'Via Roma 12, davanti alla farmacia');
    await attachPhoto(page);
    t.match(await last(page).innerText(), /Via Roma 12, davanti alla farmacia/, 'the summary has the typed address');
    const report = await confirm(page, server);
    t.match(report, { address: 'Via Roma 12, davanti alla farmacia', latitude: null, longitude: null, channel: 'webchat' });
    t.equal(report.media.length, 1, 'the photo is on the report');
  });
}
