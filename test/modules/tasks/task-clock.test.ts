import t from 'tap';
import { textOf } from '../../helpers/campanile.js';
import { buildStaffApp } from '../../helpers/staff-app.js';
import { createTasksModule } from '../../../modules/tasks/index.js';

type Created = { task: { id: number } };
type Detail = { escalationLevel: number; timeline: { kind: string; actor: string; note: string | null }[] };
const MIN = 60_000;

t.test('nobody takes it: re-notified, then everyone refuses → the escalation group gets it and the manager is alerted', async (t) => {
  const tasks = createTasksModule({ escalateAfterMs: 15 * MIN, intervalMs: 3_600_000 });
  const { memory, tenant, admin, squad } = await buildStaffApp(t, { extra: [tasks] });
  const first = await squad('Squadra A', ['Anna', 'Bruno'], { chatPrefix: 'a' });
  const backup = await squad('Riserva', ['Carlo'], { chatPrefix: 'r' });
  const { task } = (await admin('tasks', 'POST', '/tasks', { body: { title: 'Albero caduto', groupIds: [first.groupId], escalationGroupId: backup.groupId } })).body as Created;
  const offers = (chat: string) => memory.sent.filter((s) => s.ref.chatId === chat && s.message.choices?.some((c) => c.payload === `tasks:take:${task.id}`)).length;
  t.equal(offers('a-0'), 1);
  const start = Date.now();
  t.same(await tasks.runtime.clock.runOnce(new Date(start + MIN)), { escalated: 0, reminded: 0 }, 'not yet');
  t.same(await tasks.runtime.clock.runOnce(new Date(start + 16 * MIN)), { escalated: 1, reminded: 0 }, 'after the configured time: one step');
  t.equal(offers('a-0'), 2, 'the group is notified again');
  t.equal(offers('r-0'), 0, 'not the backup group yet');

  for (const chat of first.chats) {
    await memory.press(tenant, chat, `tasks:refuse:${task.id}`);
    await memory.say(tenant, chat, 'Impegnato altrove');
  }
  t.same(await tasks.runtime.clock.runOnce(new Date(start + 17 * MIN)), { escalated: 1, reminded: 0 }, 'everyone refused: escalated at once');
  t.equal(offers('r-0'), 1, 'the escalation group is notified');
  t.same(await tasks.runtime.clock.runOnce(new Date(start + 60 * MIN)), { escalated: 0, reminded: 0 }, 'no further step');
  const detail = (await admin('tasks', 'GET', '/tasks/:id', { params: { id: task.id } })).body as Detail;
  t.equal(detail.escalationLevel, 2);
  t.same(detail.timeline.filter((e) => e.kind === 'escalated').map((e) => e.actor), ['sistema', 'sistema'], 'escalations stamped');
  t.match(detail.timeline.filter((e) => e.kind === 'escalated').at(-1)?.note, /responsabile avvisato.*non posso/s);
  t.match((await admin('tasks', 'GET', '/tasks', { query: { escalated: true } })).body, { items: [{ id: task.id }] }, 'the manager finds it in the escalated list');
});

t.test('the due reminder fires once, even when two ticks run together', async (t) => {
  const tasks = createTasksModule({ remindBeforeMs: 60 * MIN, intervalMs: 3_600_000 });
  const { memory, tenant, admin, squad } = await buildStaffApp(t, { extra: [tasks] });
  const { groupId, chats } = await squad('Polizia locale', ['Dario']);
  const dueAt = new Date(Date.now() + 30 * MIN).toISOString();
  const { task } = (await admin('tasks', 'POST', '/tasks', { body: { title: 'Presidio mercato', dueAt, groupIds: [groupId] } })).body as Created;
  await memory.press(tenant, chats[0] as string, `tasks:eta:${task.id}:15`);
  const runs = await Promise.all([tasks.runtime.clock.runOnce(new Date()), tasks.runtime.clock.runOnce(new Date())]);
  t.equal(runs[0].reminded + runs[1].reminded, 1, 'one reminder between the two ticks');
  t.same(await tasks.runtime.clock.runOnce(new Date()), { escalated: 0, reminded: 0 }, 'and never again');
  t.match(textOf(memory.sent.filter((s) => s.ref.chatId === chats[0]).map((s) => s.message)), /Promemoria: il compito \*?Presidio mercato/, 'the assignee is reminded');
});
