/**
 * `npm run backup -- --out <dir>`: backs up the database `npm start` would open (same variables:
 * DATABASE_URL, SQLITE_PATH, DATA_DIR, MEDIA_DIR) and the media folder into a new or empty folder, with a
 * manifest.json. Safe while Campanile runs. See docs/deployment.md#backup-and-restore.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../core/internal.js';
import { backup } from './lib/backup.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  process.stderr.write('Usage: npm run backup -- --out <new or empty folder>\n');
  process.exit(2);
}
try {
  const manifest = await backup(loadConfig(process.env), values.out);
  process.stdout.write(`Backed up ${manifest.dialect} (${manifest.migrations.length} migrations) and ${manifest.media.files} media files into ${values.out}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
