import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCampanile, createLogger, loadConfig, ProcessedEvent, ChannelIdentity } from '../core/index.js';
const dir = mkdtempSync(join(tmpdir(), 'mi-'));
const app = await createCampanile({ config: loadConfig({ DATA_DIR: dir, SQLITE_PATH: join(dir, 'b.sqlite') }), log: createLogger({ level: 'silent' }), modules: [], adapters: [] });
const tid = app.defaultTenant.id;
for (const [name, fn] of [
  ['count processed', async () => { const em = app.services.tenants.scopedEm(tid); await em.count(ProcessedEvent, { channel: 'm', account: 'd', eventId: 'x' }); }],
  ['findOne identity populate', async () => { const em = app.services.tenants.scopedEm(tid); await em.findOne(ChannelIdentity, { channel: 'm', account: 'd', externalId: 'x' }, { populate: ['person'] }); }],
  ['raw execute', async () => { await app.db.em.getConnection().execute('select count(*) as n from processed_event where channel = ? and event_id = ?', ['m', 'x']); }],
  ['fork only', async () => { app.services.tenants.scopedEm(tid); }],
] as const) {
  for (let i = 0; i < 200; i++) await fn();
  const t0 = performance.now(); for (let i = 0; i < 2000; i++) await fn(); console.log(name, ((performance.now() - t0) / 2000).toFixed(3), 'ms');
}
await app.stop();
