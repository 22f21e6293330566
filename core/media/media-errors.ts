/** Stable codes of media validation errors; the admin API maps them to 4xx. */
export type MediaErrorCode = 'MEDIA_TYPE_UNSUPPORTED' | 'MEDIA_TOO_LARGE' | 'MEDIA_TYPE_MISMATCH' | 'MEDIA_EMPTY' | 'MEDIA_NOT_FOUND';

/**
 * A media file was refused. `code` is stable; the message tells the uploader how to fix it.
 *
 * @example
 * try { await media.put(bytes, 'image/png', 'a.png'); }
 * catch (e) { if (e instanceof MediaError) reply.code(e.status).send({ code: e.code, message: e.message }); }
 */
export class MediaError extends Error {
  override readonly name = 'MediaError';
  constructor(readonly code: MediaErrorCode, message: string, readonly status: 400 | 404 | 413 | 415 = 400) {
    super(message);
  }
}
