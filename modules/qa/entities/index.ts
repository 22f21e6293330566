/** Entities of the Q&A module, in dependency order. */
import { QaEntry } from './qa-entry.js';
import { QaModel } from './qa-model.js';
import { UnansweredGroup } from './unanswered-group.js';
import { UnansweredQuestion } from './unanswered-question.js';

export { QaEntry, QaModel, UnansweredGroup, UnansweredQuestion };
export type { QaTranslation, QaTranslations } from './qa-entry.js';
export { QA_MODEL_STATUSES, type QaModelStatus } from './qa-model.js';
export { UNANSWERED_STATUSES, type UnansweredStatus, type StoredCandidate } from './unanswered-group.js';
export { QUESTION_OUTCOMES, SUGGESTION_STATUSES, type QuestionOutcome, type SuggestionStatus } from './unanswered-question.js';

export const qaEntities = [QaEntry, QaModel, UnansweredGroup, UnansweredQuestion];
