import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

/** Folder of the admin UI's static files: plain HTML, CSS and JavaScript modules, no build step. */
export const ADMIN_UI_ROOT = fileURLToPath(new URL('../../ui/', import.meta.url));

// The UI loads only its own files and talks only to this origin's REST API. `blob:` images are the
// compose page's local preview of a picked file before it is uploaded.
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:",
  "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the admin UI at `/admin/` (`/admin` redirects there). The UI is a set of static files that
 * call the REST API under `/api/v1` with the session cookie; this plugin holds no logic, so the UI
 * can be replaced or served by any web server in front of Campanile.
 *
 * @example
 * await fastify.register(adminUi); // GET /admin/ → admin-api/ui/index.html
 */
const adminUi: FastifyPluginAsync = async (fastify) => {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/admin')) return payload;
    reply.header('content-security-policy', CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    // Revalidate every time (ETag makes it cheap): a new release is picked up without a hard reload.
    reply.header('cache-control', 'no-cache');
    return payload;
  });
  // `/admin` without the slash: relative URLs in index.html need the folder form.
  fastify.get('/admin', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/admin/', 301));
  await fastify.register(fastifyStatic, {
    root: ADMIN_UI_ROOT,
    prefix: '/admin/',
    index: 'index.html',
    decorateReply: false,
    schemaHide: true,
  });
};

export default adminUi;
