import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import debug from 'debug';
import { MediaError } from './media-errors.js';
import type { MediaCheck, MediaStore, StoredMedia } from './media-store.js';
import { checkMedia } from './media-types.js';

const log = debug('campanile:media');
const ID = /^[0-9a-f]{64}$/;

/**
 * The filesystem media store: `<dir>/<ab>/<sha256>` holds the bytes and `<sha256>.json` the description.
 * Files are written to a temporary name and renamed, so a crash never leaves half a file under its hash.
 *
 * @example
 * const store = new FsMediaStore(config.mediaDir);
 * const { id } = await store.put(bytes, 'application/pdf', 'ordinanza.pdf');
 */
export class FsMediaStore implements MediaStore {
  constructor(private readonly dir: string) {}

  async put(bytes: Uint8Array, declaredType: string | undefined, fileName: string, check: MediaCheck = checkMedia): Promise<StoredMedia> {
    const mimeType = check(bytes, declaredType);
    const id = createHash('sha256').update(bytes).digest('hex');
    const media: StoredMedia = { id, mimeType, size: bytes.byteLength, fileName: cleanName(fileName) };
    const path = this.path(id);
    await mkdir(join(this.dir, id.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
    await writeFile(`${path}.json`, JSON.stringify(media));
    log('stored %s (%s, %d bytes)', id, mimeType, bytes.byteLength);
    return media;
  }

  async get(id: string): Promise<StoredMedia | null> {
    if (!ID.test(id)) return null;
    try {
      return JSON.parse(await readFile(`${this.path(id)}.json`, 'utf8')) as StoredMedia;
    } catch {
      return null;
    }
  }

  async read(id: string): Promise<Uint8Array> {
    try {
      if (!ID.test(id)) throw new Error('bad id');
      return await readFile(this.path(id));
    } catch {
      throw new MediaError('MEDIA_NOT_FOUND', `Media ${id} is not in the store: upload the file again.`, 404);
    }
  }

  async open(id: string): Promise<NodeJS.ReadableStream> {
    if (!(await this.get(id))) throw new MediaError('MEDIA_NOT_FOUND', `Media ${id} is not in the store: upload the file again.`, 404);
    return createReadStream(this.path(id));
  }

  async delete(id: string): Promise<void> {
    if (!ID.test(id)) return;
    await rm(this.path(id), { force: true });
    await rm(`${this.path(id)}.json`, { force: true });
  }

  private path(id: string): string {
    return join(this.dir, id.slice(0, 2), id);
  }
}

/** Keeps a display name only: no folders, no control characters, at most 255 chars. */
function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()?.replace(/[\u0000-\u001f]/g, '').trim() ?? '';
  return (base || 'file').slice(0, 255);
}
