/**
 * A manager's attachment for a task (an image or a PDF), uploaded through the tasks module so that the
 * staff manager, who cannot write notices, can attach files too. The bytes come base64-encoded in JSON
 * (module routes are framework-neutral: no multipart); the media library checks them as for notices
 * (type sniffed from the bytes, JPEG/PNG/WebP ≤ 10 MB, PDF ≤ 20 MB) and stores them once by hash.
 */
import { MEDIA_TYPES, MediaError, type ModuleServices, type TenantInfo } from '../../../core/internal.js';
import { TaskError } from './task-error.js';

/** The largest file accepted (PDF, 20 MB), and its base64 length. */
export const ATTACHMENT_MAX_BYTES = Math.max(...Object.values(MEDIA_TYPES).map((m) => m.maxBytes));
export const ATTACHMENT_MAX_BASE64 = Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4;

export interface StoredAttachment {
  id: string;
  mimeType: string;
  size: number;
  fileName: string;
}

/**
 * @example
 * const { id } = await uploadAttachment(services, tenant, { fileName: 'frana.jpg', data: base64 });
 * await createTask(services, req, { title: 'Frana', groupIds: [3], attachments: [id] });
 */
export async function uploadAttachment(services: ModuleServices, tenant: TenantInfo, input: { fileName: string; data: string }): Promise<StoredAttachment> {
  const bytes = Buffer.from(input.data, 'base64');
  try {
    const stored = await services.media.upload(tenant.id, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), undefined, input.fileName.trim());
    return { id: stored.id, mimeType: stored.mimeType, size: stored.size, fileName: stored.fileName };
  } catch (error) {
    // The API answers with its own problem codes by status (413 too large, 415 wrong type): the message says the fix.
    if (error instanceof MediaError) throw new TaskError(error.status === 404 ? 400 : error.status, 'TASK_INVALID', error.message);
    throw error;
  }
}
