import debug from 'debug';
import type { AdapterLogger, AdapterMedia, HttpReceipt, HttpRequest } from '../../core/index.js';
import { fromWhatsApp, type WaWebhook } from './mapping.js';
import { sameSecret, verifySignature } from './webhook-signature.js';
import type { WhatsAppApi } from './whatsapp-api.js';

const trace = debug('campanile:whatsapp');

/** What the webhook needs from the adapter: the number's secrets and ids, and what `start` gave it. */
export interface WhatsAppWebhookOptions {
  readonly appSecret: string;
  readonly phoneNumberId: string;
  readonly account: string;
  /** Tenant slug of the number; when set, webhooks for another `:tenant` get 404. */
  readonly tenant: string | undefined;
  readonly api: WhatsAppApi;
  readonly log: AdapterLogger | undefined;
  /** Where inbound files are copied at once; undefined before `start` (events keep the lazy download). */
  readonly keeper: AdapterMedia | undefined;
}

/**
 * Whether a webhook request is for this number's tenant (404 otherwise).
 *
 * @example
 * if (!servesTenant(request, 'esempio')) return { response: { status: 404, body: 'unknown tenant' }, events: [] };
 */
export function servesTenant(request: HttpRequest, tenant: string | undefined): boolean {
  return !tenant || !request.params.tenant || request.params.tenant === tenant;
}

/**
 * GET handshake when the webhook is configured in the Meta app: echo `hub.challenge` when
 * `hub.mode=subscribe` and `hub.verify_token` matches, else 403.
 *
 * @example
 * verifyHandshake(request, process.env.WHATSAPP_VERIFY_TOKEN!); // 200 with the challenge, or 403
 */
export function verifyHandshake(request: HttpRequest, verifyToken: string): HttpReceipt {
  const mode = request.query['hub.mode'];
  const challenge = request.query['hub.challenge'];
  if (mode === 'subscribe' && challenge !== undefined && sameSecret(request.query['hub.verify_token'], verifyToken)) {
    return { response: { status: 200, body: challenge, headers: { 'content-type': 'text/plain; charset=utf-8' } }, events: [] };
  }
  return { response: { status: 403, body: 'verification failed' }, events: [] };
}

/**
 * POST: the signature is checked on the raw bytes before anything is parsed (401 and no events when
 * it is missing, wrong, or the body was altered); then the body is mapped and acknowledged with 200.
 * The server hands the events to the engine after answering, which dedupes them by wamid.
 *
 * @example
 * const receipt = receiveWebhook(request, { appSecret, phoneNumberId, account, tenant, api, log, keeper });
 */
export function receiveWebhook(request: HttpRequest, options: WhatsAppWebhookOptions): HttpReceipt {
  if (!verifySignature(request.rawBody, request.headers['x-hub-signature-256'], options.appSecret)) {
    options.log?.warn({ channel: 'whatsapp', account: options.account }, 'whatsapp webhook with a missing or invalid X-Hub-Signature-256 rejected');
    return { response: { status: 401, body: 'invalid signature' }, events: [] };
  }
  let payload: WaWebhook;
  try {
    payload = JSON.parse(Buffer.from(request.rawBody).toString('utf8')) as WaWebhook;
  } catch {
    return { response: { status: 400, body: 'body is not JSON' }, events: [] };
  }
  const tenant = options.tenant ?? request.params.tenant ?? '';
  const events = fromWhatsApp(payload, {
    tenant,
    account: options.account,
    phoneNumberId: options.phoneNumberId,
    fetchMedia: async (mediaId, signal) => (await options.api.downloadMedia(mediaId, signal)).bytes,
  });
  trace('webhook for %s: %d events', tenant, events.length);
  // Media ids expire: a started adapter copies every file into the media store as the webhook arrives.
  const keeper = options.keeper;
  if (!keeper) return { response: { status: 200, body: 'EVENT_RECEIVED' }, events };
  // The copy starts now, inside the download URL's validity; the event's fetch waits for it.
  return { response: { status: 200, body: 'EVENT_RECEIVED' }, events: keeper.keepAll(events) };
}
