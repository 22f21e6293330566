import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { PageContext } from '../../public/archive-pages.js';
import { joinLinks } from '../../public/join-links.js';
import { joinPage, joinPoster } from '../../public/join-pages.js';
import { PublicNotices, type PublicComune } from '../../public/public-notices.js';
import { pageLocale } from '../../public/public-texts.js';
import { publicUrls } from '../../public/public-urls.js';
import { escapeHtml } from '../../public/xml-escape.js';
import { notFound } from '../../errors.js';
import { JoinQuery, nonJson, PosterQuery, publicResponses, PublicParams } from '../../schemas/index.js';

/**
 * How people join a comune, without login: `/join/<comune>` lists every attached channel that has a
 * join link (Telegram deep link, WhatsApp `wa.me` with a prefilled keyword, the web chat, any adapter
 * that implements `joinLink`) with its QR code, and the A4 posters, per channel or all together;
 * `?category=<key>` binds every link to a category. Served even when the public archive is off.
 *
 * @example
 * GET /join/esempio?category=eventi
 * GET /join/esempio/poster.svg?channel=whatsapp&category=eventi
 */
const join: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['public'];
  const notices = new PublicNotices(fastify.campanile);
  const origin = (request: FastifyRequest) => fastify.campanile.config.http.publicUrl ?? `${request.protocol}://${request.host}`;

  const load = async (request: FastifyRequest, slug: string, query: { category?: string; lang?: string }) => {
    const comune: PublicComune | null = await notices.comune(slug, { evenIfArchiveOff: true });
    if (!comune) throw notFound(`Comune "${slug}"`);
    const category = query.category === undefined ? undefined : comune.categories.find((c) => c.key === query.category && c.active);
    if (query.category !== undefined && !category) throw notFound(`Category "${query.category}"`);
    const page: PageContext = { comune, locale: pageLocale(comune.tenant.locales, query.lang), urls: publicUrls(origin(request), comune.tenant.slug) };
    const links = joinLinks(fastify.campanile, comune.tenant.slug, origin(request), page.locale, category);
    return { page, category, links };
  };

  fastify.get('/join/:tenant', {
    schema: { tags, summary: 'The join page: every channel with its link and QR code', security: [], params: PublicParams, querystring: JoinQuery, response: publicResponses({ 200: nonJson('The join page', { 'text/html': Type.String() }) }, [400, 404]) },
  }, async (request, reply) => {
    const { page, category, links } = await load(request, request.params.tenant, request.query);
    const html = await joinPage(page, links, `/join/${encodeURIComponent(page.comune.tenant.slug)}`, category);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(html);
  });

  const poster = async (request: FastifyRequest, slug: string, query: PosterQuery) => {
    const { page, category, links } = await load(request, slug, query);
    const { channel, account } = query;
    const chosen = links.filter((l) => (!channel || l.channel === channel) && (!account || l.account === account));
    if (chosen.length === 0) throw notFound(channel ? `A join link for ${channel}${account ? `/${account}` : ''}` : 'A channel with a join link');
    return { page, svg: joinPoster(page, chosen, category) };
  };

  fastify.get('/join/:tenant/poster.svg', {
    schema: { tags, summary: 'The A4 poster (SVG) of one channel (?channel=) or of all', security: [], params: PublicParams, querystring: PosterQuery, response: publicResponses({ 200: nonJson('The poster', { 'image/svg+xml': Type.String() }) }, [400, 404]) },
  }, async (request, reply) => {
    const { svg } = await poster(request, request.params.tenant, request.query);
    return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(svg);
  });

  fastify.get('/join/:tenant/poster', {
    schema: { tags, summary: 'The A4 poster as a printable page (prints one sheet)', security: [], params: PublicParams, querystring: PosterQuery, response: publicResponses({ 200: nonJson('The poster page', { 'text/html': Type.String() }) }, [400, 404]) },
  }, async (request, reply) => {
    const { page, svg } = await poster(request, request.params.tenant, request.query);
    const html = `<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(page.comune.tenant.name)}</title>
<style>@page { size: A4; margin: 0; } html, body { margin: 0; padding: 0; background: #fff; } svg { display: block; width: 210mm; height: 297mm; }</style>
</head>
<body>
<main>
${svg.replace(/^<\?xml[^>]*>\n/, '')}
</main>
</body>
</html>
`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(html);
  });
};

export default join;
