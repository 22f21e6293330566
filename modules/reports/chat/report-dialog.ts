/**
 * The citizen's report dialog (`reports.new`): category → description → position (a shared location or
 * a typed address) → duplicate offer (when an open report of the category is near) → photos or videos
 * (0–5) → summary with confirm / change / cancel. What the person gave is kept in their draft, so
 * leaving (another command) and coming back within 24 h resumes it; `/annulla` drops it. The report is
 * written in the turn that confirms it, with its number and the draft's end in one transaction.
 */
import type { DialogContext, ModuleApi, ModuleServices, TurnContext } from '../../../core/internal.js';
import type { Dialog } from '../../../core/internal.js';
import { Report, type ReportDraft } from '../entities/index.js';
import { insideBox, validPosition } from '../service/geo.js';
import { ReportError } from '../service/report-errors.js';
import { createReport, findDuplicates, followReport } from '../service/report-service.js';
import { categoryName, enabledCategories, reportSettings } from '../service/report-settings-service.js';
import { dropUnusedFiles } from '../service/report-files.js';
import { findDraft, startDraft, updateDraft } from './draft-store.js';
import { takeMedia } from './media-intake.js';
import { askCategory, askDescription, askMedia, askPosition, DESCRIPTION_LIMITS, mediaChoices, showSummary } from './prompts.js';

/** The chat side's entry points: `/segnala` and `/annulla`. */
export interface ReportChat {
  /** Offers to resume a draft younger than 24 h, else starts a new one. */
  start(ctx: TurnContext): Promise<void>;
  /** Drops the person's draft (any age) and its files; the command already left the dialog. */
  cancel(ctx: TurnContext): Promise<void>;
}

/** The dialog's own state; the gathered fields live in the draft. */
export interface ReportDialogData {
  /** Changing one field from the summary: back to the summary after it. */
  readonly editing?: boolean;
  /** The open report offered as a duplicate. */
  readonly duplicateOf?: number;
}

type Step = DialogContext<TurnContext, ReportDialogData>;

const payload = (ctx: TurnContext): string | undefined => (ctx.message.kind === 'button' ? ctx.message.payload : undefined);
const typed = (ctx: TurnContext): string | undefined => (ctx.message.kind === 'text' ? ctx.message.text.trim() : undefined);

/** The first step whose field the draft lacks, or the summary. */
function nextStep(draft: ReportDraft): 'category' | 'description' | 'position' | 'summary' {
  if (!draft.category) return 'category';
  if (!draft.description) return 'description';
  if (draft.latitude == null && !draft.address) return 'position';
  return 'summary';
}

/**
 * Registers the dialog and returns the handle `/segnala` enters it with.
 *
 * @example
 * const chat = registerReportDialog(api);
 * api.command(['segnala', 'report'], (ctx) => chat.start(ctx));
 */
export function registerReportDialog(api: ModuleApi<TurnContext>): ReportChat {
  const services: ModuleServices = api.services;
  const draftOf = async (ctx: TurnContext) => (await findDraft(ctx.em, ctx.person.id, new Date())) ?? startDraft(ctx.em, ctx.tenant.id, ctx.person.id, new Date());

  /** Asks for `step` and moves the dialog there. */
  const goAsk = async (ctx: Step, step: ReturnType<typeof nextStep> | 'media', draft: ReportDraft, data: Partial<ReportDialogData> = {}) => {
    const settings = await reportSettings(ctx.em);
    ctx.dialog.goTo(step, { editing: false, ...data });
    if (step === 'category') askCategory(ctx, settings);
    else if (step === 'description') askDescription(ctx);
    else if (step === 'position') askPosition(ctx);
    else if (step === 'media') askMedia(ctx);
    else showSummary(ctx, settings, draft);
  };
  /** After a field is set: the summary when changing it from there, else the next question. */
  const advance = async (ctx: Step, draft: ReportDraft, next: 'description' | 'position' | 'media') =>
    goAsk(ctx, ctx.dialog.active?.data.editing ? 'summary' : next, draft);

  const dialog: Dialog<ReportDialogData> = api.dialog<ReportDialogData>({
    id: 'reports.new',
    steps: {
      resume: async (ctx, next) => {
        const choice = payload(ctx);
        if (choice !== 'reports:resume' && choice !== 'reports:restart') return next();
        const draft = choice === 'reports:resume' ? await draftOf(ctx) : await restart(ctx);
        return goAsk(ctx, nextStep(draft), draft);
      },
      category: async (ctx, next) => {
        const settings = await reportSettings(ctx.em);
        const choice = payload(ctx);
        const text = typed(ctx)?.toLowerCase();
        const category = enabledCategories(settings).find((c) =>
          choice === `reports:cat:${c.code}` || (text !== undefined && (text === c.code || text === categoryName(c, c.code, ctx.locale).toLowerCase())));
        if (!category) {
          if (choice && !choice.startsWith('reports:')) return next();
          return askCategory(ctx, settings, 'reports.category_unknown');
        }
        const draft = await updateDraft(ctx.em, ctx.tenant.id, ctx.person.id, { category: category.code });
        return advance(ctx, draft, 'description');
      },
      description: async (ctx) => {
        const text = typed(ctx);
        if (text === undefined) return ctx.reply({ text: ctx.text('reports.description_text_only') });
        if (text.length < DESCRIPTION_LIMITS.min) return ctx.reply({ text: ctx.text('reports.description_short', { min: DESCRIPTION_LIMITS.min }) });
        if (text.length > DESCRIPTION_LIMITS.max) return ctx.reply({ text: ctx.text('reports.description_long', { max: DESCRIPTION_LIMITS.max }) });
        const draft = await updateDraft(ctx.em, ctx.tenant.id, ctx.person.id, { description: text });
        return advance(ctx, draft, 'position');
      },
      position: async (ctx) => {
        const settings = await reportSettings(ctx.em);
        if (ctx.message.kind === 'location') {
          const { latitude, longitude } = ctx.message;
          if (!validPosition(latitude, longitude)) return askPosition(ctx, 'reports.position_invalid');
          if (!insideBox(latitude, longitude, settings.bbox)) return ctx.reply({ text: ctx.text('reports.position_outside') });
          const draft = await updateDraft(ctx.em, ctx.tenant.id, ctx.person.id, { latitude, longitude, address: null });
          const [nearest] = await findDuplicates(ctx.em, settings, draft.category ?? '', latitude, longitude);
          if (nearest) {
            ctx.dialog.goTo('duplicate', { duplicateOf: nearest.report.id });
            const { report } = nearest;
            return ctx.reply({
              text: ctx.text('reports.duplicate_offer', {
                meters: Math.round(nearest.meters), code: report.code, status: ctx.t(`reports.status.${report.status}`),
                category: categoryName(settings.categories.find((c) => c.code === report.category), report.category, ctx.locale),
                description: report.description.length > 120 ? `${report.description.slice(0, 119)}…` : report.description,
              }),
              choices: [
                { label: ctx.t('reports.duplicate_follow', { code: report.code }), payload: 'reports:follow' },
                { label: ctx.t('reports.duplicate_new'), payload: 'reports:not-duplicate' },
              ],
            });
          }
          return advance(ctx, draft, 'media');
        }
        const text = typed(ctx);
        if (text === undefined || text.length < DESCRIPTION_LIMITS.min) return askPosition(ctx, 'reports.position_invalid');
        const draft = await updateDraft(ctx.em, ctx.tenant.id, ctx.person.id, { address: text.slice(0, 300), latitude: null, longitude: null });
        return advance(ctx, draft, 'media');
      },
      duplicate: async (ctx, next) => {
        const choice = payload(ctx);
        const draft = await draftOf(ctx);
        if (choice === 'reports:not-duplicate') return advance(ctx, draft, 'media');
        if (choice !== 'reports:follow') return next();
        const report = await ctx.em.findOne(Report, { id: ctx.dialog.active?.data.duplicateOf ?? 0 });
        if (!report) return advance(ctx, draft, 'media');
        const followed = await followReport(ctx.em, ctx.tenant.id, report, ctx.person.id, ctx.identity.id);
        await dropDraft(ctx, draft);
        ctx.dialog.end();
        return ctx.reply({ text: ctx.text(followed ? 'reports.followed' : 'reports.already_following', { code: report.code }) });
      },
      media: async (ctx, next) => {
        const draft = await draftOf(ctx);
        if (payload(ctx) === 'reports:media-done') return goAsk(ctx, 'summary', draft);
        if (ctx.message.kind === 'unsupported') return ctx.reply({ text: ctx.text('reports.media_unsupported'), choices: mediaChoices(ctx) });
        if (ctx.message.kind !== 'media') {
          if (ctx.message.kind === 'button' && !ctx.message.payload.startsWith('reports:')) return next();
          return ctx.reply({ text: ctx.text('reports.media_expected'), choices: mediaChoices(ctx) });
        }
        const intake = await takeMedia(ctx, ctx.message, draft.media.length, services.media);
        if ('refusal' in intake) return ctx.reply({ text: ctx.text(intake.refusal, intake.vars ?? {}), choices: mediaChoices(ctx) });
        const media = [...draft.media, intake.item];
        await updateDraft(ctx.em, ctx.tenant.id, ctx.person.id, { media });
        return ctx.reply({ text: ctx.text('reports.media_received', { count: media.length, max: 5 }), choices: mediaChoices(ctx) });
      },
      summary: async (ctx, next) => {
        const choice = payload(ctx);
        const draft = await draftOf(ctx);
        if (choice === 'reports:cancel') return cancel(ctx, draft);
        if (choice === 'reports:change') {
          return ctx.reply({
            text: ctx.text('reports.change_what'),
            choices: (['category', 'description', 'position', 'media'] as const).map((field) => ({ label: ctx.t(`reports.change_${field}`), payload: `reports:edit:${field}` })),
          });
        }
        const edit = choice?.match(/^reports:edit:(category|description|position|media)$/)?.[1] as 'category' | 'description' | 'position' | 'media' | undefined;
        if (edit) {
          if (edit === 'media') {
            await dropDraft(ctx, draft, { keepRow: true });
            await updateDraft(ctx.em, ctx.tenant.id, ctx.person.id, { media: [] });
          }
          await goAsk(ctx, edit, draft);
          ctx.dialog.goTo(edit, { editing: true });
          return;
        }
        if (choice === 'reports:confirm') return confirm(ctx, draft);
        if (choice && !choice.startsWith('reports:')) return next();
        return ctx.reply({ text: ctx.text('reports.summary_expected'), choices: [
          { label: ctx.t('reports.confirm'), payload: 'reports:confirm' },
          { label: ctx.t('reports.change'), payload: 'reports:change' },
          { label: ctx.t('reports.cancel'), payload: 'reports:cancel' },
        ] });
      },
    },
  });

  return {
    async start(ctx) {
      const settings = await reportSettings(ctx.em);
      if (enabledCategories(settings).length === 0) return ctx.reply({ text: ctx.text('reports.no_categories') });
      const draft = await findDraft(ctx.em, ctx.person.id, new Date());
      if (draft && (draft.category || draft.description)) {
        dialog.enter(ctx, 'resume', {});
        return ctx.reply({ text: ctx.text('reports.resume_ask'), choices: [
          { label: ctx.t('reports.resume_yes'), payload: 'reports:resume' },
          { label: ctx.t('reports.resume_no'), payload: 'reports:restart' },
        ] });
      }
      await restart(ctx);
      dialog.enter(ctx, 'category', {});
      askCategory(ctx, settings);
    },
    async cancel(ctx) {
      const draft = await findDraft(ctx.em, ctx.person.id);
      if (!draft) return ctx.reply({ text: ctx.text('reports.nothing_to_cancel') });
      await dropDraft(ctx, draft);
      ctx.reply({ text: ctx.text('reports.cancelled') });
    },
  };

  /** A fresh draft; the files of an older one (abandoned, maybe past 24 h) go. */
  async function restart(ctx: TurnContext): Promise<ReportDraft> {
    const old = await findDraft(ctx.em, ctx.person.id);
    if (old) await dropUnusedFiles(ctx.em, services.media, ctx.tenant.id, old.media);
    return startDraft(ctx.em, ctx.tenant.id, ctx.person.id, new Date());
  }

  async function dropDraft(ctx: TurnContext, draft: ReportDraft, options: { keepRow?: boolean } = {}): Promise<void> {
    await dropUnusedFiles(ctx.em, services.media, ctx.tenant.id, draft.media);
    if (!options.keepRow) ctx.em.remove(draft);
  }

  async function cancel(ctx: Step, draft: ReportDraft): Promise<void> {
    await dropDraft(ctx, draft);
    ctx.dialog.end();
    ctx.reply({ text: ctx.text('reports.cancelled') });
  }

  async function confirm(ctx: Step, draft: ReportDraft): Promise<void> {
    const settings = await reportSettings(ctx.em);
    let report: Report;
    try {
      // The report, its number and the draft's end in one transaction: a failed save leaves no gap in the
      // codes and no half (a report whose draft is still offered). Committed before the turn's replies,
      // so the rare turn whose own commit then fails leaves a report the person sees in /mie_segnalazioni.
      report = await ctx.em.transactional(async (tx) => {
        const created = await createReport(tx, ctx.tenant.id, settings, {
          category: draft.category ?? '', description: draft.description ?? '',
          latitude: draft.latitude, longitude: draft.longitude, address: draft.address, media: draft.media,
          source: 'chat', channel: ctx.identity.channel, reporterId: ctx.person.id, reporterIdentityId: ctx.identity.id, actor: 'citizen',
        });
        tx.remove(draft);
        return created;
      });
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      // The comune changed its categories or area since the draft began: ask that part again.
      const step = error.code === 'REPORT_OUTSIDE_AREA' ? 'position' : nextStep(draft) === 'summary' ? 'category' : nextStep(draft);
      if (error.code === 'REPORT_OUTSIDE_AREA') ctx.reply({ text: ctx.text('reports.position_outside') });
      await goAsk(ctx, step, draft);
      return;
    }
    // The files become the comune's: the report keeps them whatever happens to the person.
    for (const item of draft.media) await services.media.adopt(ctx.tenant.id, item.id);
    ctx.dialog.end();
    ctx.reply({ text: ctx.text('reports.created', { code: report.code }) });
  }
}

