/**
 * `npm run restore -- --from <dir>`: restores a folder `npm run backup` wrote into the empty database and
 * media folder the variables name (DATABASE_URL of a fresh PostgreSQL database, or a SQLite path that does
 * not exist yet; MEDIA_DIR). Then `npm start` on the same variables. See docs/deployment.md#backup-and-restore.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/internal.js';
import { restore } from './lib/backup.js';

const { values } = parseArgs({ options: { from: { type: 'string' } } });
if (!values.from) {
  process.stderr.write('Usage: npm run restore -- --from <backup folder>\n');
  process.exit(2);
}
try {
  const manifest = await restore(loadConfig(process.env), values.from);
  process.stdout.write(`Restored the ${manifest.dialect} backup of ${manifest.createdAt} (Campanile ${manifest.version}, ${manifest.migrations.length} migrations, ${manifest.media.files} media files)\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
