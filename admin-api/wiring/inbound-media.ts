import { MediaError, type StoredMediaCopy, type Campanile, type InboundMedia, type Logger, type MediaInbound } from '../../core/index.js';

type Target = Pick<Campanile, 'notifications' | 'services'>;

/**
 * Copies media people send on WhatsApp into the tenant's media library as soon as the webhook arrives:
 * the Graph API's download URL is valid for 5 minutes and the media id expires, so the copy cannot wait
 * for a module to ask. The adapters are built before Campanile exists: `bind()` it once created.
 * Every kind goes through core's inbound policy (`checkInboundMedia`: images, voice notes and other
 * audio, video, PDF/Office/text documents, each with its size cap, recognised from the bytes), and is
 * recorded with the chat it came from, so erasing the person deletes it. A refused file (a type the
 * policy does not keep, a disguised or oversize file) is logged and the event keeps the downloaded
 * bytes; nothing throws into the webhook.
 *
 * @example
 * const inbound = new InboundMediaCopier();
 * const adapters = configuredAdapters(defaultChannels, factoryContext(config, process.env, { mediaSink: inbound.sink }));
 * const campanile = await createCampanile({ …, adapters });
 * inbound.bind(campanile);
 */
export class InboundMediaCopier {
  private target: Target | undefined;
  private log: Pick<Logger, 'warn' | 'info'> | undefined;

  bind(campanile: Target, log?: Pick<Logger, 'warn' | 'info'>): void {
    this.target = campanile;
    this.log = log ?? campanile.services.log.child({ component: 'inbound-media' });
  }

  /** The factories' `mediaSink` (WhatsApp's). */
  readonly sink = async (media: InboundMedia, message: MediaInbound): Promise<StoredMediaCopy | void> => {
    const target = this.target;
    if (!target) return;
    const where = { tenant: message.ref.tenant, channel: message.ref.channel, update: message.id, kind: media.kind, mimeType: media.mimeType };
    const tenant = await target.services.tenants.bySlug(message.ref.tenant);
    if (!tenant) {
      this.log?.warn(where, 'inbound media not copied: unknown tenant');
      return;
    }
    const bytes = await media.fetch();
    const library = target.notifications.media;
    try {
      const stored = await library.keepInbound(tenant.id, bytes, media.mimeType, media.fileName ?? `${message.ref.channel}-${media.kind}`, message.ref);
      this.log?.info({ ...where, mediaId: stored.id, size: stored.size }, 'inbound media copied into the media store');
      return { read: () => library.store.read(stored.id) };
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      this.log?.warn({ ...where, size: bytes.byteLength, code: error.code }, `inbound media not kept in the media store: ${error.message}`);
      return;
    }
  };
}
