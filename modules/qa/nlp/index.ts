/**
 * Public surface of the Q&A classifier layer (re-exports only).
 */
export { normalizeText, normalizeForMatch, foldAccents, tokenize } from './normalize.js';
export { QaClassifier, trainClassifier, trainModel, loadClassifier, prepareEntries, calibrateLibrary, crossValidatedSamples } from './classifier.js';
export { askingPart, stripPoliteness, sentences } from './message.js';
export { decide, defaultCalibration, DEFAULT_ANSWER_THRESHOLD, DEFAULT_CLARIFY_THRESHOLD } from './calibration.js';
export type { QaCalibration, QaDecision } from './calibration.js';
export type { QaClassifierOptions } from './classifier.js';
export { QaModelError } from './errors.js';
export type { QaModelErrorCode } from './errors.js';
export { QA_ANSWER_THRESHOLD, NLP_WEIGHT, CENTROID_WEIGHT, SOFTMAX_WEIGHT, combineScores } from './scoring.js';
export type { SoftmaxModelOptions } from './softmax-model.js';
export type { QaTrainingEntry, QaCandidate, QaClassification, SerializedModel } from './types.js';
export { trainInWorker } from './train-in-worker.js';
