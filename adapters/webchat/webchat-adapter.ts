import debug from 'debug';
import { timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import {
  ChannelIdentity, TENANT_SLUG, delivery, type AdapterRuntime, type ChannelAdapter, type ChannelCapabilities,
  type ConversationRef, type DeliveryResult, type HttpReceipt, type HttpRequest, type HttpRoute, type SocketRoute, type InboundEvent,
  type MediaKind, type MediaLimit, type OutboundMessage, type TenantInfo, type Unsubscribe,
} from '../../core/index.js';
import { FrameError, fromWebchat, inboundBubble, parseFrame, toWebchat, type ClientFrame, type RenderedMedia, type RenderedMessage } from './mapping.js';
import { MediaStore } from './media-store.js';
import { webchatMigrations } from './migrations/index.js';
import { WebchatPages, notFound } from './pages.js';
import { SessionTokens } from './session-token.js';
import { TokenBucket } from './token-bucket.js';
import { WebchatMessage } from './webchat-message.js';
import { webchatRetention } from './webchat-retention.js';

const trace = debug('campanile:webchat');

/** Options of the web chat adapter. */
export interface WebchatAdapterOptions {
  /** Signs session tokens and media URLs; at least 32 characters. Use `webchatSecret(env, dataDir)`. Required. */
  readonly secret: string;
  /** Folder for uploads and copies of sent media (e.g. `<MEDIA_DIR>/webchat`). Required. */
  readonly mediaDir: string;
  /** Account name (default `default`). */
  readonly account?: string;
  /** Longest message a person may type, in characters (default 4096). */
  readonly maxTextLength?: number;
  /** Messages a reload shows (default the latest 200). */
  readonly historyLimit?: number;
  /** Per connection: `burst` messages at once, then `perSecond` (default 8, then 1 per second). */
  readonly rate?: { readonly burst: number; readonly perSecond: number };
  /** Uploads a person may send: photos and videos with their types and sizes. */
  readonly uploads?: Readonly<Partial<Record<'photo' | 'video', MediaLimit>>>;
}

/** One entry of the history as the browser receives it. */
export interface HistoryEntry {
  readonly id: string;
  readonly dir: 'in' | 'out';
  readonly clientId?: string;
  readonly at: string;
  readonly body: RenderedMessage;
}

/** Frames the server sends; see README.md for the protocol. */
export type ServerFrame =
  | { t: 'welcome'; token: string; session: string; history: HistoryEntry[]; limits: WebchatLimits }
  | { t: 'message'; entry: HistoryEntry; replaced?: boolean }
  | { t: 'ack'; id: string; duplicate?: boolean }
  | { t: 'reset' }
  | { t: 'error'; code: WebchatErrorCode; message: string; id?: string; retryAfterMs?: number };

/** Error codes the browser translates (`public/texts.json`, `error.<code>`). */
export type WebchatErrorCode =
  | 'token-invalid' | 'tenant-unknown' | 'bad-frame' | 'too-long' | 'rate-limited' | 'not-ready' | 'server-error'
  | 'too-large' | 'unsupported-type';

export interface WebchatLimits {
  readonly maxText: number;
  readonly uploads: Readonly<Partial<Record<'photo' | 'video', MediaLimit>>>;
  readonly rate: { readonly burst: number; readonly perSecond: number };
}

interface Connection {
  readonly socket: WebSocket;
  readonly tenantSlug: string;
  tenant?: TenantInfo;
  session?: string;
  locale?: string;
  readonly bucket: TokenBucket;
  /** Frames are handled one after another, so the history keeps the order they were typed in. */
  chain: Promise<void>;
}

const MB = 1024 * 1024;
const DEFAULT_UPLOADS: Readonly<Record<'photo' | 'video', MediaLimit>> = {
  photo: { maxBytes: 10 * MB, mimeTypes: ['image/jpeg', 'image/png', 'image/webp'] },
  video: { maxBytes: 25 * MB, mimeTypes: ['video/mp4', 'video/webm', 'video/quicktime'] },
};
/** Frames larger than this are cut by the socket itself (a 4096-character text is at most ~16 KB of JSON). */
export const MAX_FRAME_BYTES = 64 * 1024;
const HELLO_TIMEOUT_MS = 10_000;
const PING_INTERVAL_MS = 30_000;
/** How long after an erasure the last reply ("your data was deleted") may still reach the open tab. */
const ERASED_GRACE_MS = 60_000;
/** The cluster-signal topic (scoped by core to `webchat:<account>`) on which processes announce history changes. */
const LIVE_TOPIC = 'live';
/** WebSocket close code "service restart": the page reconnects with backoff and reads the history. */
const RECONNECT_CODE = 1012;

/**
 * What a process tells the others after it pushed something to a session's tabs: which history rows to
 * read (ids, never bodies: NOTIFY carries at most 8000 bytes), or that the session was erased.
 */
interface LiveSignal {
  readonly kind: 'message' | 'replaced' | 'reset';
  readonly tenant: string;
  readonly session: string;
  readonly ids: readonly string[];
}

/**
 * The comune's own web chat: a page at `/chat/<tenant>`, an embeddable launcher (`/webchat.js`), a
 * WebSocket per open tab and an upload route. It serves every tenant. Unlike other channels it keeps the
 * conversation itself (`WebchatMessage`), because a browser tab holds nothing: every `send()` — a reply,
 * an operator's answer, a notice from the dispatcher — is stored, then pushed live to the tabs of that
 * session; a closed tab finds it in the history on the next visit.
 *
 * The HTTP server mounts `routes` like any webhook and hands each WebSocket to `accept()` (admin-api's
 * `routes/webchat`); the adapter depends on `ws` types only, never on fastify.
 *
 * @example
 * const webchat = new WebchatAdapter({ secret: webchatSecret(process.env, dataDir), mediaDir });
 * const app = await createCampanile({ …, adapters: [{ adapter: webchat }] });
 * fastify.get('/chat/:tenant/ws', { websocket: true }, (socket, req) => webchat.accept(socket, req.params.tenant));
 */
export class WebchatAdapter implements ChannelAdapter {
  readonly channel = 'webchat';
  readonly account: string;
  readonly capabilities: ChannelCapabilities;
  readonly entities = [WebchatMessage];
  readonly migrations = webchatMigrations;
  readonly routes: readonly HttpRoute[];
  /** `/chat/:tenant/ws`: the server hands each upgraded `ws` socket to `accept`. */
  readonly sockets: readonly SocketRoute[] = [
    { path: '/chat/:tenant/ws', maxPayload: MAX_FRAME_BYTES, accept: (socket, params) => this.accept(socket as WebSocket, params.tenant ?? '') },
  ];
  readonly limits: WebchatLimits;
  private readonly tokens: SessionTokens;
  private readonly media: MediaStore;
  private readonly pages = new WebchatPages();
  private readonly historyLimit: number;
  private runtime: AdapterRuntime | undefined;
  private readonly live = new Map<string, Set<Connection>>();
  private readonly erased = new Map<string, number>();
  private readonly uploadBuckets = new Map<string, TokenBucket>();
  private pinger: NodeJS.Timeout | undefined;
  private unsubscribe: Unsubscribe | undefined;
  /** Signals are pushed one after another, so tabs here see another process's bubbles in its order. */
  private signalChain: Promise<void> = Promise.resolve();

  constructor(options: WebchatAdapterOptions) {
    if (!options?.secret) throw new Error('WebchatAdapter needs `secret`: pass webchatSecret(process.env, config.dataDir), which reads WEBCHAT_SECRET or generates one.');
    if (!options.mediaDir) throw new Error('WebchatAdapter needs `mediaDir`: the folder for uploads, e.g. join(config.mediaDir, "webchat").');
    this.account = options.account ?? 'default';
    this.tokens = new SessionTokens(options.secret);
    this.media = new MediaStore(options.mediaDir);
    this.historyLimit = options.historyLimit ?? 200;
    const uploads = options.uploads ?? DEFAULT_UPLOADS;
    this.limits = { maxText: options.maxTextLength ?? 4096, uploads, rate: options.rate ?? { burst: 8, perSecond: 1 } };
    this.capabilities = {
      maxTextLength: 4096,
      maxCaptionLength: 1024,
      maxChoiceButtons: 24,
      maxButtonLabel: 80,
      list: null,
      linkButtons: true,
      locationRequest: true,
      edit: true,
      // Bubbles are never removed from a person's history.
      delete: false,
      media: {
        image: { maxBytes: 10 * MB, mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] },
        document: { maxBytes: 20 * MB, mimeTypes: ['application/pdf'] },
      },
      inboundMedia: uploads,
      // Only to sessions that exist (have written once): `send` answers recipient-gone otherwise.
      canInitiate: true,
      replyWindowHours: null,
      // The web chat is our own server: these only keep a broadcast from starving live turns.
      rateLimits: { perAccount: { count: 500, perMs: 1000 }, perChat: { count: 10, perMs: 1000 } },
    };
    const largest = Math.max(...Object.values(uploads).map((l) => l?.maxBytes ?? 0));
    this.routes = [
      { method: 'GET', path: '/chat/:tenant', handle: (req) => this.pageRoute(req) },
      { method: 'GET', path: '/chat/assets/:file', handle: async (req) => ({ response: this.pages.asset(req.params.file ?? ''), events: [] }) },
      { method: 'GET', path: '/webchat.js', handle: async () => ({ response: this.pages.asset('webchat.js'), events: [] }) },
      { method: 'GET', path: '/chat/:tenant/media', handle: (req) => this.mediaRoute(req) },
      // A little above the largest upload, so an oversized one reaches the handler and gets our error.
      { method: 'POST', path: '/chat/:tenant/upload', bodyLimit: largest + 64 * 1024, handle: (req) => this.uploadRoute(req) },
    ];
  }

  async start(runtime: AdapterRuntime): Promise<void> {
    this.runtime = runtime;
    runtime.onErase(async (em, person) => {
      const tenantId = typeof person.tenant === 'number' ? person.tenant : person.tenant.id;
      const identities = await em.find(ChannelIdentity, { tenant: tenantId, person: person.id, channel: this.channel, account: this.account }, { filters: false });
      if (identities.length === 0) return;
      const sessions = identities.map((i) => i.externalId);
      await em.nativeDelete(WebchatMessage, { tenant: tenantId, session: { $in: sessions } }, { filters: false });
      for (const identity of identities) {
        const key = liveKey(identity.address.tenant, identity.externalId);
        this.erased.set(key, Date.now());
        await this.media.removeSession(identity.address.tenant, identity.externalId);
      }
    });
    // The history and uploads follow each tenant's retention (conversation, media, positions).
    runtime.onRetention(webchatRetention(runtime.persistence, this.media));
    this.pinger = setInterval(() => this.ping(), PING_INTERVAL_MS).unref();
    // Tabs connected here also see what other processes (the dispatcher's lane owner, an operator's
    // request served elsewhere) stored for their session; after a gap in the signals they reconnect.
    this.unsubscribe = await runtime.signals.subscribe(LIVE_TOPIC, (payload) => this.onSignal(payload), { onGap: () => this.reconnectTabs() });
  }

  async stop(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.signalChain;
    for (const connections of this.live.values()) for (const c of connections) c.socket.close(1001, 'server shutting down');
    this.live.clear();
    this.runtime = undefined;
  }

  /**
   * Stores the message in the session's history and pushes it to its open tabs, here and (through
   * `runtime.signals`) in the other processes. Replies, proactive messages and notices all come through
   * here, so every one of them appears live.
   */
  async send(ref: ConversationRef, message: OutboundMessage): Promise<DeliveryResult> {
    const runtime = this.runtime;
    if (!runtime) return delivery.transient('web chat not started');
    const key = liveKey(ref.tenant, ref.chatId);
    try {
      const tenant = await runtime.persistence.tenant(ref.tenant);
      if (!tenant) return delivery.permanent(`unknown tenant ${ref.tenant}`);
      const media = message.attachment ? await this.outboundMedia(ref.tenant, message) : undefined;
      const bubbles = toWebchat(message, this.capabilities, media);
      const erasedAt = this.erased.get(key);
      if (erasedAt !== undefined) {
        // The person was just erased: the last words reach the open tab, nothing is stored again.
        if (Date.now() - erasedAt > ERASED_GRACE_MS) return delivery.gone('unknown');
        for (const body of bubbles) this.push(key, { t: 'message', entry: { id: `erased-${Date.now()}`, dir: 'out', at: new Date().toISOString(), body } });
        this.push(key, { t: 'reset' });
        await this.announce({ kind: 'reset', tenant: ref.tenant, session: ref.chatId, ids: [] });
        return delivery.delivered('erased');
      }
      const em = runtime.persistence.em(tenant.id);
      // A session exists once its person wrote: their bubbles, or (after retention deleted those) the
      // identity the engine created at the first message. A subscriber quiet for longer than the
      // conversation retention still gets notices.
      if ((await em.count(WebchatMessage, { session: ref.chatId, direction: 'in' })) === 0
        && (await em.count(ChannelIdentity, { channel: this.channel, account: this.account, externalId: ref.chatId })) === 0) return delivery.gone('unknown');
      let lastId = '';
      const replaceId = message.replaceMessageId && /^\d{1,18}$/.test(message.replaceMessageId) ? Number(message.replaceMessageId) : undefined;
      const replaced = replaceId !== undefined && bubbles.length === 1 ? await em.findOne(WebchatMessage, { id: replaceId, session: ref.chatId }) : null;
      if (replaced && bubbles[0]) {
        replaced.body = bubbles[0];
        await em.flush();
        this.push(key, { t: 'message', entry: toEntry(replaced), replaced: true });
        await this.announce({ kind: 'replaced', tenant: ref.tenant, session: ref.chatId, ids: [String(replaced.id)] });
        return delivery.delivered(String(replaced.id));
      }
      const rows = bubbles.map((body) => em.create(WebchatMessage, { tenant: tenant.id, session: ref.chatId, direction: 'out', clientId: null, body }));
      await em.flush();
      for (const row of rows) {
        this.push(key, { t: 'message', entry: toEntry(row) });
        lastId = String(row.id);
      }
      await this.announce({ kind: 'message', tenant: ref.tenant, session: ref.chatId, ids: rows.map((r) => String(r.id)) });
      return delivery.delivered(lastId);
    } catch (error) {
      runtime.log.error({ err: error, tenant: ref.tenant }, 'web chat message could not be stored');
      return delivery.transient('history not writable', 1000);
    }
  }

  /**
   * Takes over one WebSocket of the page of `tenantSlug`. The first frame must be `hello` (with the
   * stored token, if any); see README.md for the protocol.
   */
  accept(socket: WebSocket, tenantSlug: string): void {
    const connection: Connection = { socket, tenantSlug, bucket: new TokenBucket(this.limits.rate.burst, this.limits.rate.perSecond), chain: Promise.resolve() };
    const helloTimer = setTimeout(() => {
      if (!connection.session) socket.close(4400, 'hello expected');
    }, HELLO_TIMEOUT_MS);
    (socket as WebSocket & { isAlive?: boolean }).isAlive = true;
    socket.on('pong', () => { (socket as WebSocket & { isAlive?: boolean }).isAlive = true; });
    socket.on('message', (data, isBinary) => {
      connection.chain = connection.chain
        .then(() => this.onFrame(connection, isBinary ? null : data.toString()))
        .catch((error: unknown) => {
          this.runtime?.log.error({ err: error, tenant: tenantSlug }, 'web chat frame failed');
          this.reply(connection, { t: 'error', code: 'server-error', message: 'The server could not handle this message; it will be resent.' });
        });
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      if (connection.session) {
        const key = liveKey(tenantSlug, connection.session);
        this.live.get(key)?.delete(connection);
        if (this.live.get(key)?.size === 0) this.live.delete(key);
      }
    });
    socket.on('error', (error) => trace('socket error %s', error.message));
  }

  private async onFrame(connection: Connection, text: string | null): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) return this.reply(connection, { t: 'error', code: 'not-ready', message: 'The web chat is starting; try again in a moment.' });
    let frame: ClientFrame;
    try {
      if (text === null) throw new FrameError('bad-frame', 'Frames are JSON text, not binary.');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new FrameError('bad-frame', 'A frame must be valid JSON.');
      }
      frame = parseFrame(value, this.limits.maxText);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      const id = idOf(text);
      return this.reply(connection, { t: 'error', code: error.code, message: error.message, ...(id ? { id } : {}) });
    }

    if (frame.t === 'hello') return this.hello(connection, frame, runtime);
    const { session, tenant } = connection;
    if (!session || !tenant) return this.reply(connection, { t: 'error', code: 'not-ready', id: frame.id, message: 'Send "hello" first.' });
    const wait = connection.bucket.take();
    if (wait > 0) {
      return this.reply(connection, { t: 'error', code: 'rate-limited', id: frame.id, retryAfterMs: wait, message: `Too many messages: wait ${Math.ceil(wait / 1000)} s.` });
    }
    const ref = this.ref(tenant.slug, session);
    const bubble = inboundBubble(frame);
    let duplicate = false;
    if (bubble) {
      const recorded = await this.recordInbound(tenant, session, frame.id, bubble);
      if (recorded) {
        this.push(liveKey(tenant.slug, session), { t: 'message', entry: toEntry(recorded) });
        await this.announce({ kind: 'message', tenant: tenant.slug, session, ids: [String(recorded.id)] });
      } else duplicate = true;
    }
    // The engine processes an event id once: a frame resent after a reconnect is only acknowledged.
    await runtime.deliver(fromWebchat(frame, { ref, receivedAt: new Date(), ...(connection.locale ? { locale: connection.locale } : {}) }));
    this.reply(connection, { t: 'ack', id: frame.id, ...(duplicate ? { duplicate } : {}) });
  }

  private async hello(connection: Connection, frame: Extract<ClientFrame, { t: 'hello' }>, runtime: AdapterRuntime): Promise<void> {
    if (connection.session) return this.reply(connection, { t: 'error', code: 'bad-frame', message: 'This connection already said hello.' });
    const tenant = await runtime.persistence.tenant(connection.tenantSlug);
    if (!tenant) {
      this.reply(connection, { t: 'error', code: 'tenant-unknown', message: `There is no comune "${connection.tenantSlug}" here: check the chat address.` });
      return connection.socket.close(4404, 'unknown tenant');
    }
    let token = frame.token;
    let session: string;
    if (token) {
      const verified = this.tokens.verify(token, tenant.slug);
      if (!verified) {
        this.reply(connection, { t: 'error', code: 'token-invalid', message: 'The stored session is not valid for this comune: start a new conversation (connect without a token).' });
        return connection.socket.close(4401, 'invalid session token');
      }
      session = verified.session;
    } else {
      ({ token, session } = this.tokens.issue(tenant.slug));
    }
    connection.tenant = tenant;
    connection.session = session;
    if (frame.locale) connection.locale = frame.locale;
    const key = liveKey(tenant.slug, session);
    if (!this.live.has(key)) this.live.set(key, new Set());
    this.live.get(key)?.add(connection);
    const em = runtime.persistence.em(tenant.id);
    const rows = await em.find(WebchatMessage, { session }, { orderBy: { id: 'desc' }, limit: this.historyLimit });
    this.reply(connection, { t: 'welcome', token, session, history: rows.reverse().map(toEntry), limits: this.limits });
  }

  /** Records an inbound bubble; undefined when this client id was already recorded (a resend). */
  private async recordInbound(tenant: TenantInfo, session: string, clientId: string, body: RenderedMessage): Promise<WebchatMessage | undefined> {
    const em = this.runtime?.persistence.em(tenant.id);
    if (!em) return undefined;
    if ((await em.count(WebchatMessage, { session, clientId })) > 0) return undefined;
    const row = em.create(WebchatMessage, { tenant: tenant.id, session, direction: 'in', clientId, body });
    try {
      await em.flush();
      return row;
    } catch (error) {
      // Two tabs resent the same message at once: the unique index kept one.
      if (error instanceof Error && error.name === 'UniqueConstraintViolationException') return undefined;
      throw error;
    }
  }

  private async pageRoute(req: HttpRequest): Promise<HttpReceipt> {
    const slug = req.params.tenant ?? '';
    const tenant = await this.runtime?.persistence.tenant(slug);
    if (!tenant) return { response: notFound(`There is no comune "${slug}" here: check the chat address.`), events: [] };
    const lang = this.pages.language(tenant, req.query.lang, req.headers['accept-language']);
    return { response: this.pages.page(tenant, lang, { embed: req.query.embed === '1' }), events: [] };
  }

  private async mediaRoute(req: HttpRequest): Promise<HttpReceipt> {
    const key = req.query.k ?? '';
    const signature = Buffer.from(req.query.s ?? '');
    const expected = Buffer.from(this.tokens.sign(`media:${req.params.tenant}:${key}`));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return { response: notFound('No such file.'), events: [] };
    const file = await this.media.read(key);
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
    const runtime = this.runtime;
    if (!runtime) return fail(503, 'not-ready', 'The web chat is starting; try again in a moment.');
    const slug = req.params.tenant ?? '';
    const tenant = await runtime.persistence.tenant(slug);
    if (!tenant) return fail(404, 'tenant-unknown', `There is no comune "${slug}" here.`);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const verified = token ? this.tokens.verify(token, tenant.slug) : undefined;
    if (!verified) return fail(401, 'token-invalid', 'Send the session token of this comune as "Authorization: Bearer <token>".');
    const clientId = req.headers['x-client-id'] ?? '';
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(clientId)) return fail(400, 'bad-frame', 'Send "X-Client-Id" with 8-64 characters [A-Za-z0-9_-].');
    const mimeType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const kind = (Object.entries(this.limits.uploads) as [MediaKind, MediaLimit][]).find(([, limit]) => limit.mimeTypes.includes(mimeType))?.[0];
    const limit = kind ? this.limits.uploads[kind as 'photo' | 'video'] : undefined;
    if (!kind || !limit) {
      const accepted = Object.values(this.limits.uploads).flatMap((l) => l?.mimeTypes ?? []).join(', ');
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
    const mediaKey = await this.media.saveUpload(tenant.slug, verified.session, mimeType, req.rawBody);
    const size = req.rawBody.byteLength;
    const body: RenderedMessage = { attachment: { kind: kind === 'video' ? 'video' : 'photo', url: this.mediaUrl(tenant.slug, mediaKey), mimeType, fileName, size } };
    const recorded = await this.recordInbound(tenant, verified.session, clientId, body);
    if (!recorded) return { response: { status: 200, body: { ok: true, id: clientId, duplicate: true } }, events: [] };
    this.push(bucketKey, { t: 'message', entry: toEntry(recorded) });
    await this.announce({ kind: 'message', tenant: tenant.slug, session: verified.session, ids: [String(recorded.id)] });
    const ref = this.ref(tenant.slug, verified.session);
    const media = this.media;
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

  private async outboundMedia(tenant: string, message: OutboundMessage): Promise<RenderedMedia | undefined> {
    const attachment = message.attachment;
    if (!attachment) return undefined;
    const key = await this.media.saveOutbound(attachment.media);
    return {
      kind: attachment.kind,
      url: this.mediaUrl(tenant, key),
      mimeType: attachment.media.mimeType,
      fileName: attachment.media.fileName,
      size: attachment.media.size,
      ...(attachment.caption ? { caption: toWebchat({ text: attachment.caption }, this.capabilities)[0]?.text ?? [] } : {}),
    };
  }

  private mediaUrl(tenant: string, key: string): string {
    return `/chat/${tenant}/media?k=${encodeURIComponent(key)}&s=${this.tokens.sign(`media:${tenant}:${key}`)}`;
  }

  private ref(tenant: string, session: string): ConversationRef {
    return { tenant, channel: this.channel, account: this.account, chatId: session };
  }

  /**
   * Tells the other processes what was just pushed here. Awaited, so one session's signals leave in
   * order (a fire-and-forget publish could overtake the previous one on another pool connection); a
   * failure is logged, never turned into a failed delivery: the row is stored, and their tabs find it
   * on the next reconnect.
   */
  private async announce(signal: LiveSignal): Promise<void> {
    const runtime = this.runtime;
    if (!runtime?.signals) return;
    try {
      await runtime.signals.publish(LIVE_TOPIC, { ...signal, ids: [...signal.ids] });
    } catch (error) {
      runtime.log.warn({ err: error, tenant: signal.tenant }, 'web chat: other processes not told; their tabs show the message after a reconnect');
    }
  }

  /**
   * Signals from other processes may have been missed (our listener was cut off): every tab here is
   * asked to reconnect (1012, "service restart"), and its `hello` reads the stored history again, as
   * after any reconnect. Rare (a database restart), and simpler than tracking what each tab has seen.
   */
  private reconnectTabs(): void {
    let tabs = 0;
    for (const connections of this.live.values()) {
      for (const { socket } of connections) {
        socket.close(RECONNECT_CODE, 'missed updates: reconnect');
        tabs += 1;
      }
    }
    if (tabs > 0) this.runtime?.log.info({ tabs }, 'web chat: tabs asked to reconnect after a gap in cluster signals');
  }

  /** Another process changed a session's history: push it to the tabs of that session connected here. */
  private onSignal(payload: unknown): Promise<void> {
    const signal = liveSignal(payload);
    if (!signal) {
      trace('ignored a malformed live signal');
      return Promise.resolve();
    }
    const key = liveKey(signal.tenant, signal.session);
    // Most signals are for tabs on other processes: no tab here, nothing to read.
    if (!this.live.has(key)) return Promise.resolve();
    this.signalChain = this.signalChain
      .then(() => this.pushSignal(key, signal))
      .catch((error: unknown) => this.runtime?.log.error({ err: error, tenant: signal.tenant }, 'web chat: a message from another process was not pushed'));
    return this.signalChain;
  }

  private async pushSignal(key: string, signal: LiveSignal): Promise<void> {
    if (signal.kind === 'reset') return this.push(key, { t: 'reset' });
    const runtime = this.runtime;
    const tenant = await runtime?.persistence.tenant(signal.tenant);
    if (!runtime || !tenant) return;
    const ids = signal.ids.map(Number);
    const rows = await runtime.persistence.em(tenant.id).find(WebchatMessage, { id: { $in: ids }, session: signal.session }, { orderBy: { id: 'asc' } });
    for (const row of rows) this.push(key, { t: 'message', entry: toEntry(row), ...(signal.kind === 'replaced' ? { replaced: true } : {}) });
  }

  private push(key: string, frame: ServerFrame): void {
    for (const connection of this.live.get(key) ?? []) this.reply(connection, frame);
  }

  private reply(connection: Connection, frame: ServerFrame): void {
    if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(JSON.stringify(frame));
  }

  /** Closes sockets that stopped answering pings (a laptop lid closed, a network gone). */
  private ping(): void {
    for (const connections of this.live.values()) {
      for (const { socket } of connections) {
        const s = socket as WebSocket & { isAlive?: boolean };
        if (s.isAlive === false) {
          s.terminate();
          continue;
        }
        s.isAlive = false;
        s.ping();
      }
    }
    const now = Date.now();
    for (const [key, at] of this.erased) if (now - at > ERASED_GRACE_MS) this.erased.delete(key);
    this.uploadBuckets.clear();
  }
}

function liveKey(tenant: string, session: string): string {
  return `${tenant}/${session}`;
}

/** A live signal from another process, or undefined when the payload is not one (checked: it crossed a process boundary). */
function liveSignal(payload: unknown): LiveSignal | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { kind, tenant, session, ids } = payload as Record<string, unknown>;
  if (kind !== 'message' && kind !== 'replaced' && kind !== 'reset') return undefined;
  if (typeof tenant !== 'string' || !TENANT_SLUG.test(tenant) || typeof session !== 'string' || !session) return undefined;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && /^\d{1,18}$/.test(id))) return undefined;
  return { kind, tenant, session, ids };
}

function toEntry(row: WebchatMessage): HistoryEntry {
  return { id: String(row.id), dir: row.direction, ...(row.clientId ? { clientId: row.clientId } : {}), at: row.createdAt.toISOString(), body: row.body };
}

function idOf(text: string | null): string | undefined {
  const match = text ? /"id"\s*:\s*"([A-Za-z0-9_-]{8,64})"/.exec(text) : null;
  return match?.[1];
}

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
