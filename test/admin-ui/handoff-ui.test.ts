// The handoff pages in real Chromium: an operator's live inbox (server-sent events), a citizen's
// request appearing by itself, the conversation page used with the keyboard only (take, answer), the
// citizen's next message appearing live, a photo attached beside the reply box (a wrong type refused
// in the page), and axe on both pages.
import t from 'tap';
import { textOf } from '../helpers/campanile.js';
import { PASSWORD } from '../helpers/app.js';
import { startAdminUi } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';

/** A 1×1 PNG: the media library checks the bytes against the declared type. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

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

    // A file beside the reply box: a wrong type is refused in the page, a PNG goes out with the reply text as caption.
    const attach = page.getByLabel('Allega foto o PDF');
    await attach.setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('ciao') });
    await page.getByRole('alert').getByText('note.txt: si possono allegare solo immagini JPEG, PNG, WebP o PDF.').waitFor();
    t.equal(await attach.getAttribute('aria-invalid'), 'true', 'the refused file control is marked invalid and described by the message');
    const before = server.memory.sent.length;
    // Passes the page's checks (a PNG by its type) but not the server's (the bytes are not a PNG).
    await attach.setInputFiles({ name: 'finta.png', mimeType: 'image/png', buffer: Buffer.from('non sono un PNG') });
    await page.getByRole('alert').getByText('Tipo di file non accettato.').waitFor();
    t.match(await page.getByRole('alert').innerText(), /Allega foto o PDF: content is not image\/png/, "the server's refusal (415) is shown, naming the control");
    t.equal(server.memory.sent.length, before, 'nothing was sent');
    await page.getByLabel('Risposta', { exact: true }).fill('Ecco la mappa degli uffici');
    await attach.setInputFiles({ name: 'mappa.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('mappa.png inviato al cittadino.').first().waitFor();
    const sent = server.memory.sent.slice(before).filter((s) => s.ref.chatId === 'c1').map((s) => s.message);
    t.same(sent.map((m) => [m.attachment?.kind, m.attachment?.media.fileName, m.attachment?.media.mimeType]), [['image', 'mappa.png', 'image/png']], "the image reached the citizen's chat");
    t.equal(textOf(sent), 'Ecco la mappa degli uffici', 'with the reply text as its caption');
    t.same(Buffer.from(await sent[0]!.attachment!.media.read()), PNG, 'the bytes the operator chose');
    t.equal(await page.getByLabel('Risposta', { exact: true }).inputValue(), '', 'the reply box is emptied');
    await page.getByRole('img', { name: /Foto inviata da: Operatore/ }).waitFor();
    t.pass('the image shows in the thread');
    await server.memory.say(server.tenant, 'c1', 'Vorrei sapere della TARI');
    await page.getByText('Vorrei sapere della TARI').waitFor();
    t.pass("the citizen's next message appeared live");
    t.same(await axeViolations(page), [], 'conversation page: axe clean');
    t.same(errors, [], 'no uncaught errors in the page');
  });
}
