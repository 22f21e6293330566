// Handoff end to end in real Chromium, with two people in two browser contexts: a citizen on the web
// chat page and an operator in the admin UI. The citizen asks for a person, writes and sends a photo;
// the operator sees it all live, takes the conversation, sees the photo, answers, and the answer shows
// up live in the web chat; then closes. Then an operator works with the keyboard only (take, canned
// reply, transfer to an office and to a colleague, close), and axe checks the inbox and conversation
// pages. Every wait is on a DOM state (or the stored rows), never on time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import t from 'tap';
import { WebchatAdapter } from '../../adapters/webchat/index.js';
import { HandoffConversation } from '../../modules/handoff/entities/index.js';
import { saveCanned } from '../../modules/handoff/service/canned-replies.js';
import { updateSettings } from '../../modules/handoff/service/settings-service.js';
import { PASSWORD } from '../helpers/app.js';
import { signIn, startAdminUi, type AdminUiServer } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchContexts, NO_CHROMIUM } from '../helpers/browser.js';
import { textOf } from '../helpers/campanile.js';
import { TEST_SECRET } from '../helpers/webchat.js';

type Page = import('playwright-core').Page;
type Locator = import('playwright-core').Locator;

/** A real PNG (the browser must be able to draw it): `size`×`size` pixels of one colour. */
function png(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** Presses `key` (Tab or Shift+Tab) until `target` has the focus: it must be reachable by keyboard. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < 80; i += 1) {
    if ((await target.and(page.locator(':focus')).count()) === 1) return;
    await page.keyboard.press(key);
  }
  throw new Error(`not reachable with ${key}: ${String(target)}`);
}

/** Arrows through a focused closed select (down, then up) until `value` is chosen. */
async function arrowTo(page: Page, select: Locator, value: string): Promise<void> {
  for (const key of ['ArrowDown', 'ArrowUp']) {
    for (let i = 0; i < 20 && (await select.inputValue()) !== value; i += 1) await page.keyboard.press(key);
  }
  if ((await select.inputValue()) !== value) throw new Error(`option ${value} not reached with the arrow keys`);
}

/**
 * Records, in the page, the alerts the browser is asked for (a beep started, a notification shown),
 * still passing them on to the real browser APIs.
 */
const RECORD_ALERTS = `(() => {
  window.__alerts = [];
  const RealNotification = window.Notification;
  window.Notification = class extends RealNotification {
    constructor(title, options) { super(title, options); window.__alerts.push('notification: ' + title); }
  };
  Object.defineProperty(window.Notification, 'permission', { get: () => RealNotification.permission });
  window.Notification.requestPermission = (...args) => RealNotification.requestPermission(...args);
  const RealAudio = window.AudioContext;
  window.AudioContext = class extends RealAudio {
    createOscillator() { window.__alerts.push('sound'); return super.createOscillator(); }
  };
})()`;

const focusedLabel = (page: Page) => page.evaluate<string | null>('document.activeElement?.labels?.[0]?.textContent ?? null');
const liveOn = (page: Page) => page.locator('#handoff-live[data-live="on"]').waitFor();
const conversations = (server: AdminUiServer) => server.app.services.tenants.scopedEm(server.app.defaultTenant.id).find(HandoffConversation, {}, { orderBy: { id: 'asc' } });

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('citizen on the web chat and operator in the admin UI: a live exchange with a photo', async (t) => {
    const webchat = new WebchatAdapter({ secret: TEST_SECRET, mediaDir: mkdtempSync(join(tmpdir(), 'campanile-webchat-')) });
    const server = await startAdminUi(t, { adapters: [{ adapter: webchat }] });
    const operatorEmail = await server.user('operator');
    const [citizenContext, operatorContext] = await launchContexts(t, 2, { viewport: { width: 1280, height: 900 } });
    const citizen = await citizenContext!.newPage();
    const operator = await operatorContext!.newPage();
    const errors: string[] = [];
    for (const page of [citizen, operator]) page.on('pageerror', (e) => errors.push(e.message));
    await operatorContext!.grantPermissions(['notifications'], { origin: server.base });
    await operatorContext!.addInitScript(RECORD_ALERTS);

    await signIn(operator, server, operatorEmail);
    await operator.locator('#main-nav').getByRole('link', { name: 'Parla con i cittadini' }).click();
    await operator.getByText('Nessuno in attesa.').waitFor();
    await liveOn(operator);

    await citizen.goto(`${server.base}/chat/${server.tenant}`);
    await citizen.getByRole('status').filter({ hasText: 'Connesso' }).waitFor();
    const say = async (text: string) => {
      await citizen.getByLabel('Scrivi un messaggio').fill(text);
      await citizen.getByRole('button', { name: 'Invia', exact: true }).click();
    };
    const chat = citizen.locator('#messages');
    await say('/operatore');
    await chat.getByText(/un operatore ti risponderà a breve/).waitFor();
    t.pass('the citizen is told an operator will answer soon (the operator is online)');

    const link = operator.getByRole('link', { name: /N\. \d+ · in attesa/ });
    await link.waitFor();
    t.pass('the waiting conversation appeared in the inbox by itself');
    const banner = operator.locator('#handoff-alert');
    await banner.getByText('Una persona chiede di parlare con un operatore').waitFor();
    t.ok(await banner.getByRole('link', { name: /Apri la conversazione n\. \d+/ }).isVisible(), 'a visible alert with a link to the conversation');
    t.same(await operator.evaluate<string[]>('window.__alerts'), ['sound', 'notification: Una persona chiede di parlare con un operatore'], 'a beep and a browser notification');
    t.same(await axeViolations(operator), [], 'inbox with a waiting person: no serious or critical axe violations');

    await link.click();
    await operator.getByRole('heading', { level: 1, name: /Conversazione n\. \d+/ }).waitFor();
    await liveOn(operator);
    await operator.getByRole('button', { name: 'Prendi in carico' }).click();
    await operator.getByText('Conversazione presa in carico').first().waitFor();
    await chat.getByText(/Ora stai parlando con un operatore/).waitFor();
    t.pass('the citizen is told an operator took the conversation');

    // While the operator has the page open: a text, then a photo through the web chat's upload.
    await say("C'è una buca profonda in via Roma, davanti al civico 12.");
    const photo = png(16, [200, 30, 30]);
    const chooser = citizen.waitForEvent('filechooser');
    await citizen.getByRole('button', { name: 'Allega foto o video' }).click();
    await (await chooser).setFiles({ name: 'buca.png', mimeType: 'image/png', buffer: photo });
    const thread = operator.getByRole('list', { name: 'Messaggi' });
    await thread.getByText("C'è una buca profonda in via Roma, davanti al civico 12.").waitFor();
    const image = thread.getByRole('img', { name: /Foto inviata da: Cittadino/ });
    await image.waitFor();
    await operator.waitForFunction("[...document.querySelectorAll('.handoff-photo img')].some((img) => img.complete && img.naturalWidth === 16)");
    t.pass("the citizen's text and photo appeared live, and the photo is drawn");
    const src = await image.getAttribute('src');
    const served = await operator.request.get(`${server.base}${src}`);
    t.same([served.status(), served.headers()['content-type'], Buffer.compare(await served.body(), photo)], [200, 'image/png', 0], 'the photo the operator sees is the bytes the citizen sent');
    t.same(await axeViolations(operator), [], 'conversation page with a photo: no serious or critical axe violations');

    await operator.getByLabel('Risposta', { exact: true }).fill('Grazie, mandiamo una squadra entro domani.');
    await operator.getByRole('button', { name: 'Invia', exact: true }).click();
    await operator.getByText('Risposta inviata').first().waitFor();
    await chat.getByText('Grazie, mandiamo una squadra entro domani.').waitFor();
    t.pass("the operator's answer appeared live in the web chat");

    // Someone else asks while the operator is inside this conversation: the alert reaches this page too.
    await server.memory.say(server.tenant, 'c2', 'voglio parlare con una persona');
    const second = (await conversations(server))[1]!;
    await banner.getByRole('link', { name: `Apri la conversazione n. ${second.id}` }).waitFor();
    t.same((await operator.evaluate<string[]>('window.__alerts')).slice(2), ['sound', 'notification: Una persona chiede di parlare con un operatore'], 'with its beep and notification');

    await operator.getByRole('button', { name: 'Chiudi conversazione' }).click();
    await operator.getByText('Conversazione chiusa').first().waitFor();
    await chat.getByText(/L'operatore ha chiuso la conversazione/).waitFor();
    t.pass('the citizen is told the conversation is closed');
    const [row] = await conversations(server);
    t.match(row, { state: 'closed', closedBy: 'operator' }, 'stored as closed by the operator');
    t.same(errors, [], 'no uncaught errors in either page');
  });

  t.test('keyboard only: take, insert a canned reply, transfer to an office and to a colleague, close', async (t) => {
    const server = await startAdminUi(t);
    const tenant = server.app.defaultTenant;
    const operatorEmail = await server.user('operator');
    const colleague = await server.fastify.users.create({ email: 'giulia@comune.example.it', password: PASSWORD, role: 'operator', tenantId: tenant.id, displayName: 'Giulia Bianchi' });
    const em = server.app.services.tenants.scopedEm(tenant.id);
    await saveCanned(em, tenant.id, null, { title: 'Benvenuto', text: 'Buongiorno dal {comune}.' });
    await saveCanned(em, tenant.id, null, { title: 'Orari TARI', text: "L'ufficio tributi del {comune} riceve il martedì 9–12. {operatore}" });
    await updateSettings(em, tenant.id, { offices: ['Anagrafe', 'Ufficio tributi'] });
    const [context] = await launchContexts(t, 1, { viewport: { width: 1280, height: 900 } });
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server, operatorEmail);

    // Signed in, the focus is on the page's heading: the navigation is before it.
    await tabTo(page, page.locator('#main-nav').getByRole('link', { name: 'Parla con i cittadini' }), 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Nessuno in attesa.').waitFor();
    await liveOn(page);
    await server.memory.say(server.tenant, 'c1', 'voglio parlare con una persona');
    await server.memory.say(server.tenant, 'c1', 'Quando posso pagare la TARI allo sportello?');
    const link = page.getByRole('link', { name: /N\. \d+ · in attesa/ });
    await tabTo(page, link);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Conversazione n\. \d+/ }).waitFor();
    await liveOn(page);

    await tabTo(page, page.getByRole('button', { name: 'Prendi in carico' }));
    await page.keyboard.press('Enter');
    await page.getByText('Conversazione presa in carico').first().waitFor();
    t.equal(await focusedLabel(page), 'Risposta', 'after taking, the focus is in the reply box');

    const reply = page.getByLabel('Risposta', { exact: true });
    const canned = page.getByLabel('Risposta pronta');
    await tabTo(page, canned, 'Shift+Tab');
    await arrowTo(page, canned, (await canned.getByRole('option', { name: 'Orari TARI' }).getAttribute('value')) ?? 'missing');
    await tabTo(page, page.getByRole('button', { name: 'Inserisci nella risposta' }));
    await page.keyboard.press('Enter');
    const filled = `L'ufficio tributi del ${tenant.name} riceve il martedì 9–12. ${operatorEmail}`;
    t.equal(await reply.inputValue(), filled, 'the canned reply went into the reply box with its placeholders filled in');
    t.equal(await focusedLabel(page), 'Risposta', 'and the focus is back in the reply box, to adjust it');
    await page.keyboard.type(' Porti un documento.');
    await tabTo(page, page.getByRole('button', { name: 'Invia', exact: true }));
    await page.keyboard.press('Enter');
    await page.getByText('Risposta inviata').first().waitFor();
    t.ok(server.memory.sent.some((s) => s.ref.chatId === 'c1' && textOf([s.message]) === `${filled} Porti un documento.`), "the edited canned reply reached the citizen's chat");

    const target = page.getByLabel('Trasferisci a');
    await tabTo(page, target);
    await arrowTo(page, target, 'office:Ufficio tributi');
    await tabTo(page, page.getByRole('button', { name: 'Trasferisci', exact: true }));
    await page.keyboard.press('Enter');
    await page.getByText('Conversazione trasferita a Ufficio tributi').first().waitFor();
    await page.locator('#handoff-where').getByText(/in attesa · .* · ufficio Ufficio tributi/).waitFor();
    t.ok(await page.locator('#reply-head').isHidden(), 'waiting for the office: no reply box');
    t.match((await conversations(server))[0], { state: 'waiting', office: 'Ufficio tributi', operatorId: null }, 'stored: waiting for the office');

    t.equal(await page.evaluate<string | null>('document.activeElement?.getAttribute("role")'), 'status', 'after the transfer, the focus is on its outcome');
    await tabTo(page, page.getByRole('button', { name: 'Prendi in carico' }));
    await page.keyboard.press('Enter');
    await page.getByText('Conversazione presa in carico').first().waitFor();
    await tabTo(page, target);
    await arrowTo(page, target, `operator:${colleague.id}`);
    await tabTo(page, page.getByRole('button', { name: 'Trasferisci', exact: true }));
    await page.keyboard.press('Enter');
    await page.getByText('Conversazione trasferita a Giulia Bianchi (Non in servizio)').first().waitFor();
    await page.locator('#handoff-where').getByText(/in corso · .* · in carico a un altro operatore/).waitFor();
    t.match((await conversations(server))[0], { state: 'live', operatorId: colleague.id }, "stored: live, the colleague's");
    t.same(await axeViolations(page), [], 'conversation page after a transfer: no serious or critical axe violations');

    await tabTo(page, page.getByRole('button', { name: 'Chiudi conversazione' }));
    await page.keyboard.press('Enter');
    await page.getByText('Conversazione chiusa').first().waitFor();
    t.ok(server.memory.sent.some((s) => s.ref.chatId === 'c1' && /L'operatore ha chiuso la conversazione/.test(textOf([s.message]))), 'the citizen is told');
    t.match((await conversations(server))[0], { state: 'closed', closedBy: 'operator' }, 'stored as closed');
    t.same(errors, [], 'no uncaught errors in the page');
  });
}
