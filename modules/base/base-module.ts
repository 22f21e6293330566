import { loadCatalogs, type FeatureModule } from '../../core/internal.js';
import { registerArchive } from './archive.js';
import { registerCategories } from './categories.js';
import { registerErasure } from './erasure.js';
import { registerFirstContact } from './first-contact.js';
import { registerHelp } from './help.js';
import { registerLanguage } from './language.js';
import { registerStart } from './start.js';

/**
 * The base module: welcome and privacy notice, category subscriptions, the notice archive, `/stop`,
 * `/cancella` and help. Works on any channel. Its data (subscriptions, notices) lives in core's
 * entities, which the notification engine reads too.
 *
 * @example
 * const app = await createCampanile({ modules: [baseModule], … });
 */
export const baseModule: FeatureModule = {
  name: 'base',
  texts: loadCatalogs(new URL('./locales/', import.meta.url)),
  setup(api) {
    registerFirstContact(api);
    registerStart(api);
    registerCategories(api);
    registerArchive(api);
    registerErasure(api);
    registerLanguage(api);
    registerHelp(api);
  },
};
