import { timingSafeEqual } from 'node:crypto';
import type { HttpReceipt, HttpRequest, HttpRoute, InboundEvent, MediaKind } from '../../core/index.js';
import { recordInbound, toEntry } from './history.js';
import { liveKey } from './live-push.js';
import type { RenderedMessage } from './mapping.js';
import type { MediaStore } from './media-store.js';
import type { WebchatPartOptions } from './part-options.js';
import { WebchatPages, notFound } from './pages.js';
import type { MediaLimit, WebchatErrorCode } from './protocol.js';
import { TokenBucket } from './token-bucket.js';

const MB = 1024 * 1024;

/** What the HTTP routes need from the adapter. */
export interface WebchatRoutesOptions extends WebchatPartOptions {
  readonly media: MediaStore;
}

/**
 * The web chat's HTTP side: the page `/chat/:tenant`, its assets and the `/webchat.js` launcher, the
 * signed media URLs, and the upload of photos and videos (which, like a typed message, is recorded,
 * pushed live and handed to the engine).
 *
 * @example
 * const http = new WebchatRoutes({ runtime: () => runtime, limits, tokens, media, live, ref });
 * adapter.routes = http.routes; // GET /chat/:tenant, …, POST /chat/:tenant/upload
 */
export class WebchatRoutes {
  readonly routes: readonly HttpRoute[];
  private readonly pages = new WebchatPages();
  private readonly uploadBuckets = new Map<string, TokenBucket>();

  constructor(private readonly options: WebchatRoutesOptions) {
    const largest = Math.max(...Object.values(options.limits.uploads).map((l) => l?.maxBytes ?? 0));
    this.routes = [
      { method: 'GET', path: '/chat/:tenant', handle: (req) => this.pageRoute(req) },
      { method: 'GET', path: '/chat/assets/:file', handle: async (req) => ({ response: this.pages.asset(req.params.file ?? ''), events: [] }) },
      { method: 'GET', path: '/webchat.js', handle: async () => ({ response: this.pages.asset('webchat.js'), events: [] }) },
      { method: 'GET', path: '/chat/:tenant/media', handle: (req) => this.mediaRoute(req) },
      // A little above the largest upload, so an oversized one reaches the handler and gets our error.
      { method: 'POST', path: '/chat/:tenant/upload', bodyLimit: largest + 64 * 1024, handle: (req) => this.uploadRoute(req) },
    ];
  }

  /** The signed URL of a stored file: only the holder of the link can read it. */
  mediaUrl(tenant: string, key: string): string {
    return `/chat/${tenant}/media?k=${encodeURIComponent(key)}&s=${this.options.tokens.sign(`media:${tenant}:${key}`)}`;
  }

  /** The upload rate per session starts afresh (called with the ping, every 30 s). */
  forgetUploadBuckets(): void {
    this.uploadBuckets.clear();
  }

  private async pageRoute(req: HttpRequest): Promise<HttpReceipt> {
    const slug = req.params.tenant ?? '';
    const tenant = await this.options.runtime()?.persistence.tenant(slug);
    if (!tenant) return { response: notFound(`There is no comune "${slug}" here: check the chat address.`), events: [] };
    const lang = this.pages.language(tenant, req.query.lang, req.headers['accept-language']);
    return { response: this.pages.page(tenant, lang, { embed: req.query.embed === '1' }), events: [] };
  }

  private async mediaRoute(req: HttpRequest): Promise<HttpReceipt> {
    const key = req.query.k ?? '';
    const signature = Buffer.from(req.query.s ?? '');
    const expected = Buffer.from(this.options.tokens.sign(`media:${req.params.tenant}:${key}`));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { response: notFound('No such file.'), events: [] };
    const file = await this.options.media.read(key);
    if (!file) return { response: notFound('No such file (it may have been deleted).'), events: [] };
    return {
      response: {
        status: 200,
        body: file.bytes,
        headers: { 'content-type': file.mimeType, 'cache-control': 'private, max-age=86400', 'x-content-type-options': 'nosniff' },
      },
      events: [],
    };
  }

  /**
   * `POST /chat/:tenant/upload`: the raw bytes of one photo or video, with `Authorization: Bearer <token>`,
   * `Content-Type`, `X-Client-Id` and `X-File-Name` (URI-encoded). Answers at once; the engine gets a
   * media message whose bytes are read from disk only when a module asks.
   */
  private async uploadRoute(req: HttpRequest): Promise<HttpReceipt> {
    const fail = (status: number, code: WebchatErrorCode, message: string): HttpReceipt => ({ response: { status, body: { error: { code, message } } }, events: [] });
    const runtime = this.options.runtime();
    if (!runtime) return fail(503, 'not-ready', 'The web chat is starting; try again in a moment.');
    const slug = req.params.tenant ?? '';
    const tenant = await runtime.persistence.tenant(slug);
    if (!tenant) return fail(404, 'tenant-unknown', `There is no comune "${slug}" here.`);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const verified = token ? this.options.tokens.verify(token, tenant.slug) : undefined;
    if (!verified) return fail(401, 'token-invalid', 'Send the session token of this comune as "Authorization: Bearer <token>".');
    const clientId = req.headers['x-client-id'] ?? '';
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(clientId)) return fail(400, 'bad-frame', 'Send "X-Client-Id" with 8-64 characters [A-Za-z0-9_-].');
    const mimeType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const kind = (Object.entries(this.options.limits.uploads) as [MediaKind, MediaLimit][]).find(([, limit]) => limit.mimeTypes.includes(mimeType))?.[0];
    const limit = kind ? this.options.limits.uploads[kind as 'photo' | 'video'] : undefined;
    if (!kind || !limit) {
      const accepted = Object.values(this.options.limits.uploads).flatMap((l) => l?.mimeTypes ?? []).join(', ');
      return fail(415, 'unsupported-type', `Files of type "${mimeType || 'unknown'}" are not accepted: send one of ${accepted}.`);
    }
    if (req.rawBody.byteLength > limit.maxBytes) {
      return fail(413, 'too-large', `A ${kind} may be at most ${Math.floor(limit.maxBytes / MB)} MB; this one is ${(req.rawBody.byteLength / MB).toFixed(1)} MB.`);
    }
    if (req.rawBody.byteLength === 0) return fail(400, 'bad-frame', 'The upload is empty.');
    const bucketKey = liveKey(tenant.slug, verified.session);
    const bucket = this.uploadBuckets.get(bucketKey) ?? new TokenBucket(3, 0.2);
    this.uploadBuckets.set(bucketKey, bucket);
    const wait = bucket.take();
    if (wait > 0) return { response: { status: 429, headers: { 'retry-after': String(Math.ceil(wait / 1000)) }, body: { error: { code: 'rate-limited', message: `Too many uploads: wait ${Math.ceil(wait / 1000)} s.`, retryAfterMs: wait } } }, events: [] };

    const fileName = safeFileName(req.headers['x-file-name'], kind);
    const mediaKey = await this.options.media.saveUpload(tenant.slug, verified.session, mimeType, req.rawBody);
    const size = req.rawBody.byteLength;
    const body: RenderedMessage = { attachment: { kind: kind === 'video' ? 'video' : 'photo', url: this.mediaUrl(tenant.slug, mediaKey), mimeType, fileName, size } };
    const recorded = await recordInbound(this.options.runtime(), tenant, verified.session, clientId, body);
    if (!recorded) return { response: { status: 200, body: { ok: true, id: clientId, duplicate: true } }, events: [] };
    this.options.live.push(bucketKey, { t: 'message', entry: toEntry(recorded) });
    await this.options.live.announce({ kind: 'message', tenant: tenant.slug, session: verified.session, ids: [String(recorded.id)] });
    const ref = this.options.ref(tenant.slug, verified.session);
    const media = this.options.media;
    const event: InboundEvent = {
      type: 'message', kind: 'media', id: `${verified.session}:${clientId}`, ref, from: { id: verified.session }, receivedAt: new Date(),
      raw: { clientId, mimeType, size, fileName },
      media: {
        kind, mimeType, size, fileName,
        async fetch() {
          const file = await media.read(mediaKey);
          if (!file) throw new Error(`The upload ${fileName} is gone (erased or past retention).`);
          return file.bytes;
        },
      },
    };
    return { response: { status: 200, body: { ok: true, id: clientId } }, events: [event] };
  }
}

/** The file name an upload gives in `X-File-Name`, without control characters or path separators. */
function safeFileName(header: string | undefined, kind: string): string {
  let name = '';
  try {
    name = decodeURIComponent(header ?? '');
  } catch {
    name = '';
  }
  name = name.replace(/[\u0000-\u001f\u007f/\\]/g, '').trim().slice(0, 120);
  return name || kind;
}
