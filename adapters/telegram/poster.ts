import { escapeHtml } from './html.js';
import { qrPath } from './qr.js';

/** What goes on a poster. */
export interface PosterOptions {
  /** The comune's name, e.g. "Comune di Esempio". */
  readonly comune: string;
  /** The deep link the QR code opens. */
  readonly url: string;
  /** The bot's username, printed for people who search instead of scanning. */
  readonly botUsername: string;
  /** A category the link subscribes to, printed under the title (e.g. "Protezione civile"). */
  readonly category?: string;
}

/**
 * A printable A4 poster (SVG, 210 × 297 mm) for notice boards: the comune's name, the QR code of the
 * deep link and short Italian instructions. Vector only, so it prints sharp at any size; every text is
 * escaped.
 *
 * @example
 * const svg = posterSvg({ comune: 'Comune di Esempio', url: deepLink(bot, 'cat_eventi'), botUsername: bot, category: 'Eventi' });
 * reply.type('image/svg+xml').send(svg);
 */
export function posterSvg(options: PosterOptions): string {
  const { size, path } = qrPath(options.url);
  const qrMm = 120;
  const x = (210 - qrMm) / 2;
  const y = 92;
  const e = (text: string) => escapeXml(text);
  const lines = [
    '1. Inquadra il codice con la fotocamera del telefono',
    '    (oppure cerca @' + options.botUsername + ' su Telegram).',
    '2. Premi «Avvia».',
    '3. Scegli gli argomenti che ti interessano:',
    '    riceverai gli avvisi del Comune direttamente in chat.',
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" role="img"',
    `  aria-label="${e(`${options.comune}: avvisi su Telegram. ${options.url}`)}">`,
    '  <rect width="210" height="297" fill="#ffffff"/>',
    '  <rect x="0" y="0" width="210" height="14" fill="#229ED9"/>',
    `  <text x="105" y="38" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="13" font-weight="bold" fill="#1a1a1a">${e(options.comune)}</text>`,
    '  <text x="105" y="56" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="9" fill="#1a1a1a">Ricevi gli avvisi del Comune su Telegram</text>',
    options.category
      ? `  <text x="105" y="72" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="8" font-weight="bold" fill="#229ED9">Argomento: ${e(options.category)}</text>`
      : '',
    `  <svg x="${x}" y="${y}" width="${qrMm}" height="${qrMm}" viewBox="-4 -4 ${size + 8} ${size + 8}" shape-rendering="crispEdges">`,
    `    <rect x="-4" y="-4" width="${size + 8}" height="${size + 8}" fill="#ffffff"/>`,
    `    <path d="${path}" fill="#000000"/>`,
    '  </svg>',
    ...lines.map(
      (line, i) =>
        `  <text x="28" y="${232 + i * 8}" font-family="Helvetica, Arial, sans-serif" font-size="5.5" fill="#1a1a1a" xml:space="preserve">${e(line)}</text>`,
    ),
    `  <text x="105" y="280" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="5" fill="#444444">${e(options.url)}</text>`,
    '  <text x="105" y="288" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="3.5" fill="#666666">Il servizio è gratuito. Puoi cancellarti in ogni momento con il comando /cancella.</text>',
    '</svg>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The same poster as a self-contained printable HTML page (A4, no margins, prints one page). */
export function posterHtml(options: PosterOptions): string {
  const svg = posterSvg(options).replace(/^<\?xml[^>]*>\n/, '');
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.comune)} – avvisi su Telegram</title>
<style>
  @page { size: A4; margin: 0; }
  html, body { margin: 0; padding: 0; background: #fff; }
  svg { display: block; width: 210mm; height: 297mm; }
</style>
</head>
<body>
${svg}
</body>
</html>
`;
}

function escapeXml(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
