import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { FsMediaStore, MediaError, checkMedia, sniffMediaType, type MediaErrorCode } from '../../../core/internal.js';
import { MB, jpeg, pdf, png, webp } from './media-fixtures.js';

function tempStore(t: Test): { store: FsMediaStore; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'campanile-media-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return { store: new FsMediaStore(dir), dir };
}

async function refused(t: Test, put: Promise<unknown>, code: MediaErrorCode, status: number, fix: RegExp): Promise<void> {
  const error = await put.then(() => null, (e: unknown) => e);
  t.ok(error instanceof MediaError, `refused with a MediaError (${code})`);
  if (!(error instanceof MediaError)) return;
  t.equal(error.code, code);
  t.equal(error.status, status);
  t.match(error.message, fix, 'the message tells the uploader what to do');
}

t.test('magic bytes decide the type; the declared type is only checked against them', async (t) => {
  t.equal(sniffMediaType(jpeg(100)), 'image/jpeg');
  t.equal(sniffMediaType(png(100)), 'image/png');
  t.equal(sniffMediaType(webp(100)), 'image/webp');
  t.equal(sniffMediaType(pdf(100)), 'application/pdf');
  t.equal(sniffMediaType(new TextEncoder().encode('MZ not an image')), null);
  t.equal(checkMedia(png(100), 'image/png; charset=binary'), 'image/png', 'parameters and case of the declared type are ignored');
  t.equal(checkMedia(pdf(100), undefined), 'application/pdf', 'no declared type: the bytes decide');
  t.equal(checkMedia(jpeg(100), 'application/octet-stream'), 'image/jpeg', 'generic declared type: the bytes decide');
});

t.test('accepted files are stored by content hash with their sniffed type', async (t) => {
  const { store } = tempStore(t);
  for (const [bytes, type] of [[jpeg(2048), 'image/jpeg'], [png(2048), 'image/png'], [webp(2048), 'image/webp'], [pdf(4096), 'application/pdf']] as const) {
    const media = await store.put(bytes, type, `../../etc/${type.replace('/', '.')}`);
    t.match(media.id, /^[0-9a-f]{64}$/, `${type}: sha256 id`);
    t.equal(media.mimeType, type);
    t.equal(media.size, bytes.byteLength);
    t.notMatch(media.fileName, /[\\/]/, 'no folders in the stored name');
    t.same(await store.get(media.id), media);
    t.same(Buffer.from(await store.read(media.id)), Buffer.from(bytes), 'bytes read back unchanged');
  }
});

t.test('size limits: images up to 10 MB, PDFs up to 20 MB', async (t) => {
  const { store } = tempStore(t);
  t.equal((await store.put(jpeg(10 * MB), 'image/jpeg', 'max.jpg')).size, 10 * MB, 'a 10 MB JPEG is accepted');
  await refused(t, store.put(jpeg(10 * MB + 1), 'image/jpeg', 'big.jpg'), 'MEDIA_TOO_LARGE', 413, /at most 10\.0 MB.*compress or resize/);
  await refused(t, store.put(png(10 * MB + 1), 'image/png', 'big.png'), 'MEDIA_TOO_LARGE', 413, /image\/png/);
  await refused(t, store.put(webp(10 * MB + 1), 'image/webp', 'big.webp'), 'MEDIA_TOO_LARGE', 413, /image\/webp/);
  t.equal((await store.put(pdf(20 * MB), 'application/pdf', 'max.pdf')).size, 20 * MB, 'a 20 MB PDF is accepted');
  t.equal((await store.put(pdf(15 * MB), 'application/pdf', 'mid.pdf')).size, 15 * MB, 'a 15 MB PDF is accepted (over the image limit)');
  await refused(t, store.put(pdf(20 * MB + 1), 'application/pdf', 'big.pdf'), 'MEDIA_TOO_LARGE', 413, /at most 20\.0 MB/);
});

t.test('empty, unknown and mismatched files are refused with clear codes, and nothing is written', async (t) => {
  const { store, dir } = tempStore(t);
  await refused(t, store.put(new Uint8Array(0), 'image/png', 'empty.png'), 'MEDIA_EMPTY', 400, /empty.*re-upload/);
  await refused(t, store.put(new TextEncoder().encode('MZ\x90\x00 a program'), 'image/jpeg', 'virus.jpg'), 'MEDIA_TYPE_UNSUPPORTED', 415, /JPEG, PNG or WebP.*PDF/);
  await refused(t, store.put(png(500), 'image/jpeg', 'photo.jpg'), 'MEDIA_TYPE_MISMATCH', 415, /says it is image\/jpeg but its content is image\/png/);
  await refused(t, store.put(pdf(500), 'image/png', 'scan.png'), 'MEDIA_TYPE_MISMATCH', 415, /application\/pdf/);
  await refused(t, store.put(jpeg(500), 'application/pdf', 'doc.pdf'), 'MEDIA_TYPE_MISMATCH', 415, /export it again/);
  // RIFF without the WEBP tag (a WAV file) is not WebP.
  const wav = webp(100);
  wav.set([0x57, 0x41, 0x56, 0x45], 8);
  await refused(t, store.put(wav, 'image/webp', 'sound.webp'), 'MEDIA_TYPE_UNSUPPORTED', 415, /WebP/);
  t.same(readdirSync(dir), [], 'no file written for a refused upload');
});

t.test('the same bytes are stored once (content-hash dedupe); delete removes bytes and description', async (t) => {
  const { store, dir } = tempStore(t);
  const bytes = png(4096);
  const a = await store.put(bytes, 'image/png', 'a.png');
  const b = await store.put(Uint8Array.from(bytes), 'image/png', 'b.png');
  t.equal(a.id, b.id, 'same content, same id');
  const files = readdirSync(join(dir, a.id.slice(0, 2)));
  t.same(files.sort(), [a.id, `${a.id}.json`], 'one copy of the bytes, one description, no temp file left');
  const other = await store.put(png(4097), 'image/png', 'c.png');
  t.not(other.id, a.id, 'different content, different id');

  await store.delete(a.id);
  t.equal(await store.get(a.id), null, 'description gone');
  const error = await store.read(a.id).then(() => null, (e: unknown) => e);
  t.ok(error instanceof MediaError && error.code === 'MEDIA_NOT_FOUND' && error.status === 404, 'reading deleted media: MEDIA_NOT_FOUND');
  await t.rejects(store.open(a.id), { code: 'MEDIA_NOT_FOUND' });
  t.ok(await store.get(other.id), 'other media untouched');
  await store.delete(a.id);
  t.pass('deleting twice is harmless');
  t.equal(await store.get('../../etc/passwd'), null, 'ids that are not hashes are never paths');
});
