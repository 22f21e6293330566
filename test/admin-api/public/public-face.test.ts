import t from 'tap';
import { Category, Notice, Tenant } from '../../../core/internal.js';
import { build, type AdminTestApp } from '../../helpers/app.js';
import { child, children, parseXml } from '../../helpers/xml.js';

const EVIL = 'Strada <chiusa> & "deviata" \u0007';

/** Sent notices (one with an image and a PDF, one in another category) and one of every unsent status. */
async function seed(app: AdminTestApp) {
  const { campanile } = app;
  const tenant = campanile.defaultTenant;
  const em = campanile.services.tenants.scopedEm(tenant.id);
  const mobilita = await em.findOneOrFail(Category, { key: 'mobilita' });
  const eventi = await em.findOneOrFail(Category, { key: 'eventi' });
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('public face')]);
  const image = await campanile.notifications.media.upload(tenant.id, png, 'image/png', 'strada.png');
  const pdf = await campanile.notifications.media.upload(tenant.id, Buffer.from('%PDF-1.4\n%public face\n'), 'application/pdf', 'ordinanza.pdf');
  const base = { tenant: tenant.id, priority: 'normal' } as const;
  const sent = em.create(Notice, { ...base, category: mobilita, title: EVIL, text: 'Via Roma chiusa.\n\nDeviazione per via Verdi.', status: 'sent', sentAt: new Date('2026-11-20T10:00:00Z'), imageMediaId: image.id, documentMediaId: pdf.id, linkUrl: 'https://example.org/ordinanza?a=1&b=2' });
  const party = em.create(Notice, { ...base, category: eventi, title: 'Sagra del paese', text: 'Sabato in piazza.', status: 'sent', sentAt: new Date('2026-11-21T10:00:00Z') });
  const hidden = {
    draft: em.create(Notice, { ...base, category: mobilita, title: 'BOZZA segreta', text: 'non ancora', status: 'draft' }),
    scheduled: em.create(Notice, { ...base, category: mobilita, title: 'PROGRAMMATO segreto', text: 'domani', status: 'scheduled', scheduledAt: new Date('2027-01-01T10:00:00Z') }),
    cancelled: em.create(Notice, { ...base, category: eventi, title: 'ANNULLATO segreto', text: 'annullato', status: 'cancelled', imageMediaId: image.id }),
    sending: em.create(Notice, { ...base, category: eventi, title: 'INVIO in corso', text: 'in corso', status: 'sending' }),
  };
  await em.flush();
  return { sent, party, hidden, image, pdf };
}

const HIDDEN = /BOZZA|PROGRAMMATO|ANNULLATO|INVIO in corso/;

t.test('RSS 2.0 and Atom feeds: well-formed, required elements, enclosures, per category, escaped', async (t) => {
  const app = await build(t);
  const { sent, party, image } = await seed(app);
  const get = (url: string) => app.fastify.inject({ method: 'GET', url });

  const rssResponse = await get(`/public/${app.tenant}/feed.rss`);
  t.equal(rssResponse.statusCode, 200);
  t.match(rssResponse.headers['content-type'], /^application\/rss\+xml/);
  t.notOk(rssResponse.headers['set-cookie'], 'no cookie');
  const rss = parseXml(rssResponse.body);
  t.equal(rss.name, 'rss');
  t.equal(rss.attributes.version, '2.0');
  const channel = child(rss, 'channel');
  t.equal(child(channel, 'title').text, 'Avvisi del Comune di Esempio', 'channel title');
  t.match(child(channel, 'link').text, new RegExp(`/public/${app.tenant}$`), 'channel link');
  t.ok(child(channel, 'description').text.length > 0, 'channel description');
  t.equal(child(channel, 'atom:link').attributes.rel, 'self');
  const items = children(channel, 'item');
  t.equal(items.length, 2, 'only the two sent notices');
  t.equal(child(items[0]!, 'title').text, 'Sagra del paese', 'newest first');
  const road = items[1]!;
  t.equal(child(road, 'title').text, 'Strada <chiusa> & "deviata" ', 'the title round-trips through escaping; the control character is dropped');
  t.match(child(road, 'link').text, new RegExp(`/public/${app.tenant}/notices/${sent.id}$`));
  t.equal(child(road, 'guid').attributes.isPermaLink, 'true');
  t.equal(new Date(child(road, 'pubDate').text).toISOString(), '2026-11-20T10:00:00.000Z', 'pubDate is an RFC 822 date');
  const enclosure = child(road, 'enclosure').attributes;
  t.match(enclosure.url, new RegExp(`/notices/${sent.id}/image$`));
  t.equal(enclosure.type, 'image/png');
  t.equal(Number(enclosure.length), image.size, 'enclosure length is the file size');
  t.match(child(road, 'description').text, new RegExp(`Documento allegato \\(PDF\\): \\S+/notices/${sent.id}/document`), 'the PDF as a link');
  t.match(child(road, 'description').text, /https:\/\/example\.org\/ordinanza\?a=1&b=2/, 'the link, unescaped after parsing');
  t.notMatch(rssResponse.body, HIDDEN, 'no unsent notice in RSS');

  const atomResponse = await get(`/public/${app.tenant}/feed.atom`);
  t.equal(atomResponse.statusCode, 200);
  t.match(atomResponse.headers['content-type'], /^application\/atom\+xml/);
  const feed = parseXml(atomResponse.body);
  t.equal(feed.name, 'feed');
  t.equal(feed.attributes.xmlns, 'http://www.w3.org/2005/Atom');
  t.ok(child(feed, 'id').text.length > 0, 'feed id');
  t.ok(child(feed, 'title').text.length > 0, 'feed title');
  t.equal(child(feed, 'updated').text, party.sentAt!.toISOString(), 'feed updated = newest entry');
  t.equal(child(child(feed, 'author'), 'name').text, 'Comune di Esempio', 'feed author');
  t.ok(children(feed, 'link').some((l) => l.attributes.rel === 'self' && l.attributes.href === child(feed, 'id').text), 'rel=self');
  const entries = children(feed, 'entry');
  t.equal(entries.length, 2);
  for (const entry of entries) {
    t.ok(child(entry, 'id').text && child(entry, 'title').text && !Number.isNaN(Date.parse(child(entry, 'updated').text)), 'entry id, title, updated');
    t.ok(children(entry, 'link').some((l) => l.attributes.rel === 'alternate'), 'entry alternate link');
  }
  const roadEntry = entries[1]!;
  const links = children(roadEntry, 'link');
  t.ok(links.some((l) => l.attributes.rel === 'enclosure' && l.attributes.type === 'image/png' && l.attributes.length === String(image.size)), 'image enclosure');
  t.ok(links.some((l) => l.attributes.rel === 'related' && l.attributes.type === 'application/pdf'), 'the PDF as a related link');
  t.notMatch(atomResponse.body, HIDDEN, 'no unsent notice in Atom');

  const eventsOnly = parseXml((await get(`/public/${app.tenant}/feed.atom?category=eventi`)).body);
  t.same(children(eventsOnly, 'entry').map((e) => child(e, 'title').text), ['Sagra del paese'], 'a category feed has only its notices');
  t.match(child(eventsOnly, 'title').text, /Eventi/);
  const emptyCategory = parseXml((await get(`/public/${app.tenant}/feed.rss?category=protezione-civile`)).body);
  t.equal(children(child(emptyCategory, 'channel'), 'item').length, 0, 'an empty category is an empty, valid feed');

  t.equal((await get(`/public/${app.tenant}/feed.rss?category=nonesiste`)).statusCode, 404, 'unknown category: 404');
  t.equal((await get(`/public/${app.tenant}/feed.rss?category=NO%20WAY`)).statusCode, 400, 'malformed category: 400');
  t.equal((await get('/public/nessuno/feed.rss')).statusCode, 404, 'unknown comune: 404');
});

t.test('archive page, permalink with Open Graph, media: only sent notices, escaped', async (t) => {
  const app = await build(t);
  const { sent, hidden, pdf } = await seed(app);
  const get = (url: string) => app.fastify.inject({ method: 'GET', url });

  const archive = await get(`/public/${app.tenant}`);
  t.equal(archive.statusCode, 200);
  t.match(archive.headers['content-type'], /^text\/html/);
  t.match(archive.body, /<html lang="it">/);
  t.match(archive.body, /Strada &lt;chiusa&gt; &amp; &quot;deviata&quot;/, 'titles escaped');
  t.notMatch(archive.body, /<chiusa>/);
  t.match(archive.body, /Sagra del paese/);
  t.match(archive.body, /rel="alternate" type="application\/rss\+xml"/, 'the feed is announced');
  t.notMatch(archive.body, HIDDEN, 'no unsent notice on the archive page');
  const category = await get(`/public/${app.tenant}?category=eventi`);
  t.match(category.body, /Sagra del paese/);
  t.notMatch(category.body, /Strada/, 'the category page lists only its notices');
  t.match(category.body, /aria-current="page"[^>]*>Eventi|href="[^"]*category=eventi" aria-current="page"/, 'the current category is marked');

  const permalink = await get(`/public/${app.tenant}/notices/${sent.id}`);
  t.equal(permalink.statusCode, 200);
  t.match(permalink.body, /<meta property="og:title" content="Strada &lt;chiusa&gt; &amp; &quot;deviata&quot; ">/, 'og:title, escaped');
  t.match(permalink.body, /<meta property="og:type" content="article">/);
  t.match(permalink.body, new RegExp(`<meta property="og:url" content="[^"]*/public/${app.tenant}/notices/${sent.id}">`));
  t.match(permalink.body, new RegExp(`<meta property="og:image" content="[^"]*/notices/${sent.id}/image">`));
  t.match(permalink.body, /<meta property="og:description" content="Via Roma chiusa\. Deviazione per via Verdi\.">/);
  t.match(permalink.body, /href="https:\/\/example\.org\/ordinanza\?a=1&amp;b=2"/, 'the link, attribute-escaped');

  const image = await get(`/public/${app.tenant}/notices/${sent.id}/image`);
  t.equal(image.statusCode, 200);
  t.equal(image.headers['content-type'], 'image/png');
  const document = await get(`/public/${app.tenant}/notices/${sent.id}/document`);
  t.equal(document.headers['content-type'], 'application/pdf');
  t.equal(Number(document.headers['content-length']), pdf.size);

  for (const [status, notice] of Object.entries(hidden)) {
    t.equal((await get(`/public/${app.tenant}/notices/${notice.id}`)).statusCode, 404, `a ${status} notice has no permalink`);
  }
  t.equal((await get(`/public/${app.tenant}/notices/${hidden.cancelled.id}/image`)).statusCode, 404, 'nor its image');
  t.equal((await get(`/public/${app.otherTenant}/notices/${sent.id}`)).statusCode, 404, 'another comune does not show it');
});

t.test('widget: script and data, CORS open, no cookies, latest N, category, unsent never', async (t) => {
  const app = await build(t);
  const { party } = await seed(app);
  const get = (url: string) => app.fastify.inject({ method: 'GET', url, headers: { origin: 'https://www.comune.esempio.it' } });

  const script = await get(`/public/${app.tenant}/notices.js`);
  t.equal(script.statusCode, 200);
  t.match(script.headers['content-type'], /^text\/javascript/);
  t.notMatch(script.body, /document\.cookie|localStorage|sessionStorage/, 'the script keeps nothing');
  t.match(script.body, /credentials: 'omit'/);

  const data = await get(`/public/${app.tenant}/notices.json?limit=1`);
  t.equal(data.statusCode, 200);
  t.equal(data.headers['access-control-allow-origin'], '*');
  t.notOk(data.headers['set-cookie']);
  const body = data.json() as { notices: { id: number; title: string }[]; texts: { heading: string } };
  t.same(body.notices.map((n) => n.id), [party.id], 'the latest one');
  t.equal(body.texts.heading, 'Ultimi avvisi del Comune di Esempio');
  const all = await get(`/public/${app.tenant}/notices.json?limit=20`);
  t.equal((all.json() as { notices: unknown[] }).notices.length, 2);
  t.notMatch(all.body, HIDDEN, 'no unsent notice in the widget data');
  const mobility = await get(`/public/${app.tenant}/notices.json?category=mobilita`);
  t.same((mobility.json() as { notices: { title: string }[] }).notices.map((n) => n.title), ['Strada <chiusa> & "deviata" \u0007'], 'JSON carries the title as is; the widget sets it as text');
  t.equal((await get(`/public/${app.tenant}/notices.json?limit=99`)).statusCode, 400, 'limit is 1-20');
});

t.test('a comune switches its public archive off: every public address answers 404', async (t) => {
  const app = await build(t);
  const { sent } = await seed(app);
  const em = app.campanile.db.em.fork();
  const row = await em.findOneOrFail(Tenant, { id: app.campanile.defaultTenant.id });
  row.settings = { ...row.settings, public: { archive: false } };
  await em.flush();
  for (const path of ['', '/feed.rss', '/feed.atom', '/notices.json', '/notices.js', `/notices/${sent.id}`, `/notices/${sent.id}/image`]) {
    t.equal((await app.fastify.inject({ method: 'GET', url: `/public/${app.tenant}${path}` })).statusCode, 404, `/public/${app.tenant}${path}`);
  }
  t.equal((await app.fastify.inject({ method: 'GET', url: `/public/${app.otherTenant}/feed.rss` })).statusCode, 200, 'another comune is not affected');
});

t.test('the public settings route: mayor switches the archive off and sets the colour; editors read; checks input and comune', async (t) => {
  const app = await build(t);
  const url = `/api/v1/tenants/${app.tenant}/settings/public`;
  const mayor = await app.injectAs('mayor');
  const editor = await app.injectAs('editor');
  t.same((await editor({ method: 'GET', url })).json(), { archive: true, colour: '#0b5394', logoUrl: null }, 'defaults');
  t.equal((await editor({ method: 'PATCH', url, payload: { archive: false } })).statusCode, 403, 'an editor cannot switch it');
  t.equal((await app.fastify.inject({ method: 'PATCH', url, payload: { archive: false } })).statusCode, 401, 'nor can a stranger');
  t.equal((await mayor({ method: 'PATCH', url, payload: {} })).statusCode, 400, 'an empty change is refused');
  t.equal((await mayor({ method: 'PATCH', url, payload: { colour: 'red' } })).statusCode, 400, 'a colour must be #rrggbb');
  t.equal((await mayor({ method: 'PATCH', url, payload: { logoUrl: 'http://insecure.example/logo.png' } })).statusCode, 400, 'the logo must be https');
  const changed = await mayor({ method: 'PATCH', url, payload: { archive: false, colour: '#006633', logoUrl: 'https://example.org/stemma.png' } });
  t.equal(changed.statusCode, 200);
  t.same(changed.json(), { archive: false, colour: '#006633', logoUrl: 'https://example.org/stemma.png' });
  t.equal((await app.fastify.inject({ method: 'GET', url: `/public/${app.tenant}` })).statusCode, 404, 'the archive is off at once');
  t.equal((await (await app.injectAs('mayor', app.otherTenant))({ method: 'GET', url })).statusCode, 404, "another comune's mayor does not see it");
  await mayor({ method: 'PATCH', url, payload: { archive: true } });
  const page = await app.fastify.inject({ method: 'GET', url: `/public/${app.tenant}` });
  t.equal(page.statusCode, 200, 'back on');
  t.match(page.body, /header \{ background: #006633; color: #ffffff;/, 'the comune colour, with readable text');
  t.match(page.body, /<img src="https:\/\/example\.org\/stemma\.png" alt="Stemma del Comune di Esempio" class="logo">/, 'the logo with its alt text');
});
