/**
 * What the report dialog asks at each step, and the summary. Texts come from the locale files; the
 * buttons' payloads are `reports:<action>[:<arg>]`.
 */
import { truncateLabel, type TurnContext } from '../../../core/internal.js';
import type { ReportDraft } from '../entities/index.js';
import { MAX_DESCRIPTION, MAX_REPORT_MEDIA, MIN_DESCRIPTION } from '../service/report-defaults.js';
import { categoryName, enabledCategories, type EffectiveReportSettings } from '../service/report-settings-service.js';

/** The category buttons. */
export function askCategory(ctx: TurnContext, settings: EffectiveReportSettings, introKey = 'reports.ask_category'): void {
  ctx.reply({
    text: ctx.text(introKey),
    choices: enabledCategories(settings).map((c) => ({ label: truncateLabel(categoryName(c, c.code, ctx.locale), ctx.capabilities.maxButtonLabel), payload: `reports:cat:${c.code}` })),
  });
}

export function askDescription(ctx: TurnContext): void {
  ctx.reply({ text: ctx.text('reports.ask_description') });
}

/** Where the channel can ask for the position with a button (web chat, Telegram), it does; typing stays open. */
export function askPosition(ctx: TurnContext, introKey = 'reports.ask_position'): void {
  ctx.reply({
    text: ctx.text(introKey, { min: MIN_DESCRIPTION }),
    ...(ctx.capabilities.locationRequest ? { requestLocation: { label: ctx.t('reports.share_position') } } : {}),
  });
}

export function askMedia(ctx: TurnContext): void {
  ctx.reply({ text: ctx.text('reports.ask_media', { max: MAX_REPORT_MEDIA }), choices: [{ label: ctx.t('reports.media_none'), payload: 'reports:media-done' }] });
}

/** Buttons offered while photos come in. */
export function mediaChoices(ctx: TurnContext) {
  return [{ label: ctx.t('reports.media_done'), payload: 'reports:media-done' }];
}

/** The summary with confirm / change / cancel. */
export function showSummary(ctx: TurnContext, settings: EffectiveReportSettings, draft: ReportDraft): void {
  const code = draft.category ?? '';
  const place = draft.latitude != null && draft.longitude != null
    ? ctx.t('reports.place_position', { lat: draft.latitude.toFixed(5), lon: draft.longitude.toFixed(5) })
    : (draft.address ?? '');
  ctx.reply({
    text: ctx.text('reports.summary', {
      category: categoryName(settings.categories.find((c) => c.code === code), code, ctx.locale),
      description: draft.description ?? '', place, media: draft.media.length,
    }),
    choices: [
      { label: ctx.t('reports.confirm'), payload: 'reports:confirm' },
      { label: ctx.t('reports.change'), payload: 'reports:change' },
      { label: ctx.t('reports.cancel'), payload: 'reports:cancel' },
    ],
  });
}

/** Limits the description step checks. */
export const DESCRIPTION_LIMITS = { min: MIN_DESCRIPTION, max: MAX_DESCRIPTION };
