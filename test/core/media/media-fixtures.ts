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
