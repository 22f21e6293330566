import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { tileUrlOrigin } from '../../../core/internal.js';

/** Folder of the admin UI's static files: plain HTML, CSS and JavaScript modules, no build step. */
export const ADMIN_UI_ROOT = fileURLToPath(new URL('../../ui/', import.meta.url));

/** The map libraries' dist folders, served as they are installed (nothing fetched at run time). */
const require = createRequire(import.meta.url);
const VENDOR = [
  { prefix: '/admin/vendor/leaflet/', root: join(dirname(require.resolve('leaflet/package.json')), 'dist') },
  { prefix: '/admin/vendor/leaflet.markercluster/', root: join(dirname(require.resolve('leaflet.markercluster/package.json')), 'dist') },
];

/**
 * The UI loads only its own files and talks only to this origin's REST API. `blob:` images are the
 * compose page's local preview of a picked file before it is uploaded; the map's tile server (from
 * `MAP_TILE_URL`) is the one foreign image source. Leaflet positions tiles and markers through the
 * CSSOM (`element.style.transform = …`), which `style-src 'self'` does not block (only `style`
 * attributes in markup and `<style>` elements are), so no `'unsafe-inline'` is needed.
 */
export function contentSecurityPolicy(tileUrl: string): string {
  const tiles = tileUrlOrigin(tileUrl);
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", `img-src 'self' blob: data:${tiles ? ` ${tiles}` : ''}`,
    "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the admin UI at `/admin/` (`/admin` redirects there), and Leaflet with its marker-cluster
 * plugin under `/admin/vendor/`. The UI is a set of static files that call the REST API under
 * `/api/v1` with the session cookie; this plugin holds no logic, so the UI can be replaced or served
 * by any web server in front of Campanile.
 *
 * @example
 * await fastify.register(adminUi); // GET /admin/ → admin-api/ui/index.html
 */
const adminUi: FastifyPluginAsync = async (fastify) => {
  const csp = contentSecurityPolicy(fastify.campanile.config.map.tileUrl);
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/admin')) return payload;
    reply.header('content-security-policy', csp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    // Revalidate every time (ETag makes it cheap): a new release is picked up without a hard reload.
    reply.header('cache-control', 'no-cache');
    return payload;
  });
  // `/admin` without the slash: relative URLs in index.html need the folder form.
  fastify.get('/admin', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/admin/', 301));
  // The vendor folders first: fastify matches the longer static prefix, so `/admin/vendor/…` never falls to the UI root.
  for (const vendor of VENDOR) {
    await fastify.register(fastifyStatic, {
      root: vendor.root, prefix: vendor.prefix, decorateReply: false, schemaHide: true, index: false,
      // Only what a browser loads: the scripts, styles and marker images (no source maps, no ESM build).
      allowedPath: (path) => /^\/(?:[\w.-]+\.(?:js|css)|images\/[\w-]+\.png)$/.test(path),
    });
  }
  await fastify.register(fastifyStatic, {
    root: ADMIN_UI_ROOT,
    prefix: '/admin/',
    index: 'index.html',
    decorateReply: false,
    schemaHide: true,
  });
};

export default adminUi;
