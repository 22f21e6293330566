import debug from 'debug';
import type { WebSocket } from 'ws';
import { ChannelIdentity, type AdapterRuntime, type TenantInfo } from '../../core/index.js';
import { recordInbound, toEntry } from './history.js';
import { liveKey, reply, type Connection } from './live-push.js';
import type { WebchatPartOptions } from './part-options.js';
import { FrameError, fromWebchat, inboundBubble, parseFrame, type ClientFrame } from './mapping.js';
import { TokenBucket } from './token-bucket.js';
import { WebchatMessage } from './webchat-message.js';

const trace = debug('campanile:webchat');

const HELLO_TIMEOUT_MS = 10_000;

/** What the socket handler needs from the adapter. */
export interface WebchatSocketOptions extends WebchatPartOptions {
  /** Messages a reload shows. */
  readonly historyLimit: number;
}

/**
 * The WebSocket side of the web chat: one connection per open tab. The first frame must be `hello`
 * (with the stored token, if any), answered with the session's history; then each message frame is
 * recorded in the history, pushed to the session's other tabs, handed to the engine and acknowledged.
 *
 * @example
 * const sockets = new WebchatSockets({ runtime: () => runtime, limits, tokens, historyLimit: 200, live, ref });
 * sockets.accept(socket, 'esempio');
 */
export class WebchatSockets {
  constructor(private readonly options: WebchatSocketOptions) {}

  /**
   * Takes over one WebSocket of the page of `tenantSlug`. The first frame must be `hello` (with the
   * stored token, if any); see README.md for the protocol.
   */
  accept(socket: WebSocket, tenantSlug: string): void {
    const { limits, live } = this.options;
    const connection: Connection = { socket, tenantSlug, bucket: new TokenBucket(limits.rate.burst, limits.rate.perSecond), chain: Promise.resolve() };
    const helloTimer = setTimeout(() => {
      if (!connection.session) socket.close(4400, 'hello expected');
    }, HELLO_TIMEOUT_MS);
    (socket as WebSocket & { isAlive?: boolean }).isAlive = true;
    socket.on('pong', () => { (socket as WebSocket & { isAlive?: boolean }).isAlive = true; });
    socket.on('message', (data, isBinary) => {
      connection.chain = connection.chain
        .then(() => this.onFrame(connection, isBinary ? null : data.toString()))
        .catch((error: unknown) => {
          this.options.runtime()?.log.error({ err: error, tenant: tenantSlug }, 'web chat frame failed');
          reply(connection, { t: 'error', code: 'server-error', message: 'The server could not handle this message; it will be resent.' });
        });
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      if (connection.session) live.remove(liveKey(tenantSlug, connection.session), connection);
    });
    socket.on('error', (error) => trace('socket error %s', error.message));
  }

  private async onFrame(connection: Connection, text: string | null): Promise<void> {
    const runtime = this.options.runtime();
    if (!runtime) return reply(connection, { t: 'error', code: 'not-ready', message: 'The web chat is starting; try again in a moment.' });
    let frame: ClientFrame;
    try {
      if (text === null) throw new FrameError('bad-frame', 'Frames are JSON text, not binary.');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new FrameError('bad-frame', 'A frame must be valid JSON.');
      }
      frame = parseFrame(value, this.options.limits.maxText);
    } catch (error) {
      if (!(error instanceof FrameError)) throw error;
      const id = idOf(text);
      return reply(connection, { t: 'error', code: error.code, message: error.message, ...(id ? { id } : {}) });
    }

    if (frame.t === 'hello') return this.hello(connection, frame, runtime);
    const { session, tenant } = connection;
    if (!session || !tenant) return reply(connection, { t: 'error', code: 'not-ready', id: frame.id, message: 'Send "hello" first.' });
    const wait = connection.bucket.take();
    if (wait > 0) {
      return reply(connection, { t: 'error', code: 'rate-limited', id: frame.id, retryAfterMs: wait, message: `Too many messages: wait ${Math.ceil(wait / 1000)} s.` });
    }
    const ref = this.options.ref(tenant.slug, session);
    const bubble = inboundBubble(frame);
    let duplicate = false;
    if (bubble) {
      const recorded = await recordInbound(this.options.runtime(), tenant, session, frame.id, bubble);
      if (recorded) {
        this.options.live.push(liveKey(tenant.slug, session), { t: 'message', entry: toEntry(recorded) });
        await this.options.live.announce({ kind: 'message', tenant: tenant.slug, session, ids: [String(recorded.id)] });
      } else duplicate = true;
    }
    // The engine processes an event id once: a frame resent after a reconnect is only acknowledged.
    await runtime.deliver(fromWebchat(frame, { ref, receivedAt: new Date(), ...(connection.locale ? { locale: connection.locale } : {}) }));
    reply(connection, { t: 'ack', id: frame.id, ...(duplicate ? { duplicate } : {}) });
  }

  private async hello(connection: Connection, frame: Extract<ClientFrame, { t: 'hello' }>, runtime: AdapterRuntime): Promise<void> {
    if (connection.session) return reply(connection, { t: 'error', code: 'bad-frame', message: 'This connection already said hello.' });
    const tenant = await runtime.persistence.tenant(connection.tenantSlug);
    if (!tenant) {
      reply(connection, { t: 'error', code: 'tenant-unknown', message: `There is no comune "${connection.tenantSlug}" here: check the chat address.` });
      return connection.socket.close(4404, 'unknown tenant');
    }
    let token = frame.token;
    let session: string;
    if (token) {
      const verified = this.options.tokens.verify(token, tenant.slug);
      if (!verified) {
        reply(connection, { t: 'error', code: 'token-invalid', message: 'The stored session is not valid for this comune: start a new conversation (connect without a token).' });
        return connection.socket.close(4401, 'invalid session token');
      }
      session = verified.session;
    } else {
      ({ token, session } = this.options.tokens.issue(tenant.slug));
    }
    connection.tenant = tenant;
    connection.session = session;
    if (frame.locale) connection.locale = frame.locale;
    this.options.live.add(liveKey(tenant.slug, session), connection);
    const em = runtime.persistence.em(tenant.id);
    const rows = await em.find(WebchatMessage, { session }, { orderBy: { id: 'desc' }, limit: this.options.historyLimit });
    const locale = await this.personLocale(em, tenant, session);
    reply(connection, { t: 'welcome', token, session, history: rows.reverse().map(toEntry), limits: this.options.limits, ...(locale ? { locale } : {}) });
  }

  /** The language the person chose in the bot (`/lingua`), so a page opened in another one can follow it. */
  private async personLocale(em: ReturnType<AdapterRuntime['persistence']['em']>, tenant: TenantInfo, session: string): Promise<string | undefined> {
    const ref = this.options.ref(tenant.slug, session);
    const identity = await em.findOne(ChannelIdentity, { channel: ref.channel, account: ref.account, externalId: session }, { populate: ['person'] });
    const locale = identity?.person.locale;
    return locale && tenant.locales.includes(locale) ? locale : undefined;
  }
}

/** The client id of a frame that could not be parsed, so the error names the message it refuses. */
function idOf(text: string | null): string | undefined {
  const match = text ? /"id"\s*:\s*"([A-Za-z0-9_-]{8,64})"/.exec(text) : null;
  return match?.[1];
}
