import Fastify from 'fastify';
import QRCode from 'qrcode';
import t, { type Test } from 'tap';
import { TelegramAdapter } from '../../../adapters/telegram/index.js';
import { qrPath } from '../../../adapters/telegram/qr.js';
import { WebchatAdapter } from '../../../adapters/webchat/index.js';
import { WhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import app from '../../../admin-api/app.js';
import { Category, Notice, Tenant } from '../../../core/internal.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, textOf } from '../../helpers/campanile.js';
import { axeViolations, hasChromium, launchBrowser, NO_CHROMIUM } from '../../helpers/browser.js';
import { createFakeTelegram } from '../../fakes/telegram/index.js';
import { FakeGraphApi } from '../../fakes/whatsapp/fake-graph-api.js';

const TOKEN = '123456:TEST-token';

/** The real app with Telegram (fake Bot API, bot @ComuneEsempioBot… as the fake names it), WhatsApp with its display number, and the web chat. */
async function joinApp(t: Test) {
  const fake = await createFakeTelegram({ token: TOKEN, limits: false });
  const telegram = new TelegramAdapter({ tenant: 'esempio', token: TOKEN, apiRoot: fake.apiRoot });
  const graph = await FakeGraphApi.start(t, { token: 'wa-token', phoneNumberId: '106540352242922' });
  const whatsapp = new WhatsAppAdapter({ token: 'wa-token', phoneNumberId: '106540352242922', appSecret: 's', verifyToken: 'v', apiRoot: graph.apiRoot, displayNumber: '39 333 123 4567' });
  const webchat = new WebchatAdapter({ secret: 'a-test-secret-of-at-least-32-characters!', mediaDir: mkdtempSync(join(tmpdir(), 'campanile-join-')) });
  const built = await buildApp(t, { adapters: [{ adapter: telegram, tenant: 'esempio' }, { adapter: whatsapp }, { adapter: webchat }] });
  t.teardown(() => fake.close());
  const fastify = Fastify();
  await fastify.register(app, { campanile: built.app, env: { } });
  t.teardown(() => fastify.close());
  return { ...built, fastify, telegram };
}

/** The join links on the page, by channel. */
function linksOf(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<section class="channel" data-channel="([^"]+)">[\s\S]*?<a href="([^"]+)" class="join-link">/g)) out[m[1]!] = m[2]!.replace(/&amp;/g, '&');
  return out;
}

t.test('the join page lists every channel with its link and a QR code of exactly that link; a category binds them', async (t) => {
  const { fastify, telegram, memory, tenant } = await joinApp(t);
  const page = await fastify.inject({ method: 'GET', url: '/join/esempio' });
  t.equal(page.statusCode, 200);
  t.notOk(page.headers['set-cookie']);
  const links = linksOf(page.body);
  t.same(Object.keys(links).sort(), ['telegram', 'webchat', 'whatsapp'], 'every channel with a join link (the memory test channel has none)');
  t.equal(links.telegram, `https://t.me/${telegram.username}`, 'Telegram deep link');
  t.equal(links.whatsapp, `https://wa.me/393331234567?text=${encodeURIComponent('Ciao! Vorrei ricevere gli avvisi')}`, 'wa.me with the prefilled greeting');
  t.match(links.webchat, /^http:\/\/localhost(:\d+)?\/chat\/esempio$/, 'the web chat page');
  for (const url of Object.values(links)) {
    const expected = (await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })).replace(/^<\?xml[^>]*>\s*/, '');
    const path = /<path[^>]*d="([^"]+)"/.exec(expected)![1]!;
    t.ok(page.body.includes(path), `the QR code on the page encodes ${url}`);
  }
  t.match(page.body, /role="img" aria-label="Codice QR per Telegram: https:\/\/t\.me\//, 'each QR code has a text alternative');

  const bound = await fastify.inject({ method: 'GET', url: '/join/esempio?category=eventi' });
  const eventi = linksOf(bound.body);
  t.equal(eventi.telegram, `https://t.me/${telegram.username}?start=cat_eventi`);
  t.equal(eventi.whatsapp, `https://wa.me/393331234567?text=${encodeURIComponent('Ciao! Vorrei ricevere gli avvisi #eventi')}`);
  t.match(eventi.webchat, /\/chat\/esempio\?start=cat_eventi$/);
  t.match(bound.body, /iscrivono direttamente alla categoria Eventi/);

  // The WhatsApp link's prefilled text, sent as the first message, subscribes to the category.
  const text = decodeURIComponent(new URL(eventi.whatsapp!).searchParams.get('text')!);
  const replies = await memory.say(tenant, 'wa-join', text);
  t.match(textOf(replies), /iscritto alla categoria Eventi/, 'the keyword carried by the link pre-selects the category');

  t.equal((await fastify.inject({ method: 'GET', url: '/join/esempio?category=nonesiste' })).statusCode, 404);
  t.equal((await fastify.inject({ method: 'GET', url: '/join/esempio?category=NO%20WAY' })).statusCode, 400);
  t.equal((await fastify.inject({ method: 'GET', url: '/join/nessuno' })).statusCode, 404);
});

t.test('posters: one channel or all together, A4, each QR encodes its link; German for a German comune', async (t) => {
  const { fastify, app: campanile } = await joinApp(t);
  const one = await fastify.inject({ method: 'GET', url: '/join/esempio/poster.svg?channel=whatsapp&category=eventi' });
  t.equal(one.statusCode, 200);
  t.match(one.headers['content-type'], /^image\/svg\+xml/);
  t.match(one.body, /width="210mm" height="297mm"/, 'A4');
  const urls = [...one.body.matchAll(/data-url="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  t.same(urls, [`https://wa.me/393331234567?text=${encodeURIComponent('Ciao! Vorrei ricevere gli avvisi #eventi')}`], 'only WhatsApp');
  t.ok(one.body.includes(qrPath(urls[0]!).path), 'its QR modules encode the link');
  t.match(one.body, /Argomento: Eventi/);

  const all = await fastify.inject({ method: 'GET', url: '/join/esempio/poster' });
  t.equal(all.statusCode, 200);
  t.match(all.body, /@page \{ size: A4; margin: 0; \}/);
  const every = [...all.body.matchAll(/data-url="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
  t.equal(every.length, 3, 'all three channels on one poster');
  for (const url of every) t.ok(all.body.includes(qrPath(url).path), `QR of ${url}`);
  t.equal((await fastify.inject({ method: 'GET', url: '/join/esempio/poster.svg?channel=messenger' })).statusCode, 404, 'a channel without a link: 404');

  // A German-speaking comune: the page and posters in German by default, Italian on request.
  const em = campanile.db.em.fork();
  const row = await em.findOneOrFail(Tenant, { slug: 'esempio' });
  row.locales = ['de', 'it'];
  await em.flush();
  campanile.services.tenants.invalidate('esempio');
  const german = await fastify.inject({ method: 'GET', url: '/join/esempio/poster.svg' });
  t.match(german.body, /Mitteilungen der Gemeinde erhalten/);
  const page = await fastify.inject({ method: 'GET', url: '/join/esempio' });
  t.match(page.body, /<html lang="de">/);
  t.match(page.body, /Hallo!%20Ich%20m%C3%B6chte%20die%20Mitteilungen%20erhalten/, 'the WhatsApp greeting in German too');
  t.match((await fastify.inject({ method: 'GET', url: '/join/esempio?lang=it' })).body, /<html lang="it">/);
});

t.test('the join page and the archive in Chromium: links and QR codes shown, no serious or critical axe issue', { skip: hasChromium() ? false : NO_CHROMIUM }, async (t) => {
  const { fastify, app: campanile } = await joinApp(t);
  const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  await page.goto(`${address}/join/esempio?category=eventi`);
  t.equal(await page.locator('section.channel').count(), 3, 'three channels');
  t.equal(await page.locator('svg.qr[role="img"]').count(), 3, 'three QR codes');
  t.same(await axeViolations(page), [], 'join page: axe clean');
  await page.goto(`${address}/public/esempio`);
  t.same(await axeViolations(page), [], 'archive page: axe clean');

  // The widget on a page of another origin (the comune's own site): the latest notices, no cookies.
  const em = campanile.services.tenants.scopedEm(campanile.defaultTenant.id);
  const eventi = await em.findOneOrFail(Category, { key: 'eventi' });
  em.create(Notice, { tenant: campanile.defaultTenant.id, category: eventi, title: 'Sagra <b>del</b> paese', text: 'Sabato', status: 'sent', sentAt: new Date('2026-11-21T10:00:00Z'), priority: 'normal' });
  em.create(Notice, { tenant: campanile.defaultTenant.id, category: eventi, title: 'BOZZA segreta', text: 'no', status: 'draft', priority: 'normal' });
  await em.flush();
  const site = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><html lang="it"><head><title>Comune di Esempio</title></head><body><main><h1>Il Comune</h1>
<script src="${address}/public/esempio/notices.js" data-category="eventi" data-limit="3"></script></main></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { site.closeAllConnections(); site.close(); });
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  t.not(new URL(siteUrl).origin, new URL(address).origin, 'another origin');
  const problems: string[] = [];
  page.on('console', (m) => problems.push(m.text()));
  page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));
  await page.goto(siteUrl);
  await page.locator('.campanile-notices li').first().waitFor({ timeout: 10_000 }).catch(() => t.fail(`the widget did not render: ${problems.join('; ')}`));
  t.same(await page.locator('.campanile-notices li a').allTextContents(), ['Sagra <b>del</b> paese'], 'the sent notice, its title as text (no HTML injected)');
  t.equal(await page.locator('.campanile-notices b').count(), 0);
  t.equal(await page.locator('.campanile-notices h2').textContent(), 'Ultimi avvisi del Comune di Esempio');
  t.same(await browser.cookies(), [], 'no cookie on either origin');
  t.same(await axeViolations(page), [], 'the host page with the widget: axe clean');
});
