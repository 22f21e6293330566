import { MAX_DOWNLOAD_BYTES } from './mapping.js';
import type { TelegramApi } from './telegram-api.js';

/**
 * The downloader of inbound files: getFile, then the download (≤ 20 MB, Telegram's limit for bots).
 * Called only when a module reads the media, so a photo nobody looks at is never fetched.
 *
 * @example
 * const download = fileDownload(api, token);
 * const bytes = await download(fileId, signal);
 */
export function fileDownload(api: TelegramApi, token: string, apiRoot = 'https://api.telegram.org'): (fileId: string, signal?: AbortSignal) => Promise<Uint8Array> {
  return async (fileId, signal) => {
    const file = await api.direct<{ file_path?: string; file_size?: number }>('getFile', { file_id: fileId }, signal);
    if (!file.file_path) throw new Error('Telegram returned no file_path: the file is no longer available; ask the person to send it again.');
    if ((file.file_size ?? 0) > MAX_DOWNLOAD_BYTES) throw new Error(`The file is larger than ${MAX_DOWNLOAD_BYTES} bytes, the most Telegram lets bots download.`);
    const response = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`, signal ? { signal } : {});
    // The URL holds the token: only the status is reported.
    if (!response.ok) throw new Error(`Telegram file download failed with HTTP ${response.status}; try again later.`);
    return new Uint8Array(await response.arrayBuffer());
  };
}
