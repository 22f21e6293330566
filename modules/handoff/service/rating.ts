/** The rating buttons offered after a close, as the comune set them (`settings.rating`). */
import type { ChoiceButton } from '../../../core/internal.js';
import type { RatingKind } from './handoff-settings.js';

/** Highest rating value; 👍 is stored as 5 and 👎 as 1 so both kinds average on one scale. */
export const MAX_RATING = 5;

/**
 * @example
 * ratingChoices((k) => ctx.t(k), 'thumbs', 7); // [{ label: '👍', payload: 'handoff:rate:7:5' }, …]
 */
export function ratingChoices(t: (key: string) => string, kind: RatingKind, conversationId: number): ChoiceButton[] {
  if (kind === 'off') return [];
  if (kind === 'thumbs') {
    return [
      { label: t('handoff.thumbs_up'), payload: `handoff:rate:${conversationId}:${MAX_RATING}` },
      { label: t('handoff.thumbs_down'), payload: `handoff:rate:${conversationId}:1` },
    ];
  }
  return [1, 2, 3, 4, 5].map((n) => ({ label: '★'.repeat(n), payload: `handoff:rate:${conversationId}:${n}` }));
}
