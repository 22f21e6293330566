import { Category, Notice, Tenant, type Campanile, type StoredMedia, type TenantInfo } from '../../core/internal.js';
import { publicSettingsOf, type PublicSettings } from './public-settings.js';

/** A comune whose public archive is on. */
export interface PublicComune {
  readonly tenant: TenantInfo;
  readonly settings: PublicSettings;
  readonly categories: readonly Category[];
}

/** A sent notice as the public sees it: no author, no recipients, no planning fields. */
export interface PublicNotice {
  readonly id: number;
  readonly title: string;
  readonly text: string;
  readonly sentAt: Date;
  readonly urgent: boolean;
  readonly category: Category;
  readonly image: StoredMedia | null;
  readonly document: StoredMedia | null;
  readonly linkUrl: string | null;
}

/** The most notices a feed, the archive page or the widget lists. */
export const PUBLIC_LIMIT = 50;

/**
 * The one reader behind every public output (archive, permalink, feeds, widget): only notices whose
 * status is `sent` ever leave it, so a draft, a scheduled or a cancelled notice cannot appear by
 * accident in one output and not another.
 *
 * @example
 * const comune = await notices.comune('esempio'); // null: unknown, or the archive is switched off
 * const latest = await notices.list(comune, { limit: 5 });
 */
export class PublicNotices {
  constructor(private readonly campanile: Campanile) {}

  /** The comune, or null when unknown or (unless `evenIfArchiveOff`: the join page) its archive is off. */
  async comune(slug: string, options: { evenIfArchiveOff?: boolean } = {}): Promise<PublicComune | null> {
    const tenant = await this.campanile.services.tenants.bySlug(slug);
    if (!tenant) return null;
    const row = await this.campanile.db.em.fork().findOne(Tenant, { id: tenant.id });
    const settings = publicSettingsOf(row?.settings ?? {});
    if (!settings.archive && !options.evenIfArchiveOff) return null;
    const categories = await this.em(tenant).find(Category, {}, { orderBy: { position: 'asc', id: 'asc' } });
    return { tenant, settings, categories };
  }

  async list(comune: PublicComune, options: { category?: Category; limit: number }): Promise<PublicNotice[]> {
    const rows = await this.em(comune.tenant).find(
      Notice,
      { status: 'sent', sentAt: { $ne: null }, ...(options.category ? { category: options.category.id } : {}) },
      { orderBy: { sentAt: 'desc', id: 'desc' }, limit: Math.min(options.limit, PUBLIC_LIMIT) },
    );
    return Promise.all(rows.map((row) => this.toPublic(comune, row)));
  }

  async one(comune: PublicComune, id: number): Promise<PublicNotice | null> {
    const row = await this.em(comune.tenant).findOne(Notice, { id, status: 'sent', sentAt: { $ne: null } });
    return row ? this.toPublic(comune, row) : null;
  }

  private async toPublic(comune: PublicComune, row: Notice): Promise<PublicNotice> {
    const media = this.campanile.notifications.media;
    const categoryId = typeof row.category === 'number' ? row.category : row.category.id;
    const category = comune.categories.find((c) => c.id === categoryId)!;
    return {
      id: row.id, title: row.title, text: row.text, sentAt: row.sentAt!, urgent: row.priority === 'urgent', category,
      image: row.imageMediaId ? await media.get(comune.tenant.id, row.imageMediaId) : null,
      document: row.documentMediaId ? await media.get(comune.tenant.id, row.documentMediaId) : null,
      linkUrl: row.linkUrl ?? null,
    };
  }

  private em(tenant: TenantInfo) {
    return this.campanile.services.tenants.scopedEm(tenant.id);
  }
}
