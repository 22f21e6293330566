import type { AdapterLogger, AdapterMedia, HttpReceipt, HttpRequest } from 'campanile';
import { fromMessenger, type MessengerInboundContext, type MsWebhook } from './mapping.js';
import { sameSecret, verifySignature } from './webhook-signature.js';

/** What the webhook needs from the adapter: the page's secrets and ids, and what `start` gave it. */
export interface MessengerWebhookOptions extends Omit<MessengerInboundContext, 'tenant'> {
  readonly appSecret: string;
  readonly tenant: string;
  readonly log: AdapterLogger | undefined;
  /** Where inbound files are copied at once; undefined before `start` (events keep the lazy download). */
  readonly keeper: AdapterMedia | undefined;
}

/**
 * GET handshake when the webhook is configured in the Meta app: echoes `hub.challenge` when
 * `hub.mode=subscribe` and `hub.verify_token` matches, else 403.
 *
 * @example
 * verifyHandshake(request, process.env.MESSENGER_VERIFY_TOKEN!); // 200 with the challenge, or 403
 */
export function verifyHandshake(request: HttpRequest, verifyToken: string): HttpReceipt {
  const challenge = request.query['hub.challenge'];
  if (request.query['hub.mode'] === 'subscribe' && challenge !== undefined && sameSecret(request.query['hub.verify_token'], verifyToken)) {
    return { response: { status: 200, body: challenge, headers: { 'content-type': 'text/plain; charset=utf-8' } }, events: [] };
  }
  return { response: { status: 403, body: 'verification failed' }, events: [] };
}

/**
 * POST: the signature is checked on the raw bytes before anything is parsed (401 and no events when
 * missing, wrong, or the body altered); then mapped and answered 200 at once. A started adapter copies
 * every attachment into the media store as the webhook arrives: Meta's CDN URLs expire.
 *
 * @example
 * const receipt = receiveWebhook(request, { appSecret, pageId, tenant, account, fetchUrl, log, keeper });
 */
export function receiveWebhook(request: HttpRequest, options: MessengerWebhookOptions): HttpReceipt {
  if (!verifySignature(request.rawBody, request.headers['x-hub-signature-256'], options.appSecret)) {
    options.log?.warn({ channel: 'messenger', account: options.account }, 'messenger webhook with a missing or invalid X-Hub-Signature-256 rejected');
    return { response: { status: 401, body: 'invalid signature' }, events: [] };
  }
  let payload: MsWebhook;
  try {
    payload = JSON.parse(Buffer.from(request.rawBody).toString('utf8')) as MsWebhook;
  } catch {
    return { response: { status: 400, body: 'body is not JSON' }, events: [] };
  }
  const events = fromMessenger(payload, options);
  const keeper = options.keeper;
  return { response: { status: 200, body: 'EVENT_RECEIVED' }, events: keeper ? keeper.keepAll(events) : events };
}

