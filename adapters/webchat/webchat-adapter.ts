import type { WebSocket } from 'ws';
import {
  ChannelIdentity, delivery, type AdapterRuntime, type ChannelAdapter, type ChannelCapabilities,
  type ConversationRef, type DeliveryResult, type HttpRoute, type SocketRoute,
  type OutboundMessage,
} from '../../core/index.js';
import { toEntry } from './history.js';
import { LivePush, liveKey } from './live-push.js';
import { toWebchat, type RenderedMedia } from './mapping.js';
import { MediaStore } from './media-store.js';
import { webchatMigrations } from './migrations/index.js';
import { MAX_FRAME_BYTES, type MediaLimit, type WebchatLimits } from './protocol.js';
import { WebchatRoutes } from './routes.js';
import { SessionTokens } from './session-token.js';
import { WebchatSockets } from './socket.js';
import { WebchatMessage } from './webchat-message.js';
import { webchatRetention } from './webchat-retention.js';

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

const MB = 1024 * 1024;
const DEFAULT_UPLOADS: Readonly<Record<'photo' | 'video', MediaLimit>> = {
  photo: { maxBytes: 10 * MB, mimeTypes: ['image/jpeg', 'image/png', 'image/webp'] },
  video: { maxBytes: 25 * MB, mimeTypes: ['video/mp4', 'video/webm', 'video/quicktime'] },
};
const PING_INTERVAL_MS = 30_000;
/** How long after an erasure the last reply ("your data was deleted") may still reach the open tab. */
const ERASED_GRACE_MS = 60_000;

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
  private runtime: AdapterRuntime | undefined;
  private readonly live = new LivePush(() => this.runtime);
  private readonly socketHandler: WebchatSockets;
  private readonly http: WebchatRoutes;
  private readonly erased = new Map<string, number>();
  private pinger: NodeJS.Timeout | undefined;

  /** The chat page of the comune; a payload (`cat_eventi`) goes to `/start` when the person begins. */
  joinLink(request: Parameters<NonNullable<ChannelAdapter['joinLink']>>[0]): ReturnType<NonNullable<ChannelAdapter['joinLink']>> {
    const page = `${request.origin.replace(/\/+$/, '')}/chat/${encodeURIComponent(request.tenant)}`;
    return { url: request.payload && /^[A-Za-z0-9_-]{1,64}$/.test(request.payload) ? `${page}?start=${request.payload}` : page };
  }

  constructor(options: WebchatAdapterOptions) {
    if (!options?.secret) throw new Error('WebchatAdapter needs `secret`: pass webchatSecret(process.env, config.dataDir), which reads WEBCHAT_SECRET or generates one.');
    if (!options.mediaDir) throw new Error('WebchatAdapter needs `mediaDir`: the folder for uploads, e.g. join(config.mediaDir, "webchat").');
    this.account = options.account ?? 'default';
    this.tokens = new SessionTokens(options.secret);
    this.media = new MediaStore(options.mediaDir);
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
    const parts = { runtime: () => this.runtime, limits: this.limits, tokens: this.tokens, live: this.live, ref: (tenant: string, session: string) => this.ref(tenant, session) };
    this.socketHandler = new WebchatSockets({ ...parts, historyLimit: options.historyLimit ?? 200 });
    this.http = new WebchatRoutes({ ...parts, media: this.media });
    this.routes = this.http.routes;
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
    await this.live.start(runtime);
  }

  async stop(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    await this.live.stop();
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
      // The declared limits hold here too: a tab should not download what no other channel would send.
      const limit = message.attachment ? this.capabilities.media[message.attachment.kind] : undefined;
      if (message.attachment && limit && message.attachment.media.size > limit.maxBytes) {
        return delivery.permanent(`${message.attachment.media.fileName} is ${message.attachment.media.size} bytes; the web chat shows ${message.attachment.kind}s up to ${limit.maxBytes} bytes`);
      }
      const media = message.attachment ? await this.outboundMedia(ref.tenant, message) : undefined;
      const bubbles = toWebchat(message, this.capabilities, media);
      const erasedAt = this.erased.get(key);
      if (erasedAt !== undefined) {
        // The person was just erased: the last words reach the open tab, nothing is stored again.
        if (Date.now() - erasedAt > ERASED_GRACE_MS) return delivery.gone('unknown');
        for (const body of bubbles) this.live.push(key, { t: 'message', entry: { id: `erased-${Date.now()}`, dir: 'out', at: new Date().toISOString(), body } });
        this.live.push(key, { t: 'reset' });
        await this.live.announce({ kind: 'reset', tenant: ref.tenant, session: ref.chatId, ids: [] });
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
        this.live.push(key, { t: 'message', entry: toEntry(replaced), replaced: true });
        await this.live.announce({ kind: 'replaced', tenant: ref.tenant, session: ref.chatId, ids: [String(replaced.id)] });
        return delivery.delivered(String(replaced.id));
      }
      const rows = bubbles.map((body) => em.create(WebchatMessage, { tenant: tenant.id, session: ref.chatId, direction: 'out', clientId: null, body }));
      await em.flush();
      for (const row of rows) {
        this.live.push(key, { t: 'message', entry: toEntry(row) });
        lastId = String(row.id);
      }
      await this.live.announce({ kind: 'message', tenant: ref.tenant, session: ref.chatId, ids: rows.map((r) => String(r.id)) });
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
    this.socketHandler.accept(socket, tenantSlug);
  }

  private async outboundMedia(tenant: string, message: OutboundMessage): Promise<RenderedMedia | undefined> {
    const attachment = message.attachment;
    if (!attachment) return undefined;
    const key = await this.media.saveOutbound(attachment.media);
    return {
      kind: attachment.kind,
      url: this.http.mediaUrl(tenant, key),
      mimeType: attachment.media.mimeType,
      fileName: attachment.media.fileName,
      size: attachment.media.size,
      ...(attachment.caption ? { caption: toWebchat({ text: attachment.caption }, this.capabilities)[0]?.text ?? [] } : {}),
    };
  }

  private ref(tenant: string, session: string): ConversationRef {
    return { tenant, channel: this.channel, account: this.account, chatId: session };
  }

  /** Every 30 s: closes tabs that stopped answering, forgets old erasures and the upload rate. */
  private ping(): void {
    this.live.ping();
    const now = Date.now();
    for (const [key, at] of this.erased) if (now - at > ERASED_GRACE_MS) this.erased.delete(key);
    this.http.forgetUploadBuckets();
  }
}
