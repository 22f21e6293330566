import {
  parseCommandText,
  type ChannelEvent, type ConversationRef, type InboundEvent, type InboundMedia, type InboundMessage, type MediaKind, type Sender,
} from '../../core/index.js';
import { failureReason } from './errors.js';

// ---------------------------------------------------------------------------------------------------
// Meta's webhook payload (the `messages` field of a WhatsApp Business Account), as far as we read it.
// Shapes follow Meta's "Messages webhook reference" (text, media, location, contacts, interactive,
// button, unsupported, statuses) and the business-scoped user id (BSUID) changes of 2026: `user_id` in
// `contacts[]` and `recipient_user_id` in statuses, with phone numbers (`wa_id`, `from`) optional.
// ---------------------------------------------------------------------------------------------------

export interface WaWebhook {
  readonly object?: string;
  readonly entry?: readonly { readonly id?: string; readonly changes?: readonly { readonly field?: string; readonly value?: WaChangeValue }[] }[];
}
export interface WaChangeValue {
  readonly messaging_product?: string;
  readonly metadata?: { readonly display_phone_number?: string; readonly phone_number_id?: string };
  readonly contacts?: readonly WaContact[];
  readonly messages?: readonly WaMessage[];
  readonly statuses?: readonly WaStatus[];
}
export interface WaContact {
  readonly profile?: { readonly name?: string; readonly username?: string };
  /** The phone number as WhatsApp id; omitted for a user with a username and no shared number. */
  readonly wa_id?: string;
  /** Business-scoped user id (BSUID), e.g. `IT.13491208655302741918`. */
  readonly user_id?: string;
  readonly parent_user_id?: string;
}
interface WaMediaObject { readonly id: string; readonly mime_type?: string; readonly sha256?: string; readonly caption?: string; readonly filename?: string; readonly voice?: boolean; readonly file_size?: number }
export interface WaMessage {
  readonly id: string;
  readonly from?: string;
  readonly from_user_id?: string;
  readonly timestamp?: string;
  readonly type: string;
  readonly context?: { readonly from?: string; readonly id?: string };
  readonly text?: { readonly body: string };
  readonly image?: WaMediaObject;
  readonly video?: WaMediaObject;
  readonly audio?: WaMediaObject;
  readonly document?: WaMediaObject;
  readonly sticker?: WaMediaObject;
  readonly location?: { readonly latitude: number; readonly longitude: number; readonly name?: string; readonly address?: string };
  readonly contacts?: readonly { readonly name?: { readonly formatted_name?: string; readonly first_name?: string }; readonly phones?: readonly { readonly phone?: string; readonly wa_id?: string }[] }[];
  readonly interactive?: {
    readonly type: string;
    readonly button_reply?: { readonly id: string; readonly title?: string };
    readonly list_reply?: { readonly id: string; readonly title?: string; readonly description?: string };
  };
  /** A quick-reply button of a template message. */
  readonly button?: { readonly payload?: string; readonly text?: string };
  readonly errors?: readonly WaError[];
}
export interface WaError { readonly code?: number; readonly title?: string; readonly message?: string; readonly error_data?: { readonly details?: string } }
export interface WaStatus {
  readonly id: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed' | string;
  readonly timestamp?: string;
  readonly recipient_id?: string;
  readonly recipient_user_id?: string;
  readonly errors?: readonly WaError[];
}

/** Everything `fromWhatsApp` needs besides the payload. */
export interface InboundContext {
  readonly tenant: string;
  readonly account: string;
  /** Only changes for this business number are read (one app may serve several numbers). */
  readonly phoneNumberId: string;
  /** Builds the lazy `fetch()` of an inbound media id. */
  readonly fetchMedia: (mediaId: string, signal?: AbortSignal) => Promise<Uint8Array>;
}

/** Extra ref data: how the chat id addresses the person when sending. */
export type RecipientKind = 'bsuid' | 'wa_id';

/**
 * Maps one verified webhook body into normalized events. Pure apart from the media fetchers it
 * creates. Messages become `InboundMessage`s whose id is the wamid (the engine dedupes on it);
 * statuses become 'delivery-status' channel events. Reactions and system notices are dropped.
 *
 * Identity: the chat id is the business-scoped user id when present, else the WhatsApp id (phone);
 * the phone number is never the key when a BSUID exists, and is not copied into the ref.
 *
 * @example
 * const events = fromWhatsApp(JSON.parse(body), { tenant: 'esempio', account: 'default', phoneNumberId, fetchMedia });
 * events[0]; // { type: 'message', kind: 'text', id: 'wamid.…', text: 'ciao', ref: { chatId: 'IT.123…' } }
 */
export function fromWhatsApp(payload: WaWebhook, context: InboundContext): InboundEvent[] {
  const events: InboundEvent[] = [];
  if (payload.object !== 'whatsapp_business_account') return events;
  for (const entry of payload.entry ?? []) {
    for (const change of entry.changes ?? []) {
      const value = change.value;
      if (change.field !== 'messages' || !value) continue;
      if (value.metadata?.phone_number_id && value.metadata.phone_number_id !== context.phoneNumberId) continue;
      for (const message of value.messages ?? []) {
        const mapped = messageFromWhatsApp(message, value.contacts ?? [], context);
        if (mapped) events.push(mapped);
      }
      for (const status of value.statuses ?? []) {
        const mapped = statusFromWhatsApp(status, context);
        if (mapped) events.push(mapped);
      }
    }
  }
  return events;
}

/** The person's key and how to address them: BSUID first, then the WhatsApp id. */
export function identityOf(message: Pick<WaMessage, 'from' | 'from_user_id'>, contacts: readonly WaContact[]): { chatId: string; kind: RecipientKind; phone?: string; contact?: WaContact } | undefined {
  const contact = contacts.find((c) => (message.from_user_id && c.user_id === message.from_user_id) || (message.from && c.wa_id === message.from)) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const bsuid = message.from_user_id ?? contact?.user_id;
  const phone = message.from ?? contact?.wa_id;
  if (bsuid) return { chatId: bsuid, kind: 'bsuid', ...(phone ? { phone } : {}), ...(contact ? { contact } : {}) };
  if (phone) return { chatId: phone, kind: 'wa_id', phone, ...(contact ? { contact } : {}) };
  return undefined;
}

function messageFromWhatsApp(message: WaMessage, contacts: readonly WaContact[], context: InboundContext): InboundMessage | undefined {
  const who = identityOf(message, contacts);
  if (!who || !message.id) return undefined;
  const ref = refFor(context, who.chatId, who.kind);
  const name = who.contact?.profile?.name ?? who.contact?.profile?.username;
  const from: Sender = { id: who.chatId, ...(name ? { displayName: name } : {}) };
  const receivedAt = message.timestamp ? new Date(Number(message.timestamp) * 1000) : new Date();
  const base = { type: 'message' as const, id: message.id, ref, from, receivedAt, raw: message };
  switch (message.type) {
    case 'text': {
      const text = message.text?.body ?? '';
      const command = parseCommandText(text);
      return command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text };
    }
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      if (!reply) return { ...base, kind: 'unsupported', what: `interactive:${message.interactive?.type ?? '?'}` };
      return { ...base, kind: 'button', payload: reply.id, ...(message.context?.id ? { messageId: message.context.id } : {}) };
    }
    case 'button': {
      // A template's quick-reply button: the payload set when the template was sent (or its text).
      const payload = message.button?.payload ?? message.button?.text ?? '';
      return { ...base, kind: 'button', payload, ...(message.context?.id ? { messageId: message.context.id } : {}) };
    }
    case 'location': {
      const location = message.location;
      if (!location) return { ...base, kind: 'unsupported', what: 'location' };
      return { ...base, kind: 'location', latitude: Number(location.latitude), longitude: Number(location.longitude) };
    }
    case 'image':
    case 'video':
    case 'audio':
    case 'document': {
      const object = message[message.type];
      if (!object?.id) return { ...base, kind: 'unsupported', what: message.type };
      const media = inboundMedia(message.type === 'image' ? 'photo' : message.type, object, context);
      return { ...base, kind: 'media', media, ...(object.caption ? { caption: object.caption } : {}) };
    }
    case 'contacts': {
      const shared = message.contacts?.[0];
      const phone = shared?.phones?.[0]?.phone;
      return { ...base, kind: 'contact', name: shared?.name?.formatted_name ?? shared?.name?.first_name ?? '', ...(phone ? { phone } : {}) };
    }
    case 'reaction':
    case 'system':
    case 'request_welcome':
      // Not something the person said to the bot: no reply is due.
      return undefined;
    default:
      // 'unsupported' (with errors[0].code 131051), 'sticker', 'order', polls…
      return { ...base, kind: 'unsupported', what: message.type === 'unsupported' ? `unsupported:${message.errors?.[0]?.code ?? '?'}` : message.type };
  }
}

function statusFromWhatsApp(status: WaStatus, context: InboundContext): ChannelEvent | undefined {
  if (!['sent', 'delivered', 'read', 'failed'].includes(status.status)) return undefined;
  const chatId = status.recipient_user_id ?? status.recipient_id;
  if (!chatId || !status.id) return undefined;
  const error = status.errors?.[0];
  return {
    type: 'event',
    kind: 'delivery-status',
    id: `${status.id}:${status.status}`,
    ref: refFor(context, chatId, status.recipient_user_id ? 'bsuid' : 'wa_id'),
    messageId: status.id,
    status: status.status as 'sent' | 'delivered' | 'read' | 'failed',
    at: status.timestamp ? new Date(Number(status.timestamp) * 1000) : new Date(),
    ...(status.status === 'failed' ? { reason: failureReason(error?.code) } : {}),
    raw: status,
  };
}

function refFor(context: InboundContext, chatId: string, kind: RecipientKind): ConversationRef {
  return { tenant: context.tenant, channel: 'whatsapp', account: context.account, chatId, extra: { recipient: kind } };
}

function inboundMedia(kind: MediaKind, object: WaMediaObject, context: InboundContext): InboundMedia & { readonly mediaId: string } {
  let pending: Promise<Uint8Array> | undefined;
  return {
    kind,
    mediaId: object.id,
    mimeType: object.mime_type ?? 'application/octet-stream',
    ...(object.file_size !== undefined ? { size: object.file_size } : {}),
    ...(object.filename ? { fileName: object.filename } : {}),
    // One download however many callers ask (a module and the prompt copy into the media store).
    fetch(signal?: AbortSignal) {
      pending ??= context.fetchMedia(object.id, signal).catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
  };
}
