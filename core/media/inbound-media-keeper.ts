import type { InboundEvent, InboundMedia, MediaInbound } from '../channel/inbound.js';
import type { Logger } from '../log.js';
import type { TenantInfo } from '../tenancy/tenant-info.js';
import { MediaError } from './media-errors.js';
import type { MediaLibrary } from './media-library.js';

/** A durable copy of an inbound media file, kept by {@link AdapterMedia.keepInbound}. */
export interface StoredMediaCopy {
  /** Reads the copied bytes back (from the media store, not from the channel). */
  read(signal?: AbortSignal): Promise<Uint8Array>;
}

/**
 * Where an adapter copies a file a person sent as soon as it arrives (`AdapterRuntime.media`), for
 * channels whose download links expire (WhatsApp's last 5 minutes, its media id soon after).
 */
export interface AdapterMedia {
  /**
   * Downloads the file once and keeps it in the tenant's media library, recorded with the chat it came
   * from (so erasing the person deletes it). Resolves with the copy, or `undefined` when core's inbound
   * policy does not keep it (a type it refuses, a disguised or oversize file, an unknown tenant): the
   * adapter then keeps its own lazy download. Never throws for a refused file.
   */
  keepInbound(media: InboundMedia, message: MediaInbound): Promise<StoredMediaCopy | undefined>;
  /**
   * The events with every media file's copy started now, for a webhook's events (channels' download
   * links expire): each media event's `fetch` waits for the copy and reads it, or, when core did not
   * keep the file, the channel's own download. A failed copy is logged, never thrown.
   *
   * @example
   * return { response: { status: 200 }, events: runtime.media.keepAll(events) };
   */
  keepAll(events: readonly InboundEvent[]): InboundEvent[];
}

/**
 * `keepAll` for any `keepInbound`: one copy per media event, started at once.
 *
 * @example
 * const media: AdapterMedia = { keepInbound, keepAll: (events) => keepEveryInbound(keepInbound, events, log) };
 */
export function keepEveryInbound(
  keepInbound: AdapterMedia['keepInbound'], events: readonly InboundEvent[], log?: Pick<Logger, 'error'>,
): InboundEvent[] {
  return events.map((event) => {
    if (event.type !== 'message' || event.kind !== 'media') return event;
    const original = event.media;
    const copying = keepInbound(original, event).catch((error: unknown) => {
      log?.error({ err: error, tenant: event.ref.tenant, channel: event.ref.channel, update: event.id }, 'copying inbound media failed');
      return undefined;
    });
    const media: InboundMedia = {
      ...original,
      fetch: async (signal?: AbortSignal) => {
        const copy = await copying;
        return copy ? copy.read(signal) : original.fetch(signal);
      },
    };
    return { ...event, media };
  });
}

/**
 * Core's `AdapterMedia`: every kind goes through the inbound policy (`checkInboundMedia`: images, voice
 * notes and other audio, video, PDF/Office/text documents, each with its size cap, recognised from the
 * bytes). A refused file is logged, and the event keeps the downloaded bytes.
 *
 * @example
 * const media = inboundMediaKeeper((slug) => tenants.bySlug(slug), notifications.media, log);
 * const copy = await media.keepInbound(event.media, event); // then copy?.read()
 */
export function inboundMediaKeeper(
  tenantOf: (slug: string) => Promise<TenantInfo | null>,
  library: MediaLibrary,
  log: Pick<Logger, 'warn' | 'info' | 'error'>,
): AdapterMedia {
  const keeper: AdapterMedia = {
    keepAll: (events) => keepEveryInbound((media, message) => keeper.keepInbound(media, message), events, log),
    async keepInbound(media, message) {
      const where = { tenant: message.ref.tenant, channel: message.ref.channel, update: message.id, kind: media.kind, mimeType: media.mimeType };
      const tenant = await tenantOf(message.ref.tenant);
      if (!tenant) {
        log.warn(where, 'inbound media not copied: unknown tenant');
        return undefined;
      }
      const bytes = await media.fetch();
      try {
        const stored = await library.keepInbound(tenant.id, bytes, media.mimeType, media.fileName ?? `${message.ref.channel}-${media.kind}`, message.ref);
        log.info({ ...where, mediaId: stored.id, size: stored.size }, 'inbound media copied into the media store');
        return { read: () => library.store.read(stored.id) };
      } catch (error) {
        if (!(error instanceof MediaError)) throw error;
        log.warn({ ...where, size: bytes.byteLength, code: error.code }, `inbound media not kept in the media store: ${error.message}`);
        return undefined;
      }
    },
  };
  return keeper;
}
