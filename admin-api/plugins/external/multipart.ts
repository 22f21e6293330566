import multipart from '@fastify/multipart';
import fp from 'fastify-plugin';

/**
 * `multipart/form-data` parsing for uploads; the size and type of each file are checked by
 * `readUpload` (lib/uploads.ts) per route. One file per request keeps memory bounded.
 *
 * @example
 * await fastify.register(multipartPlugin);
 */
export default fp(
  async (fastify) => {
    await fastify.register(multipart, { limits: { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 25, fileSize: 50 * 1024 * 1024 } });
  },
  { name: 'multipart' },
);
