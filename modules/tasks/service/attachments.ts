/**
 * A manager's attachment for a task (an image or a PDF), uploaded through the tasks module so that the
 * staff manager, who cannot write notices, can attach files too. One multipart file, as every module
 * upload route takes it (`AdminRoute.upload`); the media library checks it as for notices (type sniffed
 * from the bytes, JPEG/PNG/WebP ≤ 10 MB, PDF ≤ 20 MB) and stores it once by hash.
 */
import { MEDIA_TYPES, MediaError, type AdminUpload, type ModuleServices, type TenantInfo } from '../../../core/internal.js';
import { TaskError } from './task-error.js';

/** The types accepted, and the largest file of any of them (PDF, 20 MB): each type's own limit applies. */
export const ATTACHMENT_TYPES: readonly string[] = Object.keys(MEDIA_TYPES);
export const ATTACHMENT_MAX_BYTES = Math.max(...Object.values(MEDIA_TYPES).map((m) => m.maxBytes));

export interface StoredAttachment {
  id: string;
  mimeType: string;
  size: number;
  fileName: string;
}

/**
 * @example
 * const { id } = await uploadAttachment(services, tenant, req.readFile);
 * await createTask(services, req, { title: 'Frana', groupIds: [3], attachments: [id] });
 */
export async function uploadAttachment(services: ModuleServices, tenant: TenantInfo, readFile: (() => Promise<AdminUpload>) | undefined): Promise<StoredAttachment> {
  if (!readFile) throw new Error('uploadAttachment() runs on an upload route only: declare `upload` on the route.');
  const file = await readFile();
  try {
    const stored = await services.media.upload(tenant.id, file.data, file.mimeType, file.fileName.trim());
    return { id: stored.id, mimeType: stored.mimeType, size: stored.size, fileName: stored.fileName };
  } catch (error) {
    // The API answers with its own problem codes by status (413 too large, 415 wrong type): the message says the fix.
    if (error instanceof MediaError) throw new TaskError(error.status === 404 ? 400 : error.status, 'TASK_INVALID', error.message);
    throw error;
  }
}
