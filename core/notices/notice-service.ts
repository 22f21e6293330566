import debug from 'debug';
import type { MediaLibrary } from '../media/media-library.js';
import { Category } from '../storage/entities/category.js';
import { Notice, type NoticeStatus, type NoticeTranslations } from '../storage/entities/notice.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';
import { startSending } from '../storage/sql/start-sending.js';
import type { TenantInfo } from '../tenancy/tenant-info.js';
import type { TenantService } from '../tenancy/tenant-service.js';
import { NoticeError } from './notice-errors.js';
import { zonedToUtc } from './zoned-time.js';

const log = debug('campanile:notices');

/** Fields of a notice the author writes. Give the category by id or by key. */
export interface NoticeInput {
  readonly categoryId?: number;
  readonly categoryKey?: string;
  readonly title: string;
  readonly text: string;
  /**
   * Title and text in the comune's other languages (`{ de: { title, text } }`); only the comune's
   * configured languages after the first are accepted. Each recipient gets their own; null removes all.
   */
  readonly translations?: NoticeTranslations | null;
  readonly imageMediaId?: string | null;
  readonly documentMediaId?: string | null;
  readonly linkUrl?: string | null;
  /** Default: urgent when the category is urgent by default (civil protection), else normal. */
  readonly priority?: 'normal' | 'urgent';
  readonly author?: string | null;
}

export const NOTICE_LIMITS = { title: 200, text: 4000, linkUrl: 2000 } as const;

/**
 * Notices from draft to sent: create and edit drafts, schedule (a wall-clock time in the tenant's
 * timezone, stored as UTC), cancel (drafts and scheduled only), send now. Every refusal is a
 * `NoticeError` with a stable code, the field at fault and a message saying how to fix it.
 *
 * @example
 * const notice = await notices.create(tenant, { categoryKey: 'mobilita', title: 'Via Roma chiusa', text: '…' });
 * await notices.schedule(tenant, notice.id, '2026-12-24T08:30');
 * await notices.send(tenant, notice.id); // or let the scheduler send it at 08:30 Rome time
 */
export class NoticeService {
  constructor(
    private readonly deps: {
      readonly tenants: TenantService;
      /** Raw statements (starting a notice: core/storage/sql/start-sending.ts). */
      readonly sql: SqlRunner;
      readonly media: MediaLibrary;
      readonly clock: () => number;
      /** Starts planning a notice that just went to `sending` (the scheduler's planner). */
      readonly onSend: (noticeId: number) => void;
      /** A notice changed: caches of its rendering are dropped. */
      readonly onChange?: (noticeId: number) => void;
    },
  ) {}

  async create(tenant: TenantInfo, input: NoticeInput): Promise<Notice> {
    const em = this.deps.tenants.scopedEm(tenant.id);
    const category = await this.category(tenant, input);
    await this.validate(tenant, input);
    const notice = em.create(Notice, {
      tenant: tenant.id, category, title: input.title.trim(), text: input.text.trim(), translations: trimmed(input.translations),
      imageMediaId: input.imageMediaId ?? null, documentMediaId: input.documentMediaId ?? null, linkUrl: input.linkUrl ?? null,
      priority: input.priority ?? (category.urgentByDefault ? 'urgent' : 'normal'), status: 'draft', author: input.author ?? null,
    });
    await em.flush();
    log('tenant %s created notice %d', tenant.slug, notice.id);
    return notice;
  }

  /** Edits a draft or scheduled notice; only the given fields change. */
  async update(tenant: TenantInfo, id: number, patch: Partial<NoticeInput>): Promise<Notice> {
    const em = this.deps.tenants.scopedEm(tenant.id);
    const notice = await this.editable(em, id, 'edited');
    const merged: NoticeInput = {
      title: patch.title ?? notice.title, text: patch.text ?? notice.text,
      translations: patch.translations !== undefined ? patch.translations : notice.translations ?? null,
      imageMediaId: patch.imageMediaId !== undefined ? patch.imageMediaId : notice.imageMediaId ?? null,
      documentMediaId: patch.documentMediaId !== undefined ? patch.documentMediaId : notice.documentMediaId ?? null,
      linkUrl: patch.linkUrl !== undefined ? patch.linkUrl : notice.linkUrl ?? null,
    };
    await this.validate(tenant, merged);
    if (patch.categoryId !== undefined || patch.categoryKey !== undefined) {
      const category = await this.category(tenant, patch as NoticeInput);
      notice.category = category;
      if (patch.priority === undefined) notice.priority = category.urgentByDefault ? 'urgent' : 'normal';
    }
    Object.assign(notice, {
      title: merged.title.trim(), text: merged.text.trim(), translations: trimmed(merged.translations), imageMediaId: merged.imageMediaId ?? null,
      documentMediaId: merged.documentMediaId ?? null, linkUrl: merged.linkUrl ?? null,
    });
    if (patch.priority) notice.priority = patch.priority;
    if (patch.author !== undefined) notice.author = patch.author;
    await em.flush();
    this.deps.onChange?.(id);
    return notice;
  }

  /**
   * Schedules a notice: `at` is a wall-clock time in the tenant's timezone ("2026-12-24T08:30") or an
   * instant. It must be in the future; the scheduler starts it within seconds of that time, also after
   * the process was down then.
   */
  async schedule(tenant: TenantInfo, id: number, at: string | Date): Promise<Notice> {
    let when: Date;
    try {
      when = typeof at === 'string' ? zonedToUtc(at, tenant.timezone) : at;
    } catch (error) {
      throw new NoticeError('SCHEDULE_INVALID', (error as Error).message, 'scheduledAt');
    }
    if (Number.isNaN(when.getTime())) throw new NoticeError('SCHEDULE_INVALID', 'The scheduled time is not a valid date: use YYYY-MM-DDTHH:mm.', 'scheduledAt');
    if (when.getTime() <= this.deps.clock()) {
      throw new NoticeError('SCHEDULE_IN_PAST', 'The scheduled time has already passed: choose a later time, or send the notice now.', 'scheduledAt');
    }
    const em = this.deps.tenants.scopedEm(tenant.id);
    const notice = await this.editable(em, id, 'scheduled');
    notice.status = 'scheduled';
    notice.scheduledAt = when;
    await em.flush();
    log('notice %d scheduled at %s', id, when.toISOString());
    return notice;
  }

  /** Cancels a draft or scheduled notice; a notice already sending or sent cannot be cancelled. */
  async cancel(tenant: TenantInfo, id: number): Promise<Notice> {
    const em = this.deps.tenants.scopedEm(tenant.id);
    const notice = await this.editable(em, id, 'cancelled');
    // Conditional update: the scheduler may be starting this very notice right now.
    const changed = await em.nativeUpdate(Notice, { id, status: { $in: ['draft', 'scheduled'] } }, { status: 'cancelled' });
    if (changed === 0) throw this.notEditable(id, 'sending', 'cancelled');
    notice.status = 'cancelled';
    return notice;
  }

  /**
   * Deletes a draft. Anything past draft stays for the archive and the audit trail: cancel a
   * scheduled notice instead.
   */
  async remove(tenant: TenantInfo, id: number): Promise<void> {
    const em = this.deps.tenants.scopedEm(tenant.id);
    const notice = await em.findOne(Notice, { id });
    if (!notice) throw new NoticeError('NOTICE_NOT_FOUND', `Notice ${id} does not exist in this comune: check the id.`);
    // Conditional delete: a draft may be sent by another request at this very moment.
    const deleted = await em.nativeDelete(Notice, { id, status: 'draft' });
    if (deleted === 0) {
      throw new NoticeError('NOTICE_NOT_EDITABLE', `Notice ${id} is ${notice.status} and cannot be deleted: only drafts can. Cancel a scheduled notice instead.`);
    }
    this.deps.onChange?.(id);
  }

  /** Sends now: the notice goes to `sending` and its recipients are snapshotted into the outbox. */
  async send(tenant: TenantInfo, id: number): Promise<Notice> {
    const em = this.deps.tenants.scopedEm(tenant.id);
    const notice = await this.editable(em, id, 'sent');
    await this.validate(tenant, { title: notice.title, text: notice.text, imageMediaId: notice.imageMediaId ?? null, documentMediaId: notice.documentMediaId ?? null });
    const started = await startSending(this.deps.sql, { noticeId: id, from: ['draft', 'scheduled'], now: this.deps.clock(), tenantId: tenant.id });
    if (!started) throw this.notEditable(id, 'sending', 'sent');
    this.deps.onSend(id);
    return (await em.findOneOrFail(Notice, { id }, { refresh: true }));
  }

  async get(tenant: TenantInfo, id: number): Promise<Notice> {
    const notice = await this.deps.tenants.scopedEm(tenant.id).findOne(Notice, { id });
    if (!notice) throw new NoticeError('NOTICE_NOT_FOUND', `Notice ${id} does not exist in this comune: check the id.`);
    return notice;
  }

  async list(tenant: TenantInfo, options: { status?: NoticeStatus; limit?: number; offset?: number } = {}): Promise<Notice[]> {
    return this.deps.tenants.scopedEm(tenant.id).find(
      Notice, options.status ? { status: options.status } : {},
      { orderBy: { id: 'desc' }, limit: Math.min(options.limit ?? 50, 200), offset: options.offset ?? 0 },
    );
  }

  private async editable(em: ReturnType<TenantService['scopedEm']>, id: number, action: string): Promise<Notice> {
    const notice = await em.findOne(Notice, { id });
    if (!notice) throw new NoticeError('NOTICE_NOT_FOUND', `Notice ${id} does not exist in this comune: check the id.`);
    if (notice.status !== 'draft' && notice.status !== 'scheduled') throw this.notEditable(id, notice.status, action);
    return notice;
  }

  private notEditable(id: number, status: string, action: string): NoticeError {
    return new NoticeError('NOTICE_NOT_EDITABLE', `Notice ${id} is ${status} and can no longer be ${action}: only drafts and scheduled notices can. Write a new notice instead.`);
  }

  private async category(tenant: TenantInfo, input: Pick<NoticeInput, 'categoryId' | 'categoryKey'>): Promise<Category> {
    const em = this.deps.tenants.scopedEm(tenant.id);
    const where = input.categoryId !== undefined ? { id: input.categoryId } : input.categoryKey !== undefined ? { key: input.categoryKey } : null;
    if (!where) throw new NoticeError('CATEGORY_NOT_FOUND', 'A notice needs a category: give categoryId or categoryKey.', 'category');
    const category = await em.findOne(Category, { ...where, active: true });
    if (!category) throw new NoticeError('CATEGORY_NOT_FOUND', `Category ${input.categoryId ?? input.categoryKey} does not exist or is inactive: pick one of the comune's categories.`, 'category');
    return category;
  }

  /** Each translation: a language of this comune other than its first, with a title and a text within the limits. */
  private validateTranslations(tenant: TenantInfo, translations: NoticeTranslations | null | undefined): void {
    const others = tenant.locales.filter((l) => l !== tenant.defaultLocale);
    for (const [locale, translation] of Object.entries(translations ?? {})) {
      const field = `translations.${locale}`;
      if (locale === tenant.defaultLocale) {
        throw new NoticeError('NOTICE_INVALID', `'${locale}' is the comune's first language: write it in title and text, not as a translation.`, field);
      }
      if (!others.includes(locale)) {
        const accepted = others.length ? `accepted: ${others.join(', ')}` : 'this comune has only one language';
        throw new NoticeError('NOTICE_INVALID', `'${locale}' is not one of the comune's languages (${accepted}).`, field);
      }
      const title = translation.title?.trim() ?? '';
      const text = translation.text?.trim() ?? '';
      if (!title) throw new NoticeError('NOTICE_INVALID', `The ${locale} title is empty: write it, or remove the ${locale} translation.`, `${field}.title`);
      if (title.length > NOTICE_LIMITS.title) throw new NoticeError('NOTICE_INVALID', `The ${locale} title has ${title.length} characters; shorten it to at most ${NOTICE_LIMITS.title}.`, `${field}.title`);
      if (!text) throw new NoticeError('NOTICE_INVALID', `The ${locale} text is empty: write it, or remove the ${locale} translation.`, `${field}.text`);
      if (text.length > NOTICE_LIMITS.text) throw new NoticeError('NOTICE_INVALID', `The ${locale} text has ${text.length} characters; shorten it to at most ${NOTICE_LIMITS.text}.`, `${field}.text`);
    }
  }

  private async validate(tenant: TenantInfo, input: NoticeInput): Promise<void> {
    const title = input.title?.trim() ?? '';
    const text = input.text?.trim() ?? '';
    if (!title) throw new NoticeError('NOTICE_INVALID', 'The title is empty: write a short title.', 'title');
    if (title.length > NOTICE_LIMITS.title) throw new NoticeError('NOTICE_INVALID', `The title has ${title.length} characters; shorten it to at most ${NOTICE_LIMITS.title}.`, 'title');
    if (!text) throw new NoticeError('NOTICE_INVALID', 'The text is empty: write what citizens need to know.', 'text');
    if (text.length > NOTICE_LIMITS.text) throw new NoticeError('NOTICE_INVALID', `The text has ${text.length} characters; shorten it to at most ${NOTICE_LIMITS.text} or attach a PDF.`, 'text');
    this.validateTranslations(tenant, input.translations);
    if (input.linkUrl) {
      let ok = false;
      try {
        ok = ['http:', 'https:'].includes(new URL(input.linkUrl).protocol);
      } catch { /* invalid */ }
      if (!ok || input.linkUrl.length > NOTICE_LIMITS.linkUrl) {
        throw new NoticeError('NOTICE_INVALID', 'The link must be a full http(s) address of at most 2000 characters, e.g. https://www.comune.example.it/avviso.', 'linkUrl');
      }
    }
    for (const [field, kind] of [['imageMediaId', 'image'], ['documentMediaId', 'application/pdf']] as const) {
      const id = input[field];
      if (!id) continue;
      const media = await this.deps.media.get(tenant.id, id);
      if (!media) throw new NoticeError('MEDIA_NOT_FOUND', `The ${field === 'imageMediaId' ? 'image' : 'document'} ${id} was not uploaded for this comune: upload it first.`, field);
      if (!media.mimeType.startsWith(kind)) {
        throw new NoticeError('NOTICE_INVALID', `${field} must be ${field === 'imageMediaId' ? 'a JPEG, PNG or WebP image' : 'a PDF'}, not ${media.mimeType}.`, field);
      }
    }
  }
}

/** Translations as stored: trimmed, and null when there are none. */
function trimmed(translations: NoticeTranslations | null | undefined): NoticeTranslations | null {
  const entries = Object.entries(translations ?? {});
  if (entries.length === 0) return null;
  return Object.fromEntries(entries.map(([locale, t]) => [locale, { title: t.title.trim(), text: t.text.trim() }]));
}
