/**
 * A small RFC 4180 CSV reader and writer (no dependency): quoted fields with `""` escapes, commas and
 * line breaks inside quotes, CRLF or LF line ends, a leading UTF-8 BOM (Excel writes one) ignored.
 * Spreadsheet users edit the Q&A library and the staff registry this way (modules import it from core).
 */

/**
 * A CSV file that breaks RFC 4180, with the 1-based line where it happened.
 *
 * @example
 * try { parseCsv('"a,b'); } catch (e) { (e as CsvError).line; } // => 1
 */
export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`CSV line ${line}: ${message}`);
  }
}

/**
 * Parse CSV text into rows of fields. Blank lines are skipped.
 *
 * @example
 * parseCsv('key,question\r\na,"Orari, sabato?"\r\n');
 * // => [['key', 'question'], ['a', 'Orari, sabato?']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted (so a closing quote was seen)
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = (): void => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '' && !wasQuoted)) rows.push(row);
    row = [];
    field = '';
    wasQuoted = false;
  };
  for (; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (c === '\n') line += 1;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '' || wasQuoted) throw new CsvError('a quote inside an unquoted field: wrap the whole field in quotes and double the inner quotes ("").', line);
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
    } else {
      if (wasQuoted) throw new CsvError('text after a closing quote: put the separator (,) right after the quote.', line);
      field += c;
    }
  }
  if (quoted) throw new CsvError('a quoted field is never closed: add the closing quote (").', line);
  if (field !== '' || wasQuoted || row.length > 0) endRow();
  return rows;
}

/** Quote a field only when it needs it (comma, quote, line break, or leading/trailing space). */
function quote(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * Write rows as CSV with CRLF line ends (RFC 4180; Excel and LibreOffice read it).
 *
 * @example
 * writeCsv([['key', 'answer'], ['a', 'Sì, "sempre"']]);
 * // => 'key,answer\r\na,"Sì, ""sempre"""\r\n'
 */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}
