import t from 'tap';
import { ProcessedEvent, ProcessedEventPruner } from '../../../core/internal.js';
import { buildApp } from '../../helpers/campanile.js';

t.test('old processed-event ids are pruned, recent ones kept', async (t) => {
  const { app, memory, tenant } = await buildApp(t);
  await memory.say(tenant, '1', '/aiuto', { id: 'recent' });
  const em = app.services.tenants.scopedEm(app.defaultTenant.id);
  em.create(ProcessedEvent, { tenant: app.defaultTenant.id, channel: 'memory', account: 'default', eventId: 'old', createdAt: new Date('2026-01-01T00:00:00Z') });
  await em.flush();
  const deleted = await new ProcessedEventPruner(app.db).pruneOnce(new Date('2026-11-26T00:00:00Z'));
  t.equal(deleted, 1);
  const left = await app.services.tenants.scopedEm(app.defaultTenant.id).find(ProcessedEvent, {});
  t.same(left.map((e) => e.eventId), ['recent']);
});
