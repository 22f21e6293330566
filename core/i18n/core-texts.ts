import { loadCatalogs } from './translator.js';

/** The engine's own texts (errors, fallbacks), in `core/i18n/locales/`. */
export const coreTexts = loadCatalogs(new URL('./locales/', import.meta.url));
