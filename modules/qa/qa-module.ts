import { loadCatalogs, type FeatureModule } from '../../core/index.js';
import { qaEntities } from './entities/index.js';
import { qaMigrations } from './migrations/index.js';

export const qaModule: FeatureModule = {
  name: 'qa',
  texts: loadCatalogs(new URL('./locales/', import.meta.url)),
  entities: qaEntities,
  migrations: qaMigrations,
  setup() {},
};
