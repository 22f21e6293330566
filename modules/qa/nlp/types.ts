/**
 * Data shapes of the Q&A classifier: what it is trained from and what it answers.
 */
import type { QaCalibration, QaDecision } from './calibration.js';

/**
 * One library entry as the classifier sees it: an id and the ways citizens ask for it.
 *
 * @example
 * const entry: QaTrainingEntry = {
 *   entryId: 'orari-anagrafe', phrasings: ['orari anagrafe', "quando apre l'anagrafe?"] };
 */
export interface QaTrainingEntry {
  /** Stable id of the Q&A entry; returned by `classify`. */
  entryId: string;
  /** Italian phrasings (at least one per entry; 8+ recommended). */
  phrasings: string[];
  /** Optional English phrasings, trained into the same entry. */
  phrasingsEn?: string[];
}

/**
 * One scored candidate entry.
 *
 * @example
 * const c: QaCandidate = { entryId: 'tari-pagamento', score: 0.81 };
 */
export interface QaCandidate {
  entryId: string;
  /** Combined confidence in [0, 1] (see `combineScores`). */
  score: number;
}

/**
 * Result of classifying one question. `entryId` is null when the best candidate is below the
 * answer threshold: the caller should say "non lo so" and log the question.
 *
 * @example
 * const r = classifier.classify('quando apre l’anagrafe');
 * if (r.entryId) reply(answers[r.entryId]); else logUnanswered(r);
 */
export interface QaClassification {
  /** The entry to answer with; set only when `decision` is `answer`. */
  entryId: string | null;
  /** `answer` (confident), `clarify` (ask "Forse intendevi…" with the candidates) or `fallback`. */
  decision: QaDecision;
  /** The part of the message that was classified (greetings and politeness left out; see `askingPart`). */
  asked: string;
  /** Confidence of the best candidate, whether or not it passed the threshold. */
  confidence: number;
  /** Top 3 candidates, best first (also filled when `entryId` is null, for operator hints). */
  candidates: QaCandidate[];
  /** True when the explicit out-of-scope class matched best (the comune does not handle it). */
  outOfScope?: boolean;
}

/**
 * A trained model in a storable form: plain JSON with a format version.
 * Store it with `JSON.stringify` as a file; load it with `loadClassifier`.
 *
 * @example
 * const model = classifier.serialize();
 * await writeFile('model.json', JSON.stringify(model));
 */
export interface SerializedModel {
  format: 'campanile-qa-model';
  version: 1;
  trainedAt: string;
  /** NLP.js `nlp.export(true)` output. */
  nlpjs: string;
  /**
   * Normalised training phrasings per entry; the lexical indexes (a few ms) and the softmax model
   * (~0.2–1 s for 1,000 phrasings, see docs/qa-evaluation.md) are rebuilt from them on load.
   */
  entries: { entryId: string; phrasings: string[] }[];
  /** The bands from the library's own cross-validation (absent in models stored before it: default bands). */
  calibration?: QaCalibration;
}
