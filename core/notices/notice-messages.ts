import debug from 'debug';
import type { AdapterRegistry } from '../channel/adapter-registry.js';
import type { ConversationRef } from '../channel/conversation-ref.js';
import type { MediaSource, OutboundMessage } from '../channel/outbound.js';
import { templateFor } from '../channel/template-mapping.js';
import type { Translator } from '../i18n/translator.js';
import type { MediaStore } from '../media/media-store.js';
import type { DeliveryPreparer } from '../outbox/lane-sender.js';
import type { Database } from '../storage/database.js';
import { Category } from '../storage/entities/category.js';
import { Notice } from '../storage/entities/notice.js';
import { Tenant } from '../storage/entities/tenant.js';
import type { ClaimedDelivery } from '../storage/sql/claim-deliveries.js';
import { loadOutbound, storedTexts } from '../outbox/stored-outbound.js';
import type { ChannelTexts } from '../channel/send-context.js';
import { localizedNotice } from './localized-notice.js';
import { renderNotice } from './render-notice.js';

const log = debug('campanile:notice-messages');

interface LoadedNotice {
  notice: Notice;
  categoryKey: string;
  /** Category label per locale, for the template's `{category}`. */
  categoryLabels: Record<string, string>;
  comune: string;
  settings: Record<string, unknown>;
  image: MediaSource | null;
  document: MediaSource | null;
}

/**
 * Turns claimed outbox rows into channel messages, rendering each notice once per (locale, channel) in
 * the row's language (its translation, else the comune's first language: `localizedNotice`)
 * and sharing the message objects between all its recipients: memory does not grow with the audience.
 *
 * @example
 * const preparer = new NoticeMessages({ db, media, translator, adapters });
 * const messages = await preparer.messages(row);
 */
export class NoticeMessages implements DeliveryPreparer {
  private readonly notices = new Map<number, Promise<LoadedNotice>>();
  private readonly rendered = new Map<string, readonly OutboundMessage[]>();

  constructor(
    private readonly deps: {
      readonly db: Database;
      readonly media: MediaStore;
      readonly translator: Translator;
      readonly adapters: AdapterRegistry;
    },
  ) {}

  /**
   * The notice's messages for the row's locale and channel account; the cached array itself once rendered
   * (no promise). A reply or direct row carries its one message as `payload`.
   */
  messages(row: ClaimedDelivery): readonly OutboundMessage[] | Promise<readonly OutboundMessage[]> {
    if (row.noticeId === null) return row.payload === null ? [] : [loadOutbound(row.payload, this.deps.media)];
    const ref = row.address as ConversationRef;
    const key = `${row.noticeId}:${row.locale}:${ref.channel}:${ref.account}`;
    return this.rendered.get(key) ?? this.render(row, ref, key);
  }

  private async render(row: ClaimedDelivery, ref: ConversationRef, key: string): Promise<readonly OutboundMessage[]> {
    const loaded = await this.load(row.noticeId ?? 0);
    const adapter = this.deps.adapters.forRef(ref);
    const messages = renderNotice(
      { ...localizedNotice(loaded.notice, row.locale), linkUrl: loaded.notice.linkUrl ?? null },
      { image: loaded.image, document: loaded.document },
      { link: this.deps.translator.t(row.locale, 'core.notice_link') },
      { maxCaptionLength: adapter?.capabilities.maxCaptionLength ?? 0 },
    );
    this.remember(this.rendered, key, messages);
    return messages;
  }

  /**
   * The window-closed message: the tenant's template for the notice's category on this channel, read
   * with `templateFor` from `Tenant.settings.templates[<channel>]` (see core/channel/template-mapping.ts;
   * the one template mechanism, shared with the messenger). Variables may use `{comune}`, `{category}`,
   * `{title}`, `{text}` and `{link}`. A reply or direct row has none: outside the window it fails as
   * `window`, and the module that sent it decides (handoff holds an operator's answer for later).
   */
  async template(row: ClaimedDelivery): Promise<OutboundMessage | null> {
    if (row.noticeId === null) return null;
    const loaded = await this.load(row.noticeId);
    const ref = row.address as ConversationRef;
    const { notice, categoryKey, categoryLabels, comune } = loaded;
    const { title, text } = localizedNotice(notice, row.locale);
    const template = templateFor(loaded.settings, ref.channel, { kind: 'notice', category: categoryKey }, {
      comune, category: categoryLabels[row.locale] ?? Object.values(categoryLabels)[0] ?? categoryKey,
      title, text, link: notice.linkUrl ?? '',
    });
    return template ? { template, bulk: true } : null;
  }

  /** A reply's or direct message's channel words, stored with it in the person's language. */
  texts(row: ClaimedDelivery): ChannelTexts | undefined {
    return row.payload === null ? undefined : storedTexts(row.payload);
  }

  /** Forgets a notice (it finished, or was edited before sending). */
  forget(noticeId: number): void {
    this.notices.delete(noticeId);
    for (const key of this.rendered.keys()) if (key.startsWith(`${noticeId}:`)) this.rendered.delete(key);
  }

  private load(noticeId: number): Promise<LoadedNotice> {
    let loaded = this.notices.get(noticeId);
    if (!loaded) {
      loaded = this.fetch(noticeId);
      loaded.catch(() => this.notices.delete(noticeId));
      this.remember(this.notices, noticeId, loaded);
    }
    return loaded;
  }

  private async fetch(noticeId: number): Promise<LoadedNotice> {
    const em = this.deps.db.em.fork();
    const notice = await em.findOneOrFail(Notice, { id: noticeId }, { filters: false });
    const category = await em.findOneOrFail(Category, { id: notice.category.id }, { filters: false });
    const tenant = await em.findOneOrFail(Tenant, { id: notice.tenant.id });
    log('loaded notice %d', noticeId);
    return {
      notice, categoryKey: category.key, categoryLabels: category.labels, comune: tenant.name, settings: tenant.settings as Record<string, unknown>,
      image: notice.imageMediaId ? await this.source(notice.imageMediaId) : null,
      document: notice.documentMediaId ? await this.source(notice.documentMediaId) : null,
    };
  }

  private async source(id: string): Promise<MediaSource | null> {
    const stored = await this.deps.media.get(id);
    if (!stored) return null;
    const store = this.deps.media;
    return { ...stored, read: () => store.read(id) };
  }

  private remember<K, V>(map: Map<K, V>, key: K, value: V): void {
    map.set(key, value);
    if (map.size > 500) map.delete(map.keys().next().value as K);
  }
}
