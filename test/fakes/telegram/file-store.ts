/**
 * Files the fake bot can send, reuse and serve. Counting uploads against `file_id` reuses is what lets a test
 * assert "uploaded once per bot, then reused" (file ids are per bot on Telegram). URLs are not fetched (no network
 * in tests): the fake records them and stores a placeholder body.
 */
import type { Document, PhotoSize } from 'grammy/types';
import { apiErrors } from './api-error.js';
import { newFileIds, type FileKind } from './file-ids.js';
import type { MultipartFile } from './multipart.js';
import type { Params } from './params.js';

/** Telegram's getFile download limit for bots: 20 MB. */
export const maxDownloadBytes = 20 * 1024 * 1024;

/** One stored file. `data` is absent for files known only by size (generated on download). */
export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  kind: FileKind;
  size: number;
  data?: Buffer;
  fileName?: string;
  mimeType?: string;
  filePath?: string;
  /** For photos: every size of the same picture, smallest first. */
  photoSizes?: PhotoSize[];
}

/** Where a sent file came from. */
export type FileSource = 'upload' | 'file_id' | 'url';

/** A checked but not yet stored media input of a send. */
export type PendingInput =
  | { field: 'photo' | 'document'; source: 'upload'; part: MultipartFile }
  | { field: 'photo' | 'document'; source: 'url'; url: string }
  | { field: 'photo' | 'document'; source: 'file_id'; file: StoredFile };

/** Options for {@link FileStore.add}. */
export interface AddFileOptions {
  kind?: FileKind;
  /** Size in bytes; defaults to `data.length`. A large size without data costs no memory until downloaded. */
  size?: number;
  data?: Buffer;
  fileName?: string;
  mimeType?: string;
  /** Use this id instead of a generated one (e.g. ids found in pushed updates). */
  fileId?: string;
  fileUniqueId?: string;
}

const photoWidths = [90, 320, 800, 1280] as const;

/**
 * The bot's files, by `file_id` and by download path.
 *
 * @example
 * const file = fake.files.add({ kind: 'document', size: 25 * 1024 * 1024 });
 * await bot.api.getFile(file.fileId); // GrammyError 400 "Bad Request: file is too big"
 */
export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredFile>();
  private pathCounter = 0;
  uploads = 0;
  fileIdReuses = 0;
  urlSends = 0;

  add(options: AddFileOptions): StoredFile {
    const kind = options.kind ?? 'document';
    const ids = newFileIds(kind);
    const file: StoredFile = {
      fileId: options.fileId ?? ids.file_id,
      fileUniqueId: options.fileUniqueId ?? ids.file_unique_id,
      kind,
      size: options.size ?? options.data?.length ?? 0,
      ...(options.data ? { data: options.data } : {}),
      ...(options.fileName ? { fileName: options.fileName } : {}),
      ...(options.mimeType ? { mimeType: options.mimeType } : {}),
    };
    this.byId.set(file.fileId, file);
    return file;
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  /** Registers a file seen in an inbound update unless already known, so getFile works on it. */
  learn(kind: FileKind, file: { file_id: string; file_unique_id: string; file_size?: number }): void {
    if (this.byId.has(file.file_id)) return;
    this.add({ kind, fileId: file.file_id, fileUniqueId: file.file_unique_id, size: file.file_size ?? 1024 });
  }

  /**
   * Checks the `field` of a send (`photo`, `document`) without storing anything: a multipart part (named like the
   * field, or `attach://<name>`), an HTTP URL, or a previously returned `file_id`. Throws Telegram's error when the
   * input is missing or unknown. Pass the result to {@link FileStore.commitInput} once the send is accepted, so a
   * refused send (429) counts no upload.
   */
  checkInput(params: Params, field: 'photo' | 'document'): PendingInput {
    const value = params.string(field);
    const part: MultipartFile | undefined =
      params.files.get(field) ?? (value?.startsWith('attach://') ? params.files.get(value.slice('attach://'.length)) : undefined);
    if (part) return { field, source: 'upload', part };
    if (value === undefined || value === '' || value.startsWith('attach://')) {
      throw apiErrors.badRequest(`there is no ${field} in the request`);
    }
    if (/^https?:\/\//i.test(value)) return { field, source: 'url', url: value };
    const known = this.byId.get(value);
    if (!known) throw apiErrors.badRequest('wrong file identifier/HTTP URL specified');
    if ((field === 'photo') !== (known.kind === 'photo')) throw apiErrors.badRequest('type of file mismatch');
    return { field, source: 'file_id', file: known };
  }

  /** Stores (or reuses) the file of an accepted send and counts uploads, reuses and URL sends. */
  commitInput(input: PendingInput): { file: StoredFile; source: FileSource } {
    switch (input.source) {
      case 'upload':
        this.uploads += 1;
        return { file: this.storeUpload(input.field, input.part.data, input.part.filename, input.part.contentType), source: 'upload' };
      case 'url': {
        this.urlSends += 1;
        const name = new URL(input.url).pathname.split('/').pop() || `${input.field}.dat`;
        return { file: this.storeUpload(input.field, Buffer.from(`fake download of ${input.url}`), name, 'application/octet-stream'), source: 'url' };
      }
      case 'file_id':
        this.fileIdReuses += 1;
        return { file: input.file, source: 'file_id' };
    }
  }

  /** The PhotoSize array of a stored photo (all sizes, smallest first). */
  photoSizes(file: StoredFile): PhotoSize[] {
    return file.photoSizes ?? [{ file_id: file.fileId, file_unique_id: file.fileUniqueId, width: 1280, height: 960, file_size: file.size }];
  }

  /** The Document object of a stored file. */
  document(file: StoredFile): Document {
    return {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      ...(file.fileName ? { file_name: file.fileName } : {}),
      ...(file.mimeType ? { mime_type: file.mimeType } : {}),
      file_size: file.size,
    };
  }

  /** getFile: assigns a download path, refusing files over 20 MB like Telegram. */
  prepareDownload(fileId: string | undefined): StoredFile {
    if (!fileId) throw apiErrors.badRequest('file_id not specified');
    const file = this.byId.get(fileId);
    if (!file) throw apiErrors.badRequest('wrong file_id specified');
    if (file.size > maxDownloadBytes) throw apiErrors.badRequest('file is too big');
    if (!file.filePath) {
      file.filePath = `${folder(file.kind)}/file_${this.pathCounter++}.${extension(file)}`;
      this.byPath.set(file.filePath, file);
    }
    return file;
  }

  /** The bytes served at `/file/bot<token>/<path>`, or undefined (404). */
  download(path: string): Buffer | undefined {
    const file = this.byPath.get(path);
    if (!file) return undefined;
    return file.data ?? Buffer.alloc(file.size, 0x61);
  }

  private storeUpload(field: 'photo' | 'document', data: Buffer, fileName: string, mimeType: string): StoredFile {
    if (field === 'document') {
      return this.add({ kind: 'document', data, fileName, mimeType: mimeType === 'application/octet-stream' ? guessMime(fileName) : mimeType });
    }
    // Telegram stores several downscaled copies of every photo; the largest keeps the uploaded bytes.
    const sizes: PhotoSize[] = [];
    const files = photoWidths.map((width, index) => {
      const isLargest = index === photoWidths.length - 1;
      const size = isLargest ? data.length : Math.max(1, Math.round((data.length * (width * width)) / (1280 * 1280)));
      const file = this.add({ kind: 'photo', size, ...(isLargest ? { data } : {}) });
      sizes.push({ file_id: file.fileId, file_unique_id: file.fileUniqueId, width, height: Math.round((width * 3) / 4), file_size: size });
      return file;
    });
    for (const file of files) file.photoSizes = sizes;
    return files[files.length - 1]!;
  }
}

function folder(kind: FileKind): string {
  return { photo: 'photos', document: 'documents', video: 'videos', voice: 'voice', audio: 'music', animation: 'animations', video_note: 'video_notes', sticker: 'stickers' }[kind];
}

function extension(file: StoredFile): string {
  const fromName = file.fileName?.includes('.') ? file.fileName.split('.').pop() : undefined;
  return fromName ?? { photo: 'jpg', document: 'dat', video: 'mp4', voice: 'oga', audio: 'mp3', animation: 'mp4', video_note: 'mp4', sticker: 'webp' }[file.kind];
}

function guessMime(fileName: string): string {
  const ext = fileName.split('.').pop()?.toLowerCase();
  return { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', txt: 'text/plain' }[ext ?? ''] ?? 'application/octet-stream';
}
