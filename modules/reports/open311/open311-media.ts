/**
 * Open311's `media_url`: the address of a report's first public photo (`public-media.ts` decides which),
 * and the public route that serves it. The route answers only for a photo `media_url` would name, so
 * guessing a media id of a hidden report, an erased person's photo or a video gets the same 404 as a
 * file that does not exist. The bytes go through core's `heldFileReply`, as the admin's media route.
 */
import { heldFileReply, type AdminReply, type HttpRequest, type HttpResponse, type MediaSource } from '../../../core/internal.js';
import type { Report } from '../entities/index.js';
import { publicPhoto } from '../service/public-media.js';
import { open311Error } from './open311-mapping.js';

/** The route's path below `/open311/v2/:comune`. */
export const MEDIA_PATH = '/media/:code/:mediaId';

/**
 * The origin clients reached this server at: `x-forwarded-proto`/`x-forwarded-host` from the reverse
 * proxy in front of Campanile (docs/deployment.md), else the Host header over plain HTTP.
 *
 * @example
 * const origin = requestOrigin(request); // 'https://campanile.comune.example.it'
 */
export function requestOrigin(request: HttpRequest): string {
  const first = (value: string | undefined) => value?.split(',')[0]?.trim() || undefined;
  const proto = first(request.headers['x-forwarded-proto']) === 'https' ? 'https' : 'http';
  return `${proto}://${first(request.headers['x-forwarded-host']) ?? request.headers.host ?? 'localhost'}`;
}

/**
 * The `media_url` of a report, or null when it has no public photo.
 *
 * @example
 * toServiceRequest(report, categories, locale, notes, mediaUrlOf(report, origin, 'esempio'));
 */
export function mediaUrlOf(report: Report, origin: string, comune: string): string | null {
  const photo = publicPhoto(report);
  if (!photo) return null;
  return `${origin}/open311/v2/${encodeURIComponent(comune)}/media/${encodeURIComponent(report.code)}/${encodeURIComponent(photo.id)}`;
}

/**
 * The reply to `GET media/<code>/<mediaId>`: the photo's bytes, or the spec's 404.
 *
 * @example
 * return publicPhotoResponse(report, request.params.mediaId, (id) => services.media.source(tenant.id, id));
 */
export async function publicPhotoResponse(report: Report | null, mediaId: string, source: (id: string) => Promise<MediaSource | null>): Promise<HttpResponse> {
  const photo = report ? publicPhoto(report) : null;
  const held = photo && photo.id === mediaId ? await source(photo.id) : null;
  const reply = await heldFileReply(held, { code: 'REPORT_MEDIA_NOT_FOUND', message: `No public photo "${mediaId}": media_url in requests.json names the photos that are published.` });
  return toHttpResponse(reply);
}

/** A file reply (404 body or one streamed file) as a public route's response. */
async function toHttpResponse(reply: AdminReply): Promise<HttpResponse> {
  if (!reply.stream) {
    const body = reply.body as { message?: string } | undefined;
    return open311Error(reply.status, body?.message ?? 'Not found.');
  }
  const parts: Uint8Array[] = [];
  for await (const chunk of reply.stream.chunks) parts.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  return {
    status: reply.status,
    // no-cache: a photo an operator hides stops being served at once, not after a cache's lifetime.
    headers: { 'content-type': reply.stream.contentType, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' },
    body: Buffer.concat(parts),
  };
}
