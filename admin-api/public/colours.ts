/**
 * WCAG 2.1 contrast helpers, so a comune's colour is used only where it stays readable (AA: 4.5:1).
 *
 * @example
 * textOn('#ffd700'); // '#1a1a1a' (dark text on gold)
 * readableOnWhite('#ffd700'); // false
 */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** White or near-black text, whichever reads better on the colour. */
export function textOn(background: string): string {
  return contrast(background, '#ffffff') >= contrast(background, '#1a1a1a') ? '#ffffff' : '#1a1a1a';
}

export function readableOnWhite(colour: string): boolean {
  return contrast(colour, '#ffffff') >= 4.5;
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}
