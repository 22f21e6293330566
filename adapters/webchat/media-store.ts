import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaSource } from '../../core/index.js';

/** File extensions of the media types the web chat stores, and back. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif',
  'video/mp4': 'mp4', 'video/webm': 'webm', 'video/quicktime': 'mov', 'application/pdf': 'pdf',
};
const TYPES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));

/** Keys are relative paths the store itself made; anything else (`..`, absolute paths) is refused. */
const TENANT = /^[a-z0-9-]{1,64}$/;
const SESSION = /^[A-Za-z0-9_-]{22}$/;
const KEY = /^(?:out\/[A-Za-z0-9_-]{1,128}|in\/[a-z0-9-]{1,64}\/[A-Za-z0-9_-]{22}\/[0-9a-f-]{36})\.[a-z0-9]{2,4}$/;

/**
 * The web chat's media files under `<mediaDir>/webchat`: what the comune sends (copied once per media id,
 * as Telegram uploads once per `file_id`) and what people upload (one folder per session, removed on
 * erasure). The browser reaches them through signed URLs (see `WebchatAdapter`).
 *
 * @example
 * const key = await store.saveOutbound(notice.image);
 * const file = await store.read(key); // { bytes, mimeType } or undefined
 */
export class MediaStore {
  constructor(private readonly root: string) {}

  /** Copies outbound media once (its id is a content hash) and returns its key. */
  async saveOutbound(media: MediaSource): Promise<string> {
    const key = `out/${media.id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128)}.${EXTENSIONS[media.mimeType] ?? 'bin'}`;
    const path = join(this.root, key);
    const exists = await stat(path).then(() => true, () => false);
    if (!exists) {
      await mkdir(join(this.root, 'out'), { recursive: true });
      await writeFile(path, await media.read());
    }
    return key;
  }

  /** Stores an upload of one session and returns its key. */
  async saveUpload(tenant: string, session: string, mimeType: string, bytes: Uint8Array): Promise<string> {
    const key = `in/${tenant}/${session}/${randomUUID()}.${EXTENSIONS[mimeType] ?? 'bin'}`;
    await mkdir(join(this.root, 'in', tenant, session), { recursive: true });
    await writeFile(join(this.root, key), bytes);
    return key;
  }

  /** The bytes and type of a stored file, or undefined for an unknown or invalid key. */
  async read(key: string): Promise<{ bytes: Uint8Array; mimeType: string } | undefined> {
    if (!KEY.test(key)) return undefined;
    const bytes = await readFile(join(this.root, key)).catch(() => undefined);
    if (!bytes) return undefined;
    return { bytes, mimeType: TYPES[key.split('.').pop() ?? ''] ?? 'application/octet-stream' };
  }

  /**
   * Removes the uploads of a tenant written before `before` (retention) and returns how many. By the
   * files' time, not the history rows': an upload whose bubble was never recorded (a resent duplicate)
   * goes too. Session folders stay: removing one could race an upload being written into it.
   */
  async removeUploadsBefore(tenant: string, before: Date): Promise<number> {
    if (!TENANT.test(tenant)) return 0;
    const folder = join(this.root, 'in', tenant);
    let removed = 0;
    for (const session of await readdir(folder).catch(() => [] as string[])) {
      if (!SESSION.test(session)) continue;
      for (const name of await readdir(join(folder, session)).catch(() => [] as string[])) {
        const path = join(folder, session, name);
        const info = await stat(path).catch(() => undefined);
        if (!info?.isFile() || info.mtime >= before) continue;
        await rm(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  /** Removes every upload of a session (erasure). */
  async removeSession(tenant: string, session: string): Promise<void> {
    if (!TENANT.test(tenant) || !SESSION.test(session)) return;
    await rm(join(this.root, 'in', tenant, session), { recursive: true, force: true });
  }
}
