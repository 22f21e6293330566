// pngjs (a dependency of qrcode) ships no types: the one call the tests use to read a QR code's pixels.
declare module 'pngjs' {
  export const PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } };
}
