import debug from 'debug';
import {
  ChannelIdentity, defaultChannelTexts, delivery,
  type AdapterLogger, type AdapterMedia, type AdapterRuntime, type ChannelAdapter, type ChannelCapabilities, type ConversationRef, type DeliveryResult,
  type HttpReceipt, type HttpRequest, type HttpRoute, type OutboundMessage, type SendContext, type StateStorage,
} from '../../core/index.js';
import { BotConnectorApi } from './connector-api.js';
import { deliveryResultOf } from './errors.js';
import { fromBotFramework, HERO_CARD_BUTTONS, referenceOf, toBotFramework, type BotFrameworkActivity, type BotFrameworkReference } from './mapping.js';
import type { ChannelAuth } from './webhook-auth.js';

const trace = debug('campanile:botframework');

/** Options of one Azure Bot (one Microsoft App ID). Secrets never reach logs. */
export interface BotFrameworkAdapterOptions {
  /** Microsoft App ID of the Azure Bot (`BOTFRAMEWORK_APP_ID`). Absent only in emulator mode. */
  readonly appId?: string;
  /** Client secret of the app registration (`BOTFRAMEWORK_APP_PASSWORD`). Required with `appId`. */
  readonly appPassword?: string;
  /** Entra tenant id of a single-tenant bot (`BOTFRAMEWORK_APP_TENANT_ID`); multi-tenant when absent. */
  readonly appTenantId?: string;
  /**
   * Local development with the Bot Framework Emulator: no app id, webhooks accepted WITHOUT
   * authentication, sends without a token. Must be asked for explicitly (`BOTFRAMEWORK_EMULATOR=1`), so
   * a forgotten app id never opens an unauthenticated webhook in production.
   */
  readonly emulator?: boolean;
  /** Account name within the tenant (default `default`). */
  readonly account?: string;
  /** Tenant slug this bot belongs to; when set, webhooks for another `:tenant` get 404. */
  readonly tenant?: string;
  /** Webhook path (default `/webhooks/botframework/:tenant`); a second bot of one tenant gets its own. */
  readonly webhookPath?: string;
  /** OpenID metadata of the Bot Connector (default Microsoft's; `BOTFRAMEWORK_OPENID_METADATA_URL`). */
  readonly openIdMetadataUrl?: string;
  /** Client-credentials token endpoint (default Microsoft's; `BOTFRAMEWORK_TOKEN_URL`). */
  readonly tokenUrl?: string;
  /** Per-call timeout in ms (default 15 000). */
  readonly timeoutMs?: number;
}

/**
 * The Bot Framework channel (Teams, Web Chat, the Emulator and the other Azure Bot channels): the Bot
 * Connector's signed Activities in, `POST {serviceUrl}/v3/conversations/{id}/activities` out. Built on
 * botframework-connector 4.23.3 (end of life: see the README) for the token check only.
 *
 * @example
 * const bot = new BotFrameworkAdapter({ appId, appPassword, tenant: 'esempio' });
 * const app = await createCampanile({ …, adapters: [{ adapter: bot }] }); // mounts /webhooks/botframework/:tenant
 * await bot.send(ref, { text: plain('Ciao') });
 */
export class BotFrameworkAdapter implements ChannelAdapter {
  readonly channel = 'botframework';
  readonly account: string;
  readonly capabilities: ChannelCapabilities = botFrameworkCapabilities();
  readonly routes: readonly HttpRoute[];
  readonly api: BotConnectorApi;
  /** The token check, built at the first webhook: it loads the SDK, which nothing else needs. */
  private auth: Promise<ChannelAuth> | undefined;
  private storage: StateStorage | undefined;
  private media: AdapterMedia | undefined;
  private log: AdapterLogger | undefined;

  constructor(private readonly options: BotFrameworkAdapterOptions) {
    if (!options.appId && !options.emulator) throw new Error('BotFrameworkAdapter: option "appId" is missing: set BOTFRAMEWORK_APP_ID, or BOTFRAMEWORK_EMULATOR=1 for local development with the Emulator (see adapters/botframework/README.md).');
    if (options.appId && !options.appPassword) throw new Error('BotFrameworkAdapter: option "appPassword" is missing: set BOTFRAMEWORK_APP_PASSWORD to a client secret of the app registration (see adapters/botframework/README.md).');
    this.account = options.account ?? 'default';
    this.api = new BotConnectorApi({
      ...(options.appId ? { appId: options.appId, appPassword: options.appPassword } : {}),
      ...(options.appTenantId ? { appTenantId: options.appTenantId } : {}),
      ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.routes = [{ method: 'POST', path: options.webhookPath ?? '/webhooks/botframework/:tenant', bodyLimit: 1024 * 1024, handle: (request) => this.receive(request) }];
  }

  /** The Microsoft App ID ('' in emulator mode): two adapters with the same one are the same bot. */
  get appId(): string {
    return this.options.appId ?? '';
  }

  /** Whether webhooks are accepted without authentication (local development only). */
  get emulator(): boolean {
    return !this.options.appId;
  }

  async start(runtime: AdapterRuntime): Promise<void> {
    this.log = runtime.log;
    this.storage = runtime.storage;
    this.media = runtime.media;
    // The stored reference holds the person's Bot Framework user id: erasure removes it too. The storage
    // is not part of the erasure transaction (on SQLite its one connection is held by it), so the keys are
    // deleted right after it, not inside it: a rolled-back erasure loses only a cache the next message rewrites.
    runtime.onErase(async (em, person) => {
      const tenant = typeof person.tenant === 'number' ? person.tenant : person.tenant.id;
      const identities = await em.find(ChannelIdentity, { tenant, person: person.id, channel: this.channel, account: this.account }, { filters: false });
      const keys = identities.map((identity) => referenceKey(identity.externalId));
      if (keys.length === 0) return;
      setImmediate(() => void Promise.all(keys.map((key) => runtime.storage.delete(key))).catch((error: unknown) => {
        runtime.log.error({ err: error, channel: this.channel, account: this.account }, 'botframework: deleting an erased person\'s conversation reference failed');
      }));
    });
    if (this.emulator) runtime.log.warn({ channel: this.channel, account: this.account }, 'botframework in emulator mode: webhooks are NOT authenticated; for local development only');
  }

  /**
   * POST: one Activity. Authenticated before anything is delivered (401 and no events when the token is
   * missing, unsigned, expired, for another bot or from another issuer); the conversation reference is
   * stored, then the Activity is mapped and acknowledged with 200.
   */
  async receive(request: HttpRequest): Promise<HttpReceipt> {
    const tenantParam = request.params.tenant;
    if (this.options.tenant && tenantParam && tenantParam !== this.options.tenant) return { response: { status: 404, body: 'unknown tenant' }, events: [] };
    let activity: BotFrameworkActivity;
    try {
      activity = JSON.parse(Buffer.from(request.rawBody).toString('utf8')) as BotFrameworkActivity;
    } catch {
      activity = {};
    }
    if (!this.emulator) {
      // Checked on every request, before the body's content is trusted (a malformed body fails here too: 401).
      const result = await (await this.channelAuth()).verify(request.headers.authorization, activity.channelId ?? '', activity.serviceUrl);
      if (!result.ok) {
        this.log?.warn({ channel: this.channel, account: this.account, reason: result.reason }, 'botframework webhook refused');
        return { response: { status: result.status, body: 'unauthorized' }, events: [] };
      }
    }
    if (typeof activity !== 'object' || activity === null || !activity.type) return { response: { status: 400, body: 'body is not an Activity' }, events: [] };
    const tenant = this.options.tenant ?? tenantParam ?? '';
    const reference = referenceOf(activity);
    // The serviceUrl of a conversation may change: the newest one is kept for proactive notices. Read
    // first: most Activities repeat the stored reference, and a read is cheaper than a write per message.
    if (reference && this.storage) {
      const key = referenceKey(reference.conversationId);
      const stored = await this.storage.read<BotFrameworkReference>(key);
      if (!sameReference(stored, reference)) await this.storage.write(key, reference);
    }
    const mapped = fromBotFramework(activity, { tenant, account: this.account, download: (file, signal) => this.api.download(file, this.capabilities.inboundMedia[file.kind]?.maxBytes ?? INBOUND_MAX_BYTES, signal) });
    // The links expire (Teams' pre-signed file links within minutes): a started adapter copies at once.
    const events = this.media ? this.media.keepAll(mapped) : mapped;
    trace('activity %s for %s: %d events', activity.type, tenant, events.length);
    return { response: { status: 200 }, events };
  }

  /** A client-credentials token for the app id and password (emulator mode has nothing to check). */
  async checkConnection(signal?: AbortSignal): Promise<{ readonly ok: true; readonly identity: string } | { readonly ok: false; readonly problem: string }> {
    if (this.emulator) return { ok: true, identity: 'Bot Framework Emulator (no app id: webhooks not authenticated)' };
    try {
      await this.api.freshToken(signal);
      return { ok: true, identity: `Microsoft App ID ${this.appId}` };
    } catch (error) {
      return { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Sends one message: each Activity in turn; the result of the first refusal, or the last activity id. */
  async send(ref: ConversationRef, message: OutboundMessage, signal?: AbortSignal, context?: SendContext): Promise<DeliveryResult> {
    const reference = await this.referenceFor(ref);
    if (!reference) return delivery.permanent(`no Bot Framework conversation reference for ${ref.chatId}: the person must write to the bot first`);
    const attachment = message.attachment;
    const limit = attachment ? this.capabilities.media[attachment.kind] : undefined;
    // Refused before the file is read: the limit is declared, the connector would refuse it after the upload.
    if (attachment && (!limit || attachment.media.size > limit.maxBytes)) {
      return delivery.permanent(`${attachment.media.fileName} is ${attachment.media.size} bytes; Bot Framework takes ${attachment.kind}s up to ${limit?.maxBytes ?? 0} bytes inline: make it smaller`);
    }
    try {
      const media = attachment ? { contentUrl: `data:${attachment.media.mimeType};base64,${Buffer.from(await attachment.media.read()).toString('base64')}` } : undefined;
      const hint = context?.texts?.numberedHint ?? defaultChannelTexts().numberedHint;
      let last: string | undefined;
      for (const activity of toBotFramework(message, this.capabilities, hint, media)) last = (await this.api.sendActivity(reference, activity, signal)).id;
      return last !== undefined ? delivery.delivered(last) : delivery.permanent('nothing to send: the message has no text, attachment or choices');
    } catch (error) {
      const result = deliveryResultOf(error);
      this.log?.warn({ channel: this.channel, account: this.account, result }, 'botframework send refused');
      return result;
    }
  }

  private channelAuth(): Promise<ChannelAuth> {
    const { appId = '', appPassword = '', openIdMetadataUrl } = this.options;
    this.auth ??= import('./webhook-auth.js').then(({ ChannelAuth }) => new ChannelAuth({ appId, appPassword, ...(openIdMetadataUrl ? { openIdMetadataUrl } : {}) }));
    return this.auth;
  }

  /** The stored reference of a chat, else the one its `ConversationRef` carries (written at the first message). */
  private async referenceFor(ref: ConversationRef): Promise<BotFrameworkReference | undefined> {
    const stored = await this.storage?.read<BotFrameworkReference>(referenceKey(ref.chatId));
    if (stored) return stored;
    const extra = ref.extra ?? {};
    const [serviceUrl, channelId, botId, userId] = [extra.serviceUrl, extra.channelId, extra.botId, extra.userId];
    if (typeof serviceUrl !== 'string' || typeof botId !== 'string' || typeof userId !== 'string') return undefined;
    return { serviceUrl, conversationId: ref.chatId, channelId: typeof channelId === 'string' ? channelId : '', botId, userId };
  }
}

/** Field by field: PostgreSQL's jsonb does not keep the key order, so the JSON texts may differ. */
function sameReference(a: BotFrameworkReference | undefined, b: BotFrameworkReference): boolean {
  return !!a && (['serviceUrl', 'conversationId', 'channelId', 'botId', 'userId', 'tenantId'] as const).every((field) => a[field] === b[field]);
}

function referenceKey(conversationId: string): string {
  return `ref:${conversationId}`;
}

/** The largest file a person's message may bring in (downloaded at once into the media store). */
const INBOUND_MAX_BYTES = 25 * 1024 * 1024;

/**
 * What the Bot Framework can do, for every channel behind it (Teams' limits as the strictest): 4000
 * characters per text, 18 buttons on three hero cards, inline images and documents up to 1 MB (a data URI: the
 * Activity must stay under the connector's size limit), proactive messages once a conversation exists.
 *
 * @example
 * const capabilities = botFrameworkCapabilities();
 * choicesFit(capabilities, choices); // up to 18 buttons of 40 characters
 */
export function botFrameworkCapabilities(): ChannelCapabilities {
  return {
    maxTextLength: 4000,
    maxCaptionLength: 4000,
    // Three hero cards of 6 (Teams' limit per card): the categories menu (7 + "Fatto") stays buttons.
    maxChoiceButtons: 3 * HERO_CARD_BUTTONS,
    maxButtonLabel: 40,
    list: null,
    linkButtons: false,
    locationRequest: false,
    edit: false,
    delete: false,
    media: {
      image: { maxBytes: 1024 * 1024, mimeTypes: ['image/png', 'image/jpeg', 'image/gif'] },
      document: { maxBytes: 1024 * 1024, mimeTypes: ['application/pdf', 'text/plain'] },
    },
    // No size is published for what a person attaches (Teams' files live in OneDrive): these are the
    // adapter's own download caps, the same as the other channels' for the same kinds.
    inboundMedia: {
      photo: { maxBytes: INBOUND_MAX_BYTES, mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] },
      video: { maxBytes: INBOUND_MAX_BYTES, mimeTypes: ['video/mp4', 'video/quicktime'] },
      audio: { maxBytes: INBOUND_MAX_BYTES, mimeTypes: ['audio/mpeg', 'audio/mp4', 'audio/wav', 'audio/ogg'] },
      document: { maxBytes: INBOUND_MAX_BYTES, mimeTypes: ['application/pdf', 'text/plain'] },
    },
    canInitiate: true,
    replyWindowHours: null,
    // Teams' per-conversation limit is 7 messages a second (then 60 per 30 s); 30/s per bot stays well
    // under its 50 requests a second per app.
    rateLimits: { perAccount: { count: 30, perMs: 1000 }, perChat: { count: 7, perMs: 1000 } },
  };
}
