import QRCode from 'qrcode';

/**
 * QR codes of deep links, for notice boards and letters. Error correction M (15%): survives a bit of
 * dirt or a staple on a printed poster and keeps modules large enough for old phone cameras.
 *
 * @example
 * const png = await qrPng('https://t.me/comune_esempio_bot?start=cat_eventi'); // Buffer, image/png
 * const svg = await qrSvg('https://t.me/comune_esempio_bot');                  // '<svg …>'
 */
export async function qrPng(text: string, options: { width?: number } = {}): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: options.width ?? 512 });
}

/** The QR code as a standalone SVG document. */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}

/**
 * The QR code's dark modules as one SVG path in a `size × size` grid (quiet zone not included), to
 * embed in a larger drawing such as the poster.
 */
export function qrPath(text: string): { size: number; path: string } {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const parts: string[] = [];
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) if (qr.modules.get(y, x)) parts.push(`M${x} ${y}h1v1h-1z`);
  }
  return { size, path: parts.join('') };
}
