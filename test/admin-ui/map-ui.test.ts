// The shared map (admin-api/ui/js/map.js) in real Chromium, offline: every tile request is refused, and
// the reports map and the tasks map still draw their seeded points as markers and clusters, a popup links
// to the detail page, every point is also in the list, Leaflet is served from /admin/vendor/ under the
// strict CSP (no violation reported), and axe finds no serious or critical issue on either map page.
import t from 'tap';
import { startAdminUi, signIn, type AdminUiServer } from '../helpers/admin-ui.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';
import { textOf } from '../helpers/campanile.js';
import { sendLocation } from '../helpers/report-inbound.js';

type Page = import('playwright-core').Page;

/** A report made through the chat dialog, without media; returns its public code. */
async function report(server: AdminUiServer, chat: string, text: string, lat: number, lon: number): Promise<string> {
  const { memory, tenant } = server;
  await memory.say(tenant, chat, '/segnala');
  await memory.press(tenant, chat, 'reports:cat:strade');
  await memory.say(tenant, chat, text);
  await sendLocation(memory, tenant, chat, lat, lon);
  await memory.press(tenant, chat, 'reports:media-done');
  const code = /S-\d{4}-\d{5}/.exec(textOf(await memory.press(tenant, chat, 'reports:confirm')))?.[0];
  if (!code) throw new Error('the report was not confirmed');
  return code;
}

/** Refuses every tile (as with no network) and counts the attempts. */
async function offline(page: Page): Promise<{ tiles: number }> {
  const seen = { tiles: 0 };
  await page.route('https://tile.openstreetmap.org/**', async (route) => { seen.tiles += 1; await route.abort('internetdisconnected'); });
  return seen;
}

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test('reports and tasks maps: markers and clusters with no tiles, popup to the detail, list fallback, axe clean', async (t) => {
    const server = await startAdminUi(t);
    // Two reports 220 m apart in Turin (one cluster at the fitted zoom) and one in Rome (a lone marker).
    await report(server, '1', 'Buca in via Roma', 45.07, 7.68);
    await report(server, '2', 'Tombino rotto in via Po', 45.072, 7.68);
    const rome = await report(server, '3', 'Lampione spento al Colosseo', 41.89, 12.49);
    const email = await server.user('superadmin');
    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const seen = await offline(page);
    await signIn(page, server, email);

    await page.getByRole('link', { name: 'Segnalazioni' }).click();
    await page.getByRole('heading', { level: 1, name: 'Segnalazioni' }).waitFor();
    await page.getByRole('navigation', { name: 'Vista' }).getByRole('link', { name: 'Mappa' }).click();
    await page.locator('.map-cluster').first().waitFor();
    t.equal(await page.locator('.map-cluster').count(), 1, 'the two close reports make one cluster');
    t.match(await page.locator('.map-cluster').innerText(), /^2$/m, 'the cluster counts two reports');
    t.equal(await page.locator('.map-cluster').getAttribute('role'), 'button', 'the cluster is a keyboard-reachable button');
    t.equal(await page.locator('.map-cluster').getAttribute('tabindex'), '0', 'in the tab order');
    const lone = page.getByRole('button', { name: rome });
    t.equal(await lone.count(), 1, 'the report in Rome is a marker named by its code');
    t.equal(await page.locator('.map-list li').count(), 3, 'every report is also in the list');
    t.ok(seen.tiles > 0, `tiles were asked for and refused (${seen.tiles}), the markers drew regardless`);
    t.match(await page.locator('.leaflet-control-attribution').innerText(), /© OpenStreetMap contributors/, 'the tile attribution is shown');
    t.same(await axeViolations(page), [], 'reports map: axe clean');

    // Keyboard: Enter on the marker opens its popup with the focus on the link to the detail.
    await lone.focus();
    await page.keyboard.press('Enter');
    const link = page.locator('.leaflet-popup .map-popup a');
    await link.waitFor();
    t.equal(await link.innerText(), rome, 'the popup names the report');
    t.ok(await link.evaluate((a) => a === a.ownerDocument.activeElement), 'the focus is on the popup link');
    t.equal(await page.locator('.leaflet-popup-close-button').getAttribute('aria-label'), 'Chiudi', 'the close button is labelled in Italian');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: new RegExp(rome) }).waitFor();
    t.match(await page.locator('main').innerText(), /Lampione spento al Colosseo/, 'the popup link opens the detail of that report');

    // Filters reach the map: a text search leaves only the Rome report.
    await page.goto(`${server.base}/admin/#/reports?view=map&q=Colosseo`);
    await page.locator('.map-list li').first().waitFor();
    t.equal(await page.locator('.map-list li').count(), 1, 'the list filter narrows the map');
    t.equal(await page.locator('.map-cluster').count(), 0, 'no cluster is left');

    // Tasks: a group and two open tasks with a position, created through the API.
    const slug = server.tenant;
    const made = await page.evaluate(async (slug) => {
      const post = async (path: string, body: unknown) => (await fetch(`/api/v1/tenants/${slug}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
      const group = await post('/staff/groups', { name: 'Squadra manutenzioni' }) as { id: number };
      const one = await post('/tasks/tasks', { title: 'Sfalcio aiuole', description: '', priority: 'normal', groupIds: [group.id], dueAt: null, address: 'Piazza Castello', latitude: 45.0712, longitude: 7.6854 }) as { task: { id: number } };
      const two = await post('/tasks/tasks', { title: 'Ramo caduto', description: '', priority: 'urgent', groupIds: [group.id], dueAt: null, address: null, latitude: 40.85, longitude: 14.27 }) as { task: { id: number } };
      return [one.task.id, two.task.id];
    }, slug);
    t.equal(made.length, 2, 'two tasks created');
    await page.getByRole('link', { name: 'Compiti' }).click();
    await page.getByRole('heading', { level: 1, name: 'Compiti' }).waitFor();
    await page.getByRole('navigation', { name: 'Vista' }).getByRole('link', { name: 'Mappa' }).click();
    await page.getByRole('button', { name: 'Ramo caduto' }).waitFor();
    t.equal(await page.locator('.leaflet-marker-icon:not(.map-cluster)').count(), 2, 'both open tasks are markers');
    t.equal(await page.locator('.map-list li').count(), 2, 'and both are in the list');
    t.same(await axeViolations(page), [], 'tasks map: axe clean');
    await page.getByRole('button', { name: 'Sfalcio aiuole' }).click();
    await page.locator('.leaflet-popup .map-popup a').click();
    await page.getByRole('heading', { level: 1, name: /Sfalcio aiuole/ }).waitFor();
    t.match(page.url(), new RegExp(`#/tasks/${made[0]}$`), 'the task popup links to its detail page');
    t.same(errors, [], 'no page errors');
  });

  t.test('the map works under the enforced CSP: Leaflet from /admin/vendor/, no violation', async (t) => {
    const server = await startAdminUi(t);
    await report(server, '1', 'Buca in via Roma', 45.07, 7.68);
    const email = await server.user('operator');
    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 }, bypassCSP: false });
    const page = await context.newPage();
    // Init scripts run whatever the CSP: this one records every violation the page reports.
    await page.addInitScript({ content: 'window.cspViolations = []; document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));' });
    const vendor: string[] = [];
    page.on('response', (r) => { if (r.url().includes('/admin/vendor/')) vendor.push(`${r.status()} ${new URL(r.url()).pathname}`); });
    await offline(page);
    await signIn(page, server, email);
    const headers = (await page.request.get(`${server.base}/admin/`)).headers();
    t.match(headers['content-security-policy'], /script-src 'self'; style-src 'self'; img-src 'self' blob: data: https:\/\/tile\.openstreetmap\.org;/, 'only the tile server is added, to img-src');
    await page.goto(`${server.base}/admin/#/reports?view=map`);
    await page.locator('.leaflet-marker-icon').first().waitFor();
    t.equal(await page.locator('.leaflet-marker-icon').count(), 1, 'the marker is drawn');
    t.ok(await page.locator('.leaflet-marker-icon').evaluate((img) => { const i = img as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth > 0; }), 'the marker image loaded from the vendor folder');
    t.same(vendor.sort(), ['200 /admin/vendor/leaflet.markercluster/MarkerCluster.css', '200 /admin/vendor/leaflet.markercluster/leaflet.markercluster.js', '200 /admin/vendor/leaflet/images/marker-icon.png', '200 /admin/vendor/leaflet/images/marker-shadow.png', '200 /admin/vendor/leaflet/leaflet.css', '200 /admin/vendor/leaflet/leaflet.js'], 'Leaflet is served locally');
    t.same(await page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations), [], 'no CSP violation');
    const map = await page.request.get(`${server.base}/admin/vendor/leaflet/leaflet.js.map`);
    t.equal(map.status(), 404, 'only what the browser loads is served from the vendor folders');
  });
}
