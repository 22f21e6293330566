import t from 'tap';
import { build } from '../../helpers/app.js';
import { AuditEntry } from '../../../core/internal.js';

t.test('the staff manager keeps the registry through the admin API; writes are audited, other roles and comuni are kept out', async (t) => {
  const { fastify, campanile, tenant, otherTenant, injectAs } = await build(t);
  const manager = await injectAs('staff-manager');
  const base = `/api/v1/tenants/${tenant}/staff`;
  const group = await manager({ method: 'POST', url: `${base}/groups`, payload: { name: 'Protezione civile', onDutyMode: true } });
  t.equal(group.statusCode, 201, group.body);
  const groupId = group.json().id as number;
  const created = await manager({ method: 'POST', url: `${base}/members`, payload: { name: 'Carla Bianchi', role: 'Volontaria', email: 'carla@example.org', groupIds: [groupId] } });
  t.equal(created.statusCode, 201, created.body);
  t.match(created.json(), { name: 'Carla Bianchi', role: 'Volontaria', email: 'carla@example.org', phone: null, active: true, groups: [{ id: groupId, name: 'Protezione civile' }] });

  t.equal((await manager({ method: 'POST', url: `${base}/members`, payload: { name: 'X', groupIds: [9999] } })).statusCode, 400, 'an unknown group: 400');
  t.equal((await manager({ method: 'POST', url: `${base}/members`, payload: { role: 'senza nome' } })).statusCode, 400, 'no name: 400');
  t.equal((await manager({ method: 'POST', url: `${base}/groups`, payload: { name: 'Protezione civile' } })).statusCode, 409, 'duplicate group: 409');
  const membersAfter = (await manager({ method: 'GET', url: `${base}/members` })).json().items as unknown[];
  t.equal(membersAfter.length, 1, 'nothing half-written by the refused requests');

  const audit = await campanile.services.db.em.fork().find(AuditEntry, { tenantId: campanile.defaultTenant.id, target: 'staff' });
  t.ok(audit.length >= 2, 'creations are audited');

  t.equal((await (await injectAs('editor'))({ method: 'GET', url: `${base}/members` })).statusCode, 403, 'an editor may not read the registry');
  const other = await injectAs('staff-manager', otherTenant);
  t.same((await other({ method: 'GET', url: `/api/v1/tenants/${otherTenant}/staff/members` })).json(), { items: [] }, 'another comune sees none of it');
  t.equal((await other({ method: 'GET', url: `${base}/members` })).statusCode, 404, 'nor can it reach this comune (not even learn it exists)');
  t.ok(fastify.permissions.allows('staff-manager', 'staff.write'), 'the staff-manager role holds staff.*');

  // CSV round trip: export, then import a file with a new member and a new group; a bad file changes nothing.
  const exported = (await manager({ method: 'GET', url: `${base}/export` })).json() as { csv: string };
  t.match(exported.csv, /^name,role,phone,email,groups,active\r?\nCarla Bianchi,Volontaria,,carla@example.org,Protezione civile,true/);
  const csv = `${exported.csv.trimEnd()}\r\n"Rossi, Mario",Operaio,+39 010 1,,Squadra manutenzioni;Protezione civile,true\r\n`;
  const imported = await manager({ method: 'POST', url: `${base}/import`, payload: { csv } });
  t.same(imported.json(), { created: 1, updated: 1, groupsCreated: 1 });
  const bad = await manager({ method: 'POST', url: `${base}/import`, payload: { csv: 'name,role,phone,email,groups,active\r\nNuovo,,,,,forse\r\n' } });
  t.equal(bad.statusCode, 400);
  t.match(bad.json(), { message: /line 2/ });
  const members = (await manager({ method: 'GET', url: `${base}/members` })).json().items as { name: string; groups: { name: string }[] }[];
  t.same(members.map((m) => [m.name, m.groups.map((g) => g.name)]), [['Carla Bianchi', ['Protezione civile']], ['Rossi, Mario', ['Protezione civile', 'Squadra manutenzioni']]]);
});
