// "Cerca in quest'area" on the reports map, in real Chromium with every tile refused: the user pans (drags)
// and zooms (mouse wheel) onto one city, presses the button, and the map's list then holds exactly the
// reports inside the bounding box the button put in the address, not the ones outside it.
import t from 'tap';
import { startAdminUi, signIn, type AdminUiServer } from '../helpers/admin-ui.js';
import { hasChromium, launchBrowser, NO_CHROMIUM } from '../helpers/browser.js';
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

/** The zoom level of a tile URL (`…/{z}/{x}/{y}.png`), or -1. */
const tileZoom = (url: string): number => Number(/tile\.openstreetmap\.org\/(\d+)\/\d+\/\d+\.png/.exec(url)?.[1] ?? -1);

/** Refuses every tile (as with no network); remembers the deepest zoom asked for. */
async function offline(page: Page): Promise<{ maxZoom: number }> {
  const seen = { maxZoom: -1 };
  await page.route('https://tile.openstreetmap.org/**', async (route) => {
    seen.maxZoom = Math.max(seen.maxZoom, tileZoom(route.request().url()));
    await route.abort('internetdisconnected');
  });
  return seen;
}

if (!hasChromium()) {
  t.plan(0, NO_CHROMIUM);
} else {
  t.test("pan and zoom onto Rome, press \"Cerca in quest'area\": the list holds only the reports inside the box", async (t) => {
    const server = await startAdminUi(t);
    const places = [
      { text: 'Buca in via Roma', lat: 45.07, lon: 7.68 },
      { text: 'Tombino rotto in via Po', lat: 45.072, lon: 7.68 },
      { text: 'Lampione spento al Colosseo', lat: 41.89, lon: 12.49 },
      { text: 'Cestino pieno in via dei Fori', lat: 41.891, lon: 12.491 },
      { text: 'Marciapiede rotto a Napoli', lat: 40.85, lon: 14.27 },
    ];
    const seeded: { code: string; lat: number; lon: number }[] = [];
    for (const [i, p] of places.entries()) seeded.push({ code: await report(server, String(i + 1), p.text, p.lat, p.lon), lat: p.lat, lon: p.lon });
    const rome = seeded.filter((s) => s.lat < 42 && s.lon < 13).map((s) => s.code).sort();

    const context = await launchBrowser(t, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
    const seen = await offline(page);
    await signIn(page, server, await server.user('operator'));
    await page.goto(`${server.base}/admin/#/reports?view=map`);
    await page.locator('.map-cluster').nth(1).waitFor();
    t.equal(await page.locator('.map-list li').count(), 5, 'all five reports before the search');

    // Pan: drag the map from just below the Rome cluster (the one furthest east of the two) to the centre.
    await page.locator('.map-canvas').scrollIntoViewIfNeeded();
    const canvas = (await page.locator('.map-canvas').boundingBox())!;
    const centre = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
    const clusters = await page.locator('.map-cluster').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; }));
    const romeCluster = clusters.sort((a, b) => b.x - a.x)[0]!;
    await page.mouse.move(romeCluster.x, romeCluster.y + 30);
    await page.mouse.down();
    await page.mouse.move(centre.x, centre.y + 30, { steps: 12 });
    await page.mouse.up();
    // The drag may glide on (Leaflet's inertia): wait until the eastern cluster holds still for 5 frames.
    const settled = await page.evaluate(() => new Promise<{ x: number; y: number }>((resolve) => {
      // The page's globals, typed here: the tests compile without the DOM library.
      type Box = { x: number; y: number; width: number; height: number };
      const win = globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ getBoundingClientRect(): Box }> }; requestAnimationFrame(fn: () => void): number };
      let last = '';
      let still = 0;
      const look = () => {
        const boxes = [...win.document.querySelectorAll('.map-cluster')].map((e) => e.getBoundingClientRect()).sort((a, b) => b.x - a.x);
        const here = boxes[0] ? { x: boxes[0].x + boxes[0].width / 2, y: boxes[0].y + boxes[0].height / 2 } : { x: -1, y: -1 };
        const key = `${here.x},${here.y}`;
        still = key === last ? still + 1 : 0;
        last = key;
        if (still >= 5) resolve(here); else win.requestAnimationFrame(look);
      };
      win.requestAnimationFrame(look);
    }));
    t.ok(Math.abs(settled.x - centre.x) < canvas.width / 4 && Math.abs(settled.y - centre.y) < canvas.height / 4, `the drag brought the Rome cluster near the centre (${Math.round(settled.x - centre.x)}, ${Math.round(settled.y - centre.y)} px off)`);

    // Zoom: the wheel over the Rome cluster (the point under the cursor stays put), a level at a time,
    // each step waiting for the tiles of a deeper level.
    for (let step = 0; seen.maxZoom < 11 && step < 8; step++) {
      const before = seen.maxZoom;
      const deeper = page.waitForRequest((r) => tileZoom(r.url()) > before);
      await page.mouse.move(settled.x, settled.y);
      await page.mouse.wheel(0, -120);
      await deeper;
    }
    t.ok(seen.maxZoom >= 11, `zoomed in to level ${seen.maxZoom}`);

    // One more wheel step, and the button at once: the map leaves the page while Leaflet's wheel debounce,
    // zoom and cluster animations are still due (they threw "_leaflet_pos of undefined" on a removed map).
    await page.mouse.wheel(0, -120);
    await page.getByRole('button', { name: "Cerca in quest'area" }).click();
    await page.getByText("Solo l'area scelta sulla mappa.").waitFor();
    await page.locator('.map-list li').first().waitFor();
    const bbox = new URLSearchParams(page.url().split('?')[1] ?? '').get('bbox');
    t.ok(bbox, `the box is in the address: ${bbox}`);
    const [minLon, minLat, maxLon, maxLat] = bbox!.split(',').map(Number) as [number, number, number, number];
    t.ok(maxLon - minLon < 3 && maxLat - minLat < 1, 'a box of the zoomed view, not the whole country');
    const inside = seeded.filter((s) => s.lon >= minLon && s.lon <= maxLon && s.lat >= minLat && s.lat <= maxLat).map((s) => s.code).sort();
    t.same(inside, rome, 'the box holds the two Rome reports, not Turin or Naples');
    const listed = (await page.locator('.map-list li a').allInnerTexts()).sort();
    t.same(listed, inside, 'the list shows exactly the reports inside the box');
    t.equal(await page.locator('.leaflet-marker-icon').count() > 0, true, 'and the map still draws them with no tiles');

    await page.getByRole('link', { name: 'Tutte le zone' }).click();
    await page.locator('.map-list li').nth(4).waitFor();
    t.equal(await page.locator('.map-list li').count(), 5, '"Tutte le zone" brings every report back');
    t.same(errors, [], 'no page errors');
  });
}
