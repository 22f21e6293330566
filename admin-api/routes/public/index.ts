import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { archivePage, excerpt, labelOf, noticePage, type PageContext } from '../../public/archive-pages.js';
import { atomFeed, rssFeed, type Feed } from '../../public/feeds.js';
import { PUBLIC_LIMIT, PublicNotices, type PublicComune, type PublicNotice } from '../../public/public-notices.js';
import { dateLocale, pageLocale, publicText } from '../../public/public-texts.js';
import { publicUrls } from '../../public/public-urls.js';
import { widgetScript } from '../../public/widget.js';
import { notFound } from '../../errors.js';
import { nonJson, publicResponses, PublicListQuery, PublicNoticeParams, PublicParams, WidgetData, WidgetQuery } from '../../schemas/index.js';

const html = (description: string) => nonJson(description, { 'text/html': Type.String() });

/**
 * The comune's public face, without login: the archive page of sent notices (per category too), a
 * permalink per notice with Open Graph tags, RSS 2.0 and Atom feeds, the embeddable widget and its data,
 * and the notices' image and PDF. Only sent notices appear (see `PublicNotices`); a comune that turned
 * its archive off (`settings.public.archive = false`) answers 404 everywhere here. Nothing sets a cookie.
 *
 * @example
 * GET /public/esempio                    → the archive page
 * GET /public/esempio/feed.atom?category=eventi
 * <script src="https://…/public/esempio/notices.js" data-limit="5" async></script>
 */
const publicFace: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['public'];
  const notices = new PublicNotices(fastify.campanile);
  const origin = (request: FastifyRequest) => fastify.campanile.config.http.publicUrl ?? `${request.protocol}://${request.host}`;

  const load = async (request: FastifyRequest, slug: string, lang?: string): Promise<PageContext> => {
    const comune = await notices.comune(slug);
    if (!comune) throw notFound(`The public archive of "${slug}"`);
    return { comune, locale: pageLocale(comune.tenant.locales, lang), urls: publicUrls(origin(request), comune.tenant.slug) };
  };
  const categoryOf = (comune: PublicComune, key?: string) => {
    if (key === undefined) return undefined;
    const category = comune.categories.find((c) => c.key === key);
    if (!category) throw notFound(`Category "${key}"`);
    return category;
  };
  const feedOf = (page: PageContext, list: readonly PublicNotice[], key?: string, self?: string): Feed => {
    const { comune, locale, urls } = page;
    const category = categoryOf(comune, key);
    const t = (k: string, vars: Record<string, string> = {}) => publicText(locale, k, { comune: comune.tenant.name, ...vars });
    return {
      title: category ? t('archive.category_title', { category: labelOf(category, locale) }) : t('archive.title'),
      description: t('archive.description'), pageUrl: urls.archive(key), selfUrl: self!, language: locale, author: comune.tenant.name,
      entries: list.map((n) => ({
        id: urls.notice(n.id), title: n.title, text: n.text, url: urls.notice(n.id), published: n.sentAt, category: labelOf(n.category, locale),
        ...(n.image ? { image: { url: urls.image(n.id), mimeType: n.image.mimeType, size: n.image.size } } : {}),
        ...(n.document ? { document: { url: urls.document(n.id), label: t('notice.document') } } : {}),
        ...(n.linkUrl ? { link: { url: n.linkUrl, label: t('notice.link') } } : {}),
      })),
    };
  };

  fastify.get('/public/:tenant', {
    schema: { tags, summary: 'The public archive page of sent notices', security: [], params: PublicParams, querystring: PublicListQuery, response: publicResponses({ 200: html('The archive page') }, [400, 404]) },
  }, async (request, reply) => {
    const page = await load(request, request.params.tenant, request.query.lang);
    const category = categoryOf(page.comune, request.query.category);
    const list = await notices.list(page.comune, { ...(category ? { category } : {}), limit: PUBLIC_LIMIT });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(archivePage(page, list, category));
  });

  fastify.get('/public/:tenant/notices/:id', {
    schema: { tags, summary: 'One sent notice: its permalink, with Open Graph tags', security: [], params: PublicNoticeParams, querystring: Type.Object({ lang: PublicListQuery.properties.lang }), response: publicResponses({ 200: html('The notice page') }, [400, 404]) },
  }, async (request, reply) => {
    const page = await load(request, request.params.tenant, request.query.lang);
    const notice = await notices.one(page.comune, request.params.id);
    if (!notice) throw notFound(`Notice ${request.params.id}`);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(noticePage(page, notice));
  });

  for (const kind of ['image', 'document'] as const) {
    fastify.get(`/public/:tenant/notices/:id/${kind}`, {
      schema: { tags, summary: `The ${kind === 'image' ? 'image' : 'PDF'} of a sent notice`, security: [], params: PublicNoticeParams, response: publicResponses({ 200: nonJson('The bytes', { [kind === 'image' ? 'image/*' : 'application/pdf']: Type.String({ format: 'binary' }) }) }, [400, 404]) },
    }, async (request, reply) => {
      const page = await load(request, request.params.tenant);
      const file = (await notices.one(page.comune, request.params.id))?.[kind];
      if (!file) throw notFound(`The ${kind} of notice ${request.params.id}`);
      return reply
        .type(file.mimeType)
        .header('content-length', file.size)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(await fastify.campanile.notifications.media.store.open(file.id));
    });
  }

  for (const format of ['rss', 'atom'] as const) {
    fastify.get(`/public/:tenant/feed.${format}`, {
      schema: {
        tags, summary: `${format === 'rss' ? 'RSS 2.0' : 'Atom'} feed of the sent notices (of one category with ?category=)`, security: [],
        params: PublicParams, querystring: PublicListQuery,
        response: publicResponses({ 200: nonJson('The feed', { [`application/${format}+xml`]: Type.String() }) }, [400, 404]),
      },
    }, async (request, reply) => {
      const page = await load(request, request.params.tenant, request.query.lang);
      const key = request.query.category;
      const category = categoryOf(page.comune, key);
      const list = await notices.list(page.comune, { ...(category ? { category } : {}), limit: PUBLIC_LIMIT });
      const self = format === 'rss' ? page.urls.rss(key) : page.urls.atom(key);
      const feed = feedOf(page, list, key, self);
      return reply
        .type(`application/${format}+xml; charset=utf-8`)
        .header('cache-control', 'public, max-age=300')
        .send(format === 'rss' ? rssFeed(feed) : atomFeed(feed));
    });
  }

  fastify.get('/public/:tenant/notices.json', {
    schema: { tags, summary: 'The latest sent notices, for the widget (CORS open, no credentials)', security: [], params: PublicParams, querystring: WidgetQuery, response: publicResponses({ 200: WidgetData }, [400, 404]) },
  }, async (request, reply) => {
    const page = await load(request, request.params.tenant, request.query.lang);
    const category = categoryOf(page.comune, request.query.category);
    const list = await notices.list(page.comune, { ...(category ? { category } : {}), limit: request.query.limit ?? 5 });
    const t = (key: string) => publicText(page.locale, key, { comune: page.comune.tenant.name });
    // Any site may show the notices; no credentials are ever sent or accepted, so `*` is safe.
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=60');
    return {
      locale: dateLocale(page.locale), archiveUrl: page.urls.archive(request.query.category),
      texts: { heading: t('widget.heading'), empty: t('widget.empty'), all: t('widget.all') },
      notices: list.map((n) => ({ id: n.id, title: n.title, summary: excerpt(n.text, 160), sentAt: n.sentAt.toISOString(), category: labelOf(n.category, page.locale), url: page.urls.notice(n.id) })),
    };
  });

  fastify.get('/public/:tenant/notices.js', {
    schema: { tags, summary: 'The embeddable widget script (data-category, data-limit, data-lang, data-comune)', security: [], params: PublicParams, response: publicResponses({ 200: nonJson('The script', { 'text/javascript': Type.String() }) }, [400, 404]) },
  }, async (request, reply) => {
    await load(request, request.params.tenant);
    return reply
      .type('text/javascript; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=300')
      .send(widgetScript(`${origin(request).replace(/\/+$/, '')}/public`));
  });
};

export default publicFace;
