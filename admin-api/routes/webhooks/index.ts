import type { FastifyPluginAsync } from 'fastify';
import type { HttpRequest } from '../../../core/index.js';

/**
 * Mounts the HTTP routes adapters expose (webhooks). Bodies stay raw bytes, because signatures are
 * computed on the exact bytes. The adapter's answer goes out first; its events are handed to the engine
 * afterwards, so channels get a fast acknowledgement and never re-send because we were slow.
 *
 * @example
 * await fastify.register(webhooks); // POST /webhooks/telegram/:tenant → TelegramAdapter route
 */
const webhooks: FastifyPluginAsync = async (fastify) => {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 25 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  for (const route of fastify.campanile.routes) {
    fastify.route({
      method: route.method,
      url: route.path,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      // A channel's contract, not part of the admin API: kept out of the OpenAPI document.
      schema: { hide: true },
      handler: async (request, reply) => {
        const raw = request.body;
        const httpRequest: HttpRequest = {
          method: request.method,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, string | undefined>,
          headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : v])),
          rawBody: raw instanceof Uint8Array ? raw : new Uint8Array(),
        };
        const receipt = await route.handle(httpRequest);
        const { engine } = fastify.campanile;
        // After the answer: the channel is not kept waiting for the bot's work.
        reply.raw.once('finish', () => {
          for (const event of receipt.events) {
            engine.handle(event).catch((error: unknown) => request.log.error({ err: error, event: event.id }, 'webhook event failed'));
          }
        });
        reply.code(receipt.response.status);
        for (const [name, value] of Object.entries(receipt.response.headers ?? {})) reply.header(name, value);
        const body = receipt.response.body ?? '';
        return reply.send(body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : body);
      },
    });
  }
};

export default webhooks;
