// The audience numbers and a notice's outcome in real Chromium: the dashboard charts followers per day
// with the same figures in its data table, the notice page shows the outcome per channel and the people
// it did not reach with a CSV link that downloads the list; the numbers match the database; axe is clean.
import t from 'tap';
import { Delivery, noticeNotReached, sqlRunner } from '../../core/internal.js';
import { startAdminUi, signIn } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';
import { categories, untilEvent } from '../helpers/notifications.js';

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('dashboard audience chart + table, notice outcome per channel and not-reached CSV', async (t) => {
    const server = await startAdminUi(t);
    const { app, memory, tenant } = server;
    const cats = await categories(app);
    for (const chat of ['1', '2', '3']) await memory.say(tenant, chat, '/start cat_eventi');
    await memory.press(tenant, '3', `base:toggle:${cats.mobilita}`);
    await app.services.audience.runOnce(new Date());
    memory.scriptResults('2', { status: 'recipient-gone', reason: 'blocked' });
    const notice = await app.notifications.notices.create(app.defaultTenant, { categoryKey: 'eventi', title: 'Concerto in piazza', text: 'Sabato alle 21.' });
    const sent = untilEvent(app, 'notice:sent', (e) => e.noticeId === notice.id);
    await app.notifications.notices.send(app.defaultTenant, notice.id);
    await sent;

    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, server, await server.user('mayor'));

    await page.getByRole('heading', { level: 2, name: 'Persone che seguono il Comune' }).waitFor();
    t.match(await page.locator('#audience-summary').innerText(), /^3 persone collegate; 3 arrivate e 0 uscite dal .+\.$/);
    t.equal(await page.locator('section[aria-labelledby="audience"] svg rect.bar').count(), 1, 'one bar per rolled day');
    await page.getByText('Mostra i dati in tabella').first().click();
    const cells = await page.locator('#audience-table tbody tr td').allInnerTexts();
    t.same(cells, ['3', '3', '0'], 'the data table behind the chart: followers, joins, leaves');
    t.same(await axeViolations(page), [], 'dashboard: no serious or critical axe issue');

    await page.goto(`${server.base}/admin/#/notices/${notice.id}`);
    await page.getByRole('heading', { level: 2, name: 'Esito per canale' }).waitFor();
    const outcome = await page.locator('#outcome-table tbody tr').first().locator('td').allInnerTexts();
    t.same(outcome, ['2', '0', '1', '0', '0'], 'memory: 2 delivered, 1 blocked');
    const rows = await app.db.em.fork().count(Delivery, { notice: notice.id, state: 'sent' }, { filters: false });
    t.equal(rows, 2, 'the page matches the database');
    const missed = await noticeNotReached(sqlRunner(app.db), app.defaultTenant.id, notice.id, { limit: 10 });
    t.same(await page.locator('#not-reached-table tbody td code').allInnerTexts(), missed.items.map((i) => i.shortId), 'the not-reached list shows the short ids');
    t.match(await page.locator('#not-reached-table tbody td').nth(2).innerText(), /bloccato il bot/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#not-reached-csv').click()]);
    t.match(download.suggestedFilename(), /^avviso-\d+-non-raggiunti\.csv$/);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(path, 'utf8');
    t.match(csv, new RegExp(`^channel,short_id,status,since\\r\\nmemory,${missed.items[0]!.shortId},blocked,`), 'the CSV downloads with the session cookie');
    t.same(await axeViolations(page), [], 'notice page: no serious or critical axe issue');
    t.same(errors, [], 'no page error');
  });
}
