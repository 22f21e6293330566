import { chain, type Transformer } from 'campanile';
import { MessengerApiError, MessengerNetworkError } from './errors.js';

/** The Graph API version at the time of writing (v26.0, as the WhatsApp adapter uses); override with `MESSENGER_API_ROOT` (or point tests at a fake). */
export const DEFAULT_API_ROOT = 'https://graph.facebook.com/v26.0';

/** One HTTP call to the Graph API, as transformers see it. Never holds the token. */
export interface MessengerCall {
  readonly method: 'GET' | 'POST';
  /** Path under the API root (`/<page-id>/messages`), or an absolute URL (an attachment's CDN URL). */
  readonly path: string;
  readonly json?: unknown;
  readonly form?: FormData;
  /** Read the answer as bytes (a download) instead of JSON; sent without the token. */
  readonly binary?: boolean;
}

export interface MessengerResult {
  readonly status: number;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  readonly contentType?: string;
}

export interface MessengerApiOptions {
  readonly pageAccessToken: string;
  readonly pageId: string;
  /** Versioned base URL, default `DEFAULT_API_ROOT`. */
  readonly apiRoot?: string;
  /** Per-call timeout (default 15 s); a timed-out call is a network error (transient). */
  readonly timeoutMs?: number;
  /** Transformers around every call (metrics, recording, throttling), outermost first. */
  readonly transformers?: readonly Transformer<MessengerCall, MessengerResult>[];
}

/**
 * A thin client of the Send API: plain `fetch`, JSON in and out, every call through the transformer
 * chain; refusals thrown as `MessengerApiError`, an unreachable Meta as `MessengerNetworkError`.
 *
 * @example
 * const api = new MessengerApi({ pageAccessToken, pageId });
 * const { messageId } = await api.sendMessage({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'Ciao' } });
 */
export class MessengerApi {
  readonly apiRoot: string;
  private readonly call: (call: MessengerCall, signal?: AbortSignal) => Promise<MessengerResult>;

  constructor(private readonly options: MessengerApiOptions) {
    this.apiRoot = (options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, '');
    this.call = chain((call: MessengerCall, signal?: AbortSignal) => this.raw(call, signal), options.transformers ?? []);
  }

  /** `POST /{page-id}/messages`; returns the new message's id. */
  async sendMessage(body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<{ messageId: string }> {
    const result = await this.call({ method: 'POST', path: `/${this.options.pageId}/messages`, json: body }, signal);
    const id = (result.json as { message_id?: unknown } | undefined)?.message_id;
    if (typeof id !== 'string') throw new MessengerNetworkError('the Send API answered without message_id');
    return { messageId: id };
  }

  /** `GET /me` with the page access token: the page the token belongs to. */
  async page(signal?: AbortSignal): Promise<{ id: string; name: string }> {
    const result = await this.call({ method: 'GET', path: '/me?fields=id,name' }, signal);
    const page = result.json as { id?: unknown; name?: unknown } | undefined;
    return { id: String(page?.id ?? ''), name: String(page?.name ?? '') };
  }

  /** `POST /{page-id}/message_attachments` (multipart, reusable): the attachment id for later sends. */
  async uploadAttachment(type: 'image' | 'file', bytes: Uint8Array, mimeType: string, fileName: string, signal?: AbortSignal): Promise<string> {
    const form = new FormData();
    form.set('message', JSON.stringify({ attachment: { type, payload: { is_reusable: true } } }));
    // A copy: Blob wants bytes on an ArrayBuffer, and the caller's may sit on a shared one.
    form.set('filedata', new Blob([new Uint8Array(bytes)], { type: mimeType }), fileName);
    const result = await this.call({ method: 'POST', path: `/${this.options.pageId}/message_attachments`, form }, signal);
    const id = (result.json as { attachment_id?: unknown } | undefined)?.attachment_id;
    if (typeof id !== 'string') throw new MessengerNetworkError('the attachment upload answered without attachment_id');
    return id;
  }

  /** Downloads an inbound attachment from its CDN URL (valid for a limited time: called at once). */
  async download(url: string, signal?: AbortSignal): Promise<{ bytes: Uint8Array; mimeType?: string }> {
    const result = await this.call({ method: 'GET', path: url, binary: true }, signal);
    return { bytes: result.bytes ?? new Uint8Array(), ...(result.contentType ? { mimeType: result.contentType } : {}) };
  }

  private async raw(call: MessengerCall, signal?: AbortSignal): Promise<MessengerResult> {
    const absolute = /^https?:\/\//.test(call.path);
    const url = absolute ? call.path : `${this.apiRoot}${call.path}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15_000);
    // The token goes to the Graph API only, never to a CDN URL.
    const headers: Record<string, string> = absolute ? {} : { authorization: `Bearer ${this.options.pageAccessToken}` };
    let body: string | FormData | undefined;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    } else if (call.form) {
      body = call.form;
    }
    let response: Response;
    try {
      response = await fetch(url, { method: call.method, headers, body: body ?? null, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new MessengerNetworkError(error instanceof Error ? error.message : String(error), error);
    }
    const contentType = response.headers.get('content-type') ?? undefined;
    if (response.ok && call.binary) return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()), ...(contentType ? { contentType } : {}) };
    const text = await response.text();
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.ok) return { status: response.status, json };
    const error = (json as { error?: { message?: string; code?: number; error_subcode?: number; fbtrace_id?: string } } | undefined)?.error;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new MessengerApiError(
      response.status,
      typeof error?.code === 'number' ? error.code : undefined,
      error?.message ?? (text.slice(0, 200) || response.statusText),
      error?.error_subcode,
      error?.fbtrace_id,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
}
