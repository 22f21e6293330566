import type { NoticeTranslations } from '../storage/entities/notice.js';

/** The parts of a notice that exist per language (a `Notice` row fits). */
export interface TranslatableNotice {
  readonly title: string;
  readonly text: string;
  readonly translations?: NoticeTranslations | null;
}

/**
 * A notice's title and text in one recipient's language: its translation when the author wrote one,
 * else the notice's own text (the comune's first language). Chosen per delivery row, so a bilingual
 * notice is still one notice, one snapshot and one send path.
 *
 * @example
 * localizedNotice({ title: 'Strada chiusa', text: '…', translations: { de: { title: 'Straße gesperrt', text: '…' } } }, 'de');
 * // → { title: 'Straße gesperrt', text: '…' }
 */
export function localizedNotice(notice: TranslatableNotice, locale: string): { title: string; text: string } {
  const translation = notice.translations?.[locale];
  return translation ? { title: translation.title, text: translation.text } : { title: notice.title, text: notice.text };
}
