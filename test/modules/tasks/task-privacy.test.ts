import t from 'tap';
import { textOf } from '../../helpers/campanile.js';
import { buildStaffApp } from '../../helpers/staff-app.js';
import { tasksModule, TaskEvent } from '../../../modules/tasks/index.js';
import { Tenant } from '../../../core/internal.js';

const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
const DAY = 86_400_000;

t.test('task material is kept for the comune\'s retention after closing (default 1 year), then removed', async (t) => {
  const { app, memory, tenant, admin, squad } = await buildStaffApp(t, { extra: [tasksModule] });
  const { groupId, chats } = await squad('Squadra', ['Elena']);
  const chat = chats[0] as string;
  const { task } = (await admin('tasks', 'POST', '/tasks', { body: { title: 'Segnaletica', groupIds: [groupId] } })).body as { task: { id: number } };
  await memory.press(tenant, chat, `tasks:eta:${task.id}:15`);
  await memory.deliver({ ...memory.base(tenant, chat), kind: 'media', media: { kind: 'photo', mimeType: 'image/png', size: PNG.byteLength, fileName: 'cartello.png', fetch: async () => PNG } });
  await memory.deliver({ ...memory.base(tenant, chat), kind: 'location', latitude: 44.4, longitude: 8.9 });
  const em = () => app.services.tenants.scopedEm(app.defaultTenant.id);
  const photo = await em().findOneOrFail(TaskEvent, { task: task.id, mediaKind: 'photo' });
  const mediaId = photo.mediaId as string;
  t.ok(await app.services.notifications.media.get(app.defaultTenant.id, mediaId), 'the photo is in the media store');

  await app.services.retention.runOnce(new Date(Date.now() + 400 * DAY));
  t.ok(await app.services.notifications.media.get(app.defaultTenant.id, mediaId), 'an open task keeps its material, however old');

  await memory.press(tenant, chat, `tasks:done:${task.id}`);
  await memory.say(tenant, chat, 'Fatto');
  await app.services.retention.runOnce(new Date(Date.now() + 300 * DAY));
  t.ok(await app.services.notifications.media.get(app.defaultTenant.id, mediaId), 'within a year of closing: kept');
  await app.services.retention.runOnce(new Date(Date.now() + 366 * DAY));
  t.equal(await app.services.notifications.media.get(app.defaultTenant.id, mediaId), null, 'a year after closing: the file is gone');
  const events = await em().find(TaskEvent, { task: task.id, kind: 'material' });
  t.same(events.map((e) => [e.mediaKind, e.mediaId, e.latitude]), [['removed', null, null], ['removed', null, null]], 'positions cleared too; the steps stay');

  // A shorter setting of the comune applies.
  const tenantRow = await em().findOneOrFail(Tenant, { id: app.defaultTenant.id });
  tenantRow.settings = { ...tenantRow.settings, tasks: { materialRetentionDays: 7 } };
  await em().persistAndFlush(tenantRow);
  const second = (await admin('tasks', 'POST', '/tasks', { body: { title: 'Secondo', groupIds: [groupId] } })).body as { task: { id: number } };
  await memory.press(tenant, chat, `tasks:eta:${second.task.id}:15`);
  await memory.deliver({ ...memory.base(tenant, chat), kind: 'location', latitude: 44.5, longitude: 8.8 });
  await memory.press(tenant, chat, `tasks:fail:${second.task.id}`);
  await memory.say(tenant, chat, 'Materiale mancante');
  await app.services.retention.runOnce(new Date(Date.now() + 8 * DAY));
  t.same((await em().find(TaskEvent, { task: second.task.id, kind: 'material' })).map((e) => e.mediaKind), ['removed'], 'the comune\'s 7 days');
});

t.test('a button payload for another comune\'s task changes nothing and says so', async (t) => {
  const { app, memory, tenant, admin, squad } = await buildStaffApp(t, { extra: [tasksModule] });
  const { groupId } = await squad('Squadra', ['Franco']);
  const { task } = (await admin('tasks', 'POST', '/tasks', { body: { title: 'Qui', groupIds: [groupId] } })).body as { task: { id: number } };
  // Another comune with its own linked member presses this comune's task id.
  const other = await app.services.tenants.ensure({ slug: 'altro', name: 'Comune Altro', enabledModules: ['base', 'staff', 'tasks'] });
  const otherEm = app.services.tenants.scopedEm(other.id);
  const { createMember } = await import('../../../modules/staff/service/registry-service.js');
  const { createInvitation } = await import('../../../modules/staff/service/invitation-service.js');
  const member = await createMember(otherEm, other.id, { name: 'Gina' });
  const invitation = await createInvitation(otherEm, other.id, member.id);
  t.match(textOf(await memory.say(other.slug, 'g1', `/start ${invitation.startPayload}`)), /Gina/);
  t.match(textOf(await memory.press(other.slug, 'g1', `tasks:eta:${task.id}:15`)), /non esiste o non è tra i tuoi/, 'a clear reply');
  t.match((await admin('tasks', 'GET', '/tasks/:id', { params: { id: task.id } })).body, { state: 'notificato', assignee: null }, 'the task is untouched');
});
