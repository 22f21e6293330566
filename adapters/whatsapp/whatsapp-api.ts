import debug from 'debug';
import { chain, type Transformer } from '../../core/index.js';

/** One call through the transformer chain (what `chain` builds). */
type CallFn<Call, Result> = ReturnType<typeof chain<Call, Result>>;
import { WhatsAppApiError, WhatsAppNetworkError } from './errors.js';

const trace = debug('campanile:whatsapp:api');

/**
 * The current Graph API version at the time of writing (v26.0, released 2026-07-29; v25.0 is available
 * until 2028-07). Override with `WHATSAPP_API_ROOT` to pin another version or to point tests at a fake.
 */
export const DEFAULT_API_ROOT = 'https://graph.facebook.com/v26.0';

/** One HTTP call to the Graph API, as transformers see it. Never holds the token. */
export interface GraphCall {
  readonly method: 'GET' | 'POST';
  /** Path under the API root (`/123/messages`), or an absolute URL (a media download URL). */
  readonly path: string;
  readonly json?: unknown;
  readonly form?: FormData;
  /** Read the answer as bytes (media download) instead of JSON. */
  readonly binary?: boolean;
}

export interface GraphResult {
  readonly status: number;
  readonly json?: unknown;
  readonly bytes?: Uint8Array;
  readonly contentType?: string;
}

export interface WhatsAppApiOptions {
  readonly token: string;
  readonly phoneNumberId: string;
  /** Versioned base URL, default `DEFAULT_API_ROOT`. */
  readonly apiRoot?: string;
  /** Per-call timeout (default 15 s); a timed-out call is a network error (transient). */
  readonly timeoutMs?: number;
  /** Transformers around every call (metrics, recording, throttling), outermost first. */
  readonly transformers?: readonly Transformer<GraphCall, GraphResult>[];
  /** fetch implementation (tests). */
  readonly fetch?: typeof fetch;
}

/** What `GET /{media-id}` answers: the download URL is valid for 5 minutes. */
export interface MediaInfo {
  readonly id: string;
  readonly url: string;
  readonly mime_type: string;
  readonly sha256?: string;
  readonly file_size?: number | string;
}

/**
 * A thin client of the WhatsApp Cloud API: plain `fetch`, JSON in and out, every call through the
 * transformer chain, refusals thrown as `WhatsAppApiError` and unreachable Meta as `WhatsAppNetworkError`.
 * It does not map messages (see `mapping.ts`) nor decide outcomes (see `errors.ts`).
 *
 * @example
 * const api = new WhatsAppApi({ token, phoneNumberId });
 * const { messageId } = await api.sendMessage({ messaging_product: 'whatsapp', to: '39333…', type: 'text', text: { body: 'Ciao' } });
 * const bytes = await api.downloadMedia(mediaId);
 */
export class WhatsAppApi {
  readonly apiRoot: string;
  private readonly call: CallFn<GraphCall, GraphResult>;

  constructor(private readonly options: WhatsAppApiOptions) {
    if (!options.token) throw new Error('WhatsAppApi needs a token: set WHATSAPP_TOKEN (a system-user access token).');
    if (!options.phoneNumberId) throw new Error('WhatsAppApi needs the phone number id: set WHATSAPP_PHONE_NUMBER_ID (WhatsApp Manager → API setup).');
    this.apiRoot = (options.apiRoot ?? DEFAULT_API_ROOT).replace(/\/+$/, '');
    this.call = chain((call, signal) => this.raw(call, signal), options.transformers ?? []);
  }

  /** `POST /{phone-number-id}/messages`; returns the new message's id (wamid). */
  async sendMessage(body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<{ messageId: string }> {
    const result = await this.call({ method: 'POST', path: `/${this.options.phoneNumberId}/messages`, json: body }, signal);
    const id = (result.json as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
    if (typeof id !== 'string') throw new WhatsAppNetworkError('the messages endpoint answered without messages[0].id');
    return { messageId: id };
  }

  /** `GET /{phone-number-id}`: the number as WhatsApp Manager shows it, and its verified business name. */
  async phoneNumber(signal?: AbortSignal): Promise<{ displayPhoneNumber: string; verifiedName: string }> {
    const result = await this.call({ method: 'GET', path: `/${encodeURIComponent(this.options.phoneNumberId)}?fields=display_phone_number,verified_name` }, signal);
    const info = result.json as { display_phone_number?: unknown; verified_name?: unknown } | undefined;
    return { displayPhoneNumber: String(info?.display_phone_number ?? this.options.phoneNumberId), verifiedName: String(info?.verified_name ?? '') };
  }

  /** `POST /{phone-number-id}/media` (multipart); returns the media id, reusable for 30 days. */
  async uploadMedia(bytes: Uint8Array, mimeType: string, fileName: string, signal?: AbortSignal): Promise<string> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', mimeType);
    form.set('file', new Blob([bytes], { type: mimeType }), fileName);
    const result = await this.call({ method: 'POST', path: `/${this.options.phoneNumberId}/media`, form }, signal);
    const id = (result.json as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') throw new WhatsAppNetworkError('the media endpoint answered without an id');
    return id;
  }

  /** `GET /{media-id}`: a fresh download URL, valid 5 minutes. */
  async mediaInfo(mediaId: string, signal?: AbortSignal): Promise<MediaInfo> {
    const result = await this.call({ method: 'GET', path: `/${encodeURIComponent(mediaId)}?phone_number_id=${encodeURIComponent(this.options.phoneNumberId)}` }, signal);
    const info = result.json as Partial<MediaInfo> | undefined;
    if (typeof info?.url !== 'string') throw new WhatsAppNetworkError(`GET /${mediaId} answered without a url`);
    return { id: mediaId, url: info.url, mime_type: String(info.mime_type ?? 'application/octet-stream'), ...(info.sha256 ? { sha256: info.sha256 } : {}), ...(info.file_size !== undefined ? { file_size: info.file_size } : {}) };
  }

  /**
   * Resolves the media id and downloads it at once, with the token, well inside the URL's 5-minute
   * validity (a URL is never cached: each fetch asks for a fresh one).
   */
  async downloadMedia(mediaId: string, signal?: AbortSignal): Promise<{ bytes: Uint8Array; mimeType: string; sha256?: string }> {
    const info = await this.mediaInfo(mediaId, signal);
    const result = await this.call({ method: 'GET', path: info.url, binary: true }, signal);
    return { bytes: result.bytes ?? new Uint8Array(), mimeType: result.contentType ?? info.mime_type, ...(info.sha256 ? { sha256: info.sha256 } : {}) };
  }

  private async raw(call: GraphCall, signal?: AbortSignal): Promise<GraphResult> {
    const url = /^https?:\/\//.test(call.path) ? call.path : `${this.apiRoot}${call.path}`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 15_000);
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` };
    let body: string | FormData | undefined;
    if (call.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.json);
    } else if (call.form) {
      body = call.form;
    }
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, { method: call.method, headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new WhatsAppNetworkError(error instanceof Error ? error.message : String(error), error);
    }
    trace('%s %s → %d', call.method, call.path.startsWith('http') ? '(media url)' : call.path, response.status);
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
    const error = (json as { error?: { message?: string; code?: number; error_subcode?: number; fbtrace_id?: string; error_data?: { details?: string } } } | undefined)?.error;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new WhatsAppApiError(
      response.status,
      typeof error?.code === 'number' ? error.code : undefined,
      error?.message ?? (text.slice(0, 200) || response.statusText),
      error?.error_data?.details,
      error?.error_subcode,
      error?.fbtrace_id,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
}
