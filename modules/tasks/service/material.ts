import { MediaError, type ModuleServices, type TurnContext } from '../../../core/internal.js';
import type { StaffMember } from '../../staff/index.js';
import type { Task } from '../entities/index.js';
import { stamp } from './timeline.js';

/** Largest file a member may attach to a task. */
export const MATERIAL_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Stores what the member sent (through the media store) and stamps it on the task's timeline; a
 * position is stamped as the task's "where".
 */
export async function attachMaterial(services: ModuleServices, ctx: TurnContext, task: Task, member: StaffMember): Promise<'attached' | 'too-big' | 'refused'> {
  const message = ctx.message;
  if (message.kind === 'location') {
    stamp(ctx.em, task, { kind: 'member', member }, 'material', { latitude: message.latitude, longitude: message.longitude, mediaKind: 'position' });
    return 'attached';
  }
  if (message.kind !== 'media') return 'too-big';
  if ((message.media.size ?? 0) > MATERIAL_MAX_BYTES) return 'too-big';
  const bytes = await message.media.fetch();
  if (bytes.byteLength > MATERIAL_MAX_BYTES) return 'too-big';
  // The inbound policy (images, audio, video, documents), not the notice one (images, PDF): a voice note
  // or a video is material too. Adopted at once: the file belongs to the task (its retention), not to the chat.
  let stored;
  try {
    stored = await services.media.keepInbound(ctx.tenant.id, bytes, message.media.mimeType, message.media.fileName ?? `${message.media.kind}-${task.id}`, message.ref);
  } catch (error) {
    if (error instanceof MediaError) return error.code === 'MEDIA_TOO_LARGE' ? 'too-big' : 'refused';
    throw error;
  }
  await services.media.adopt(ctx.tenant.id, stored.id);
  stamp(ctx.em, task, { kind: 'member', member }, 'material', { mediaId: stored.id, mediaKind: message.media.kind, note: message.caption ?? null });
  return 'attached';
}
