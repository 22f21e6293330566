import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MEDIA_TYPES } from '../../../../core/internal.js';
import { readUpload } from '../../../lib/uploads.js';
import { Media, MediaBytes, MediaParams, nonJson, responses, TenantParams } from '../../../schemas/index.js';
import { scopeOf } from '../autohooks.js';

const TYPES = Object.keys(MEDIA_TYPES);
// The largest accepted file (PDF, 20 MB); images are held to their 10 MB by the engine's check,
// which runs before anything is written.
const MAX_BYTES = Math.max(...Object.values(MEDIA_TYPES).map((m) => m.maxBytes));

/**
 * Images and PDFs for notices: upload (multipart, one `file` part; JPEG/PNG/WebP ≤ 10 MB, PDF ≤ 20 MB,
 * checked on the bytes, not the file name) and download. Files are stored once by content hash and
 * visible only to the comune that uploaded them.
 *
 * @example
 * curl -F file=@allerta.jpg -H "authorization: Bearer $TOKEN" localhost:3000/api/v1/tenants/esempio/media
 * GET /api/v1/tenants/esempio/media/<id>   → the bytes, with their content type
 */
const media: FastifyPluginAsyncTypebox = async (fastify) => {
  const tags = ['media'];
  const library = fastify.campanile.notifications.media;

  fastify.post('/tenants/:tenant/media', {
    // The multipart stream is limited per file by readUpload; the JSON body limit does not apply.
    bodyLimit: MAX_BYTES + 64 * 1024,
    schema: {
      tags, summary: 'Upload an image (JPEG, PNG, WebP ≤ 10 MB) or a PDF (≤ 20 MB) as multipart/form-data, part "file"',
      'x-permission': 'notices.write', params: TenantParams, consumes: ['multipart/form-data'],
      response: responses({ 201: Media }, [400, 413, 415]),
    },
  }, async (request, reply) => {
    const { tenant } = scopeOf(request);
    const upload = await readUpload(request, { types: TYPES, maxBytes: MAX_BYTES });
    const stored = await library.upload(tenant.id, upload.data, upload.mimeType, upload.filename);
    request.auditTargetId = stored.id;
    return reply.code(201).send(stored);
  });

  fastify.get('/tenants/:tenant/media/:mediaId', {
    schema: {
      tags, summary: 'Download an uploaded file', 'x-permission': 'notices.read', params: MediaParams,
      response: responses({ 200: nonJson('The bytes, with the file\'s content type', Object.fromEntries(TYPES.map((type) => [type, MediaBytes]))) }),
    },
  }, async (request, reply) => {
    const { tenant } = scopeOf(request);
    const file = await library.require(tenant.id, request.params.mediaId); // another comune's file: 404
    const body = await library.store.open(file.id);
    return reply
      .type(file.mimeType)
      .header('content-length', file.size)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      // The id is the content hash: the bytes behind it never change.
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(body);
  });
};

export default media;
