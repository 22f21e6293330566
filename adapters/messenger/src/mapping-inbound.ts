import { parseCommandText, type ConversationRef, type InboundEvent, type InboundMedia, type MediaKind, type Sender } from 'campanile';
import { GET_STARTED_PAYLOAD, startArgument } from './deep-link.js';

// ---------------------------------------------------------------------------------------------------
// The Messenger Platform webhook (`object: 'page'`), as far as we read it: `messages`, `messaging_postbacks`,
// `messaging_referrals` and `messaging_optouts` events in `entry[].messaging[]`.
// ---------------------------------------------------------------------------------------------------

export interface MsWebhook {
  readonly object?: string;
  readonly entry?: readonly { readonly id?: string; readonly time?: number; readonly messaging?: readonly MsMessaging[] }[];
}
export interface MsReferral { readonly ref?: string; readonly source?: string; readonly type?: string }
export interface MsAttachment {
  readonly type: 'image' | 'video' | 'audio' | 'file' | 'location' | 'fallback' | 'template' | string;
  readonly payload?: { readonly url?: string; readonly coordinates?: { readonly lat: number; readonly long: number }; readonly title?: string };
}
export interface MsMessaging {
  readonly sender: { readonly id: string };
  readonly recipient: { readonly id: string };
  readonly timestamp?: number;
  readonly message?: {
    readonly mid: string;
    readonly text?: string;
    readonly is_echo?: boolean;
    readonly quick_reply?: { readonly payload: string };
    readonly attachments?: readonly MsAttachment[];
  };
  readonly postback?: { readonly mid?: string; readonly title?: string; readonly payload?: string; readonly referral?: MsReferral };
  readonly referral?: MsReferral;
  /** `messaging_optouts`: the person stopped the page's messages. */
  readonly optout?: { readonly type?: string };
  /** Marketing-messages opt-in changes: `notification_messages_status: 'STOP_NOTIFICATIONS'` is an opt-out. */
  readonly optin?: { readonly type?: string; readonly notification_messages_status?: string };
}

/** Everything `fromMessenger` needs besides the payload. */
export interface MessengerInboundContext {
  readonly tenant: string;
  readonly account: string;
  /** Only events for this page are read (one app may serve several pages). */
  readonly pageId: string;
  /** Downloads an attachment URL (Meta's CDN URLs expire: the adapter copies at once). */
  readonly fetchUrl: (url: string, signal?: AbortSignal) => Promise<{ bytes: Uint8Array; mimeType?: string }>;
}

const MEDIA: Record<string, MediaKind> = { image: 'photo', video: 'video', audio: 'audio', file: 'document' };
const GUESSED_TYPE: Record<MediaKind, string> = { photo: 'image/jpeg', video: 'video/mp4', audio: 'audio/mpeg', document: 'application/octet-stream' };

/**
 * One verified webhook body → normalized events. Pure apart from the media fetchers it creates. Texts
 * and commands, quick replies and postbacks (buttons), attachments (media, location), the Get Started
 * postback and `m.me?ref=` referrals (a `/start <ref>` command), opt-outs (`recipient-blocked`).
 * Echoes of the page's own messages, deliveries and reads are dropped.
 *
 * @example
 * const events = fromMessenger(JSON.parse(body), { tenant: 'esempio', account: 'default', pageId, fetchUrl });
 * events[0]; // { type: 'message', kind: 'text', id: 'm_…', text: 'ciao', ref: { chatId: '<PSID>' } }
 */
export function fromMessenger(payload: MsWebhook, context: MessengerInboundContext): InboundEvent[] {
  const events: InboundEvent[] = [];
  if (payload.object !== 'page') return events;
  for (const entry of payload.entry ?? []) {
    if (entry.id && entry.id !== context.pageId) continue;
    for (const item of entry.messaging ?? []) events.push(...eventsOf(item, context));
  }
  return events;
}

function eventsOf(item: MsMessaging, context: MessengerInboundContext): InboundEvent[] {
  const psid = item.sender?.id;
  // The page's own sends come back as echoes (sender = the page): not something a person said.
  if (!psid || psid === context.pageId || item.message?.is_echo) return [];
  const ref: ConversationRef = { tenant: context.tenant, channel: 'messenger', account: context.account, chatId: psid };
  const from: Sender = { id: psid };
  const at = item.timestamp ?? Date.now();
  const receivedAt = new Date(at);
  const base = { type: 'message' as const, ref, from, receivedAt, raw: item };

  if (item.optout || item.optin?.notification_messages_status === 'STOP_NOTIFICATIONS') {
    return [{ type: 'event', kind: 'recipient-blocked', id: `optout:${psid}:${at}`, ref, raw: item }];
  }
  if (item.postback) {
    const id = item.postback.mid ?? `postback:${psid}:${at}`;
    const payload = item.postback.payload ?? '';
    // Get Started (its payload, or a postback carrying an m.me referral) opens the conversation.
    if (payload === GET_STARTED_PAYLOAD || item.postback.referral) {
      return [{ ...base, id, kind: 'command', command: 'start', argument: startArgument(item.postback.referral?.ref) }];
    }
    return [{ ...base, id, kind: 'button', payload }];
  }
  if (item.referral) {
    // An m.me link opened by someone already in the conversation.
    return [{ ...base, id: `referral:${psid}:${at}`, kind: 'command', command: 'start', argument: startArgument(item.referral.ref) }];
  }
  const message = item.message;
  if (!message?.mid) return [];
  const id = message.mid;
  if (message.quick_reply) return [{ ...base, id, kind: 'button', payload: message.quick_reply.payload }];
  const attachments = message.attachments ?? [];
  if (attachments.length > 0) {
    // Several files in one message: one event each (the first keeps the mid, for dedupe).
    return attachments.map((attachment, index) => {
      const eventId = index === 0 ? id : `${id}:${index}`;
      const coordinates = attachment.payload?.coordinates;
      if (attachment.type === 'location' && coordinates) {
        return { ...base, id: eventId, kind: 'location' as const, latitude: Number(coordinates.lat), longitude: Number(coordinates.long) };
      }
      const kind = MEDIA[attachment.type];
      const url = attachment.payload?.url;
      if (!kind || !url) return { ...base, id: eventId, kind: 'unsupported' as const, what: attachment.type };
      return { ...base, id: eventId, kind: 'media' as const, media: inboundMedia(kind, url, context), ...(message.text ? { caption: message.text } : {}) };
    });
  }
  const text = message.text ?? '';
  const command = parseCommandText(text);
  return [command ? { ...base, id, kind: 'command', ...command } : { ...base, id, kind: 'text', text }];
}

/** One download however many callers ask; the type is the CDN's answer, else guessed from the kind. */
function inboundMedia(kind: MediaKind, url: string, context: MessengerInboundContext): InboundMedia {
  let pending: Promise<{ bytes: Uint8Array; mimeType?: string }> | undefined;
  const fileName = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || `messenger-${kind}`;
  const download = (signal?: AbortSignal) => (pending ??= context.fetchUrl(url, signal).catch((error: unknown) => {
    pending = undefined;
    throw error;
  }));
  return {
    kind,
    mimeType: mimeFromName(fileName) ?? GUESSED_TYPE[kind],
    fileName,
    fetch: async (signal?: AbortSignal) => (await download(signal)).bytes,
  };
}

function mimeFromName(name: string): string | undefined {
  const ext = name.split('.').pop()?.toLowerCase();
  const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', mp4: 'video/mp4', mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', wav: 'audio/wav', pdf: 'application/pdf' };
  return ext ? types[ext] : undefined;
}
