/** Byte builders for media tests: valid magic numbers followed by filler, of an exact size. */
export const MB = 1024 * 1024;

function withMagic(size: number, magic: readonly number[], at = 0): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + size) & 0xff; // size-dependent filler: distinct sizes, distinct hashes
  bytes.set(magic, at);
  return bytes;
}

export const jpeg = (size: number) => withMagic(size, [0xff, 0xd8, 0xff, 0xe0]);
export const png = (size: number) => withMagic(size, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const pdf = (size: number) => withMagic(size, [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]);
export function webp(size: number): Uint8Array {
  const bytes = withMagic(size, [0x52, 0x49, 0x46, 0x46]);
  bytes.set([0x57, 0x45, 0x42, 0x50], 8);
  return bytes;
}

/** Inbound media (what people send): a voice note, MP3, AAC, AMR, MP4/3GP video, Office files. */
export const ogg = (size: number) => withMagic(size, [0x4f, 0x67, 0x67, 0x53, 0x00, 0x02]);
export const mp3 = (size: number) => withMagic(size, [0x49, 0x44, 0x33, 0x04]);
export const mp3Frame = (size: number) => withMagic(size, [0xff, 0xfb, 0x90, 0x64]);
export const adts = (size: number) => withMagic(size, [0xff, 0xf1, 0x50, 0x80]);
export const amr = (size: number) => withMagic(size, [0x23, 0x21, 0x41, 0x4d, 0x52, 0x0a]);
/** An ISO media file (`ftyp` box at offset 4) with the given major brand: 'isom', 'mp42', '3gp5', 'M4A '. */
export function ftyp(size: number, brand: string): Uint8Array {
  const bytes = withMagic(size, [0x00, 0x00, 0x00, 0x20, 0x66, 0x74, 0x79, 0x70]);
  bytes.set([...brand].map((c) => c.charCodeAt(0)), 8);
  return bytes;
}
export const zip = (size: number) => withMagic(size, [0x50, 0x4b, 0x03, 0x04]);
export const ole2 = (size: number) => withMagic(size, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** A Windows executable (`MZ`): never kept, whatever it claims to be. */
export const exe = (size: number) => withMagic(size, [0x4d, 0x5a, 0x90, 0x00]);
