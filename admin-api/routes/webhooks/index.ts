import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpRequest } from '../../../core/internal.js';
import { ProblemError } from '../../errors.js';

/**
 * Path prefixes served by one wildcard route per prefix, whatever adapter is attached under them: the
 * channel accounts a comune adds while the server runs have their webhooks (`/webhooks/…`) and their
 * Telegram QR codes and posters (`/qr/…`, `/poster/…`) here. fastify cannot add routes after `listen`.
 */
const DISPATCHED = ['/webhooks/', '/qr/', '/poster/'];

/** The parser's ceiling; a route's own `bodyLimit` is checked after reading (413 above it). */
const MAX_BODY = 25 * 1024 * 1024;

/**
 * Mounts the HTTP routes adapters expose (webhooks). Every request is looked up in Campanile's live
 * route table (`campanile.routeTable`), so adapters attached after start answer at once and detached
 * ones answer 404. Bodies stay raw bytes, because signatures are computed on the exact bytes. Core runs
 * the route (`routeTable.dispatch`); its answer goes out first and its events are delivered afterwards, so channels get a
 * fast acknowledgement and never re-send because we were slow.
 *
 * @example
 * await fastify.register(webhooks); // POST /webhooks/telegram/:tenant → TelegramAdapter route
 */
const webhooks: FastifyPluginAsync = async (fastify) => {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY }, (_request, body, done) => done(null, body));

  const dispatch = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const match = fastify.campanile.routeTable.match(request.method, path);
    if (!match) {
      throw new ProblemError('not-found', `No channel account serves ${request.method} ${path}: check the account's name and that it is active (GET /api/v1/tenants/<tenant>/channel-accounts).`);
    }
    const { route } = match;
    const raw = request.body;
    const rawBody = raw instanceof Uint8Array ? raw : new Uint8Array();
    if (route.bodyLimit && rawBody.byteLength > route.bodyLimit) {
      throw new ProblemError('payload-too-large', `The body is larger than ${route.bodyLimit} bytes, the most ${path} accepts.`);
    }
    const httpRequest: Omit<HttpRequest, 'params'> = {
      method: request.method,
      query: request.query as Record<string, string | undefined>,
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : v])),
      rawBody,
    };
    // Core runs the route and dispatches its events; this layer only translates the request and the answer.
    const receipt = await fastify.campanile.routeTable.dispatch(match, httpRequest);
    // After the answer: the channel is not kept waiting for the bot's work.
    reply.raw.once('finish', () => receipt.deliver());
    reply.code(receipt.response.status);
    for (const [name, value] of Object.entries(receipt.response.headers ?? {})) reply.header(name, value);
    const body = receipt.response.body ?? '';
    return reply.send(body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : body);
  };

  // A channel's contract, not part of the admin API: kept out of the OpenAPI document.
  const schema = { hide: true };
  for (const prefix of DISPATCHED) {
    fastify.route({ method: ['GET', 'POST'], url: `${prefix}*`, bodyLimit: MAX_BODY, schema, handler: dispatch });
  }
  // Routes elsewhere (the web chat's pages and uploads) belong to adapters configured at start; mounted
  // one by one as before, they still go through the table, so a detached adapter's answer 404.
  const mounted = new Set<string>();
  for (const route of fastify.campanile.routes) {
    const key = `${route.method} ${route.path}`;
    if (DISPATCHED.some((prefix) => route.path.startsWith(prefix)) || mounted.has(key)) continue;
    mounted.add(key);
    fastify.route({ method: route.method, url: route.path, ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}), schema, handler: dispatch });
  }
};

export default webhooks;
