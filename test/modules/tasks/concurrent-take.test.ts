import t from 'tap';
import { buildStaffApp } from '../../helpers/staff-app.js';
import { onPostgres, testDatabase } from '../../helpers/database.js';
import { tasksModule, TaskEvent, Task } from '../../../modules/tasks/index.js';

// On PostgreSQL two Campanile processes share the database and the five members press on both; on
// SQLite (one process per database) the five press on one instance at the same moment.
t.test('five members take the same task at the same moment: exactly one assignee', async (t) => {
  const database = testDatabase(t);
  const a = await buildStaffApp(t, { extra: [tasksModule], database });
  const b = onPostgres() ? await buildStaffApp(t, { extra: [tasksModule], database }) : a;
  const { groupId, chats, memberIds } = await a.squad('Protezione civile', ['M1', 'M2', 'M3', 'M4', 'M5']);
  const created = (await a.admin('tasks', 'POST', '/tasks', { body: { title: 'Allagamento sottopasso', priority: 'urgent', groupIds: [groupId] } })).body as { task: { id: number }; notified: number };
  t.equal(created.notified, 5, 'all five notified');
  const id = created.task.id;
  await Promise.all(chats.map((chat, i) => (i % 2 === 0 ? a : b).memory.press(a.tenant, chat, `tasks:eta:${id}:15`)));

  const em = a.app.services.tenants.scopedEm(a.app.defaultTenant.id);
  const task = await em.findOneOrFail(Task, { id });
  t.equal(task.state, 'preso_in_carico');
  t.ok(task.assignee && memberIds.includes(task.assignee.id), 'one of the five is the assignee');
  const takes = await em.find(TaskEvent, { task: id, toState: 'preso_in_carico' });
  t.equal(takes.length, 1, 'exactly one take stamped');
  t.equal(takes[0]?.member?.id, task.assignee?.id, 'by the assignee');
});
