/**
 * One photo or video arriving in the report dialog: checked against the channel's declared inbound
 * limits (`ctx.capabilities.inboundMedia`) before any byte is downloaded where the channel tells the
 * size, then copied into the media library (`keepInbound`, which checks the bytes themselves). Returns
 * the item to add, or the text key (and values) of the reply saying why not.
 */
import { MediaError, type MediaInbound, type ModuleServices, type TurnContext } from '../../../core/internal.js';
import type { ReportMediaItem } from '../entities/index.js';
import { MAX_REPORT_MEDIA } from '../service/report-defaults.js';

export type MediaIntake = { readonly item: ReportMediaItem } | { readonly refusal: string; readonly vars?: Record<string, string | number> };

const mb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * @example
 * const intake = await takeMedia(ctx, message, draft.media.length, api.services.media);
 */
export async function takeMedia(ctx: TurnContext, message: MediaInbound, already: number, media: Pick<ModuleServices['media'], 'keepInbound'>): Promise<MediaIntake> {
  const { kind, mimeType, size } = message.media;
  if (kind !== 'photo' && kind !== 'video') return { refusal: 'reports.media_unsupported' };
  if (already >= MAX_REPORT_MEDIA) return { refusal: 'reports.media_full', vars: { max: MAX_REPORT_MEDIA } };
  const limit = ctx.capabilities.inboundMedia[kind];
  if (!limit) return { refusal: 'reports.media_unsupported' };
  const declared = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  // An empty list is a channel that names no types (Telegram): keepInbound still checks the bytes.
  if (limit.mimeTypes.length > 0 && !limit.mimeTypes.includes(declared)) return { refusal: 'reports.media_type', vars: { type: declared || '?' } };
  if (size !== undefined && size > limit.maxBytes) return { refusal: 'reports.media_too_big', vars: { size: mb(size), max: mb(limit.maxBytes) } };
  let bytes: Uint8Array;
  try {
    bytes = await message.media.fetch();
  } catch (error) {
    ctx.log.warn({ err: error, module: 'reports', update: message.id }, 'report media could not be downloaded');
    return { refusal: 'reports.media_failed' };
  }
  if (bytes.byteLength > limit.maxBytes) return { refusal: 'reports.media_too_big', vars: { size: mb(bytes.byteLength), max: mb(limit.maxBytes) } };
  try {
    const stored = await media.keepInbound(ctx.tenant.id, bytes, mimeType, message.media.fileName ?? `report-${kind}`, message.ref);
    return { item: { id: stored.id, kind, mimeType: stored.mimeType, size: stored.size } };
  } catch (error) {
    if (!(error instanceof MediaError)) throw error;
    if (error.code === 'MEDIA_TOO_LARGE') return { refusal: 'reports.media_too_big', vars: { size: mb(bytes.byteLength), max: mb(limit.maxBytes) } };
    return { refusal: 'reports.media_type', vars: { type: declared || '?' } };
  }
}
