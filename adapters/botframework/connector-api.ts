import debug from 'debug';
import { BotConnectorError, BotConnectorNetworkError } from './errors.js';
import type { BotFrameworkFile, BotFrameworkOutbound, BotFrameworkReference } from './mapping.js';

const trace = debug('campanile:botframework');
/** The SDK's constants, loaded with the first token: importing the SDK costs ~0.4 s and is not needed before. */
const constants = async () => (await import('botframework-connector')).default.AuthenticationConstants;

/** Options of the thin Bot Connector client. The password never reaches logs or errors. */
export interface BotConnectorApiOptions {
  /** Microsoft App ID; absent in emulator mode (then sends carry no token, as the Emulator expects). */
  readonly appId?: string;
  readonly appPassword?: string;
  /** Entra tenant of a single-tenant bot; default `botframework.com` (multi-tenant). */
  readonly appTenantId?: string;
  /** Client-credentials token endpoint; default Microsoft's for the tenant (tests point it at a fake). */
  readonly tokenUrl?: string;
  /** Per-call timeout in ms (default 15 000). */
  readonly timeoutMs?: number;
}

/**
 * The two calls the adapter makes: a client-credentials token (cached until 5 minutes before it
 * expires) and `POST {serviceUrl}/v3/conversations/{id}/activities`. Plain `fetch` rather than the SDK's
 * `ConnectorClient` + `MicrosoftAppCredentials`: those go through MSAL, which cannot be pointed at a
 * local token endpoint, and hide the HTTP status and `Retry-After` the outbox needs.
 *
 * @example
 * const api = new BotConnectorApi({ appId, appPassword });
 * const { id } = await api.sendActivity(reference, { type: 'message', text: 'Ciao', textFormat: 'plain' });
 */
export class BotConnectorApi {
  private token: { value: string; until: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly options: BotConnectorApiOptions) {}

  /** The token endpoint the adapter uses (no secret in it): Microsoft's for the app's tenant unless `tokenUrl` is given. */
  async tokenUrl(): Promise<string> {
    if (this.options.tokenUrl) return this.options.tokenUrl;
    const c = await constants();
    return `${c.ToChannelFromBotLoginUrlPrefix}${this.options.appTenantId || c.DefaultChannelAuthTenant}${c.ToChannelFromBotTokenEndpointPath}`;
  }

  /** Posts one Activity into the conversation; resolves with the connector's activity id. */
  async sendActivity(reference: BotFrameworkReference, activity: BotFrameworkOutbound, signal?: AbortSignal): Promise<{ id: string }> {
    const url = `${reference.serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(reference.conversationId)}/activities`;
    const body = JSON.stringify({
      ...activity,
      from: { id: reference.botId }, recipient: { id: reference.userId }, conversation: { id: reference.conversationId }, channelId: reference.channelId,
    });
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (this.options.appId) headers.authorization = `Bearer ${await this.accessToken(signal)}`;
      const res = await this.fetch(url, { method: 'POST', headers, body }, signal);
      // An expired or revoked token: fetch a fresh one, once.
      if (res.status === 401 && attempt === 0 && this.options.appId) {
        this.token = undefined;
        continue;
      }
      if (!res.ok) throw await connectorError(res, false);
      const answer = (await res.json().catch(() => ({}))) as { id?: string };
      trace('activity posted to %s: %s', reference.conversationId, answer.id);
      return { id: answer.id ?? '' };
    }
  }

  /** Asks the token endpoint anew (the admin's "check connection"): a wrong password is refused now, not at the next notice. */
  async freshToken(signal?: AbortSignal): Promise<string> {
    this.token = undefined;
    return this.accessToken(signal);
  }

  /**
   * Downloads a file a person sent: with the bot's token only when the URL is the connector's own
   * (never to a third-party host), refused above `maxBytes` (by its Content-Length, or while reading).
   */
  async download(file: BotFrameworkFile, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
    const headers: Record<string, string> = {};
    if (file.needsToken && this.options.appId) headers.authorization = `Bearer ${await this.accessToken(signal)}`;
    const res = await this.fetch(file.url, { method: 'GET', headers }, signal);
    if (!res.ok) throw new BotConnectorNetworkError(`downloading an inbound ${file.kind} answered HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new BotConnectorNetworkError(`an inbound ${file.kind} of ${declared} bytes is over the ${maxBytes}-byte cap`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new BotConnectorNetworkError(`an inbound ${file.kind} is over the ${maxBytes}-byte cap`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  /** A bearer token for the connector, shared by concurrent sends. */
  async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    this.pending ??= this.fetchToken(signal).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials', client_id: this.options.appId ?? '', client_secret: this.options.appPassword ?? '',
      scope: `${(await constants()).ToChannelFromBotOAuthScope}/.default`,
    });
    const res = await this.fetch(await this.tokenUrl(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }, signal);
    if (!res.ok) throw await connectorError(res, true);
    const answer = (await res.json()) as { access_token?: string; expires_in?: number };
    if (!answer.access_token) throw new BotConnectorError(res.status, undefined, 'the token endpoint answered without an access_token', undefined, true);
    // Refreshed 5 minutes early: a send never starts with a token about to expire.
    this.token = { value: answer.access_token, until: Date.now() + Math.max(60, (answer.expires_in ?? 3600) - 300) * 1000 };
    return answer.access_token;
  }

  private async fetch(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15_000);
    try {
      return await fetch(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError' && signal?.aborted) throw error;
      throw new BotConnectorNetworkError(error instanceof Error ? error.message : String(error), error);
    }
  }
}

async function connectorError(res: Response, fromTokenEndpoint: boolean): Promise<BotConnectorError> {
  const text = await res.text().catch(() => '');
  let code: string | undefined;
  let detail = text.slice(0, 200) || res.statusText;
  try {
    const json = JSON.parse(text) as { error?: { code?: string; message?: string } | string; error_description?: string };
    if (typeof json.error === 'object') ({ code, message: detail = detail } = json.error);
    else if (typeof json.error === 'string') [code, detail] = [json.error, json.error_description ?? detail];
  } catch { /* not JSON: keep the text */ }
  const retryAfter = Number(res.headers.get('retry-after'));
  return new BotConnectorError(res.status, code, detail, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined, fromTokenEndpoint);
}
