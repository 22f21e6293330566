import Fastify from 'fastify';
import t from 'tap';
import QRCode from 'qrcode';
import app from '../../../admin-api/app.js';
import { deepLink, posterSvg, qrPath } from '../../../adapters/telegram/index.js';
import { telegramApp } from './telegram-app.js';

t.test('deep links follow Telegram rules', async (t) => {
  t.equal(deepLink('comune_esempio_bot'), 'https://t.me/comune_esempio_bot');
  t.equal(deepLink('comune_esempio_bot', 'cat_protezione-civile'), 'https://t.me/comune_esempio_bot?start=cat_protezione-civile');
  t.throws(() => deepLink('comune_esempio_bot', 'cat eventi'), /A-Z a-z 0-9 _ -/);
  t.throws(() => deepLink('comune_esempio_bot', 'x'.repeat(65)));
  t.throws(() => deepLink('@bot'), /without "@"/);
});

t.test('the poster is a self-contained A4 SVG with the comune, the QR and Italian instructions, escaped', async (t) => {
  const url = 'https://t.me/comune_esempio_bot?start=cat_eventi';
  const svg = posterSvg({ comune: 'Comune di Sant\'Anna <d\'Alfaedo>', url, botUsername: 'comune_esempio_bot', category: 'Eventi & feste' });
  t.match(svg, /width="210mm" height="297mm"/);
  t.match(svg, /Comune di Sant&apos;Anna &lt;d&apos;Alfaedo&gt;/);
  t.match(svg, /Argomento: Eventi &amp; feste/);
  t.match(svg, /Inquadra il codice/);
  t.notMatch(svg, /<d'Alfaedo>/);
  const { size, path } = qrPath(url);
  t.equal(size, QRCode.create(url, { errorCorrectionLevel: 'M' }).modules.size);
  t.ok(svg.includes(path), 'the QR modules are embedded');
});

t.test('QR and poster routes, served through the admin API', async (t) => {
  const { app: campanile, telegram } = await telegramApp(t, { fake: { limits: false } });
  const fastify = Fastify();
  await fastify.register(app, { campanile });
  t.teardown(() => fastify.close());
  t.equal(telegram.deepLink('cat_eventi'), 'https://t.me/campanile_test_bot?start=cat_eventi', 'username from getMe');

  const png = await fastify.inject({ method: 'GET', url: '/qr/telegram/esempio.png?start=cat_eventi' });
  t.equal(png.statusCode, 200);
  t.equal(png.headers['content-type'], 'image/png');
  t.same([...png.rawPayload.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  const svg = await fastify.inject({ method: 'GET', url: '/qr/telegram/esempio.svg' });
  t.equal(svg.headers['content-type'], 'image/svg+xml');
  t.match(svg.body, /^<svg/);
  const poster = await fastify.inject({ method: 'GET', url: '/poster/telegram/esempio?start=cat_eventi&label=Eventi' });
  t.match(poster.headers['content-type'], /text\/html/);
  t.match(poster.body, /Comune di Esempio|Comune di Campanile/);
  t.match(poster.body, /@page \{ size: A4/);
  t.match(poster.body, /start=cat_eventi/);
  const bad = await fastify.inject({ method: 'GET', url: '/qr/telegram/esempio.png?start=no%20spaces' });
  t.equal(bad.statusCode, 400);
});
