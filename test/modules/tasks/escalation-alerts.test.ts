/**
 * The managers' live alert: when a task nobody took escalates, the admin stream
 * (GET /tasks/events, server-sent events over real HTTP) says so at once — in the process that ran
 * the clock and, through cluster signals, in another process on the same PostgreSQL.
 */
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { MemoryAdapter } from '../../../adapters/memory/index.js';
import { baseModule } from '../../../modules/base/index.js';
import { staffModule } from '../../../modules/staff/index.js';
import { createTasksModule } from '../../../modules/tasks/index.js';
import { build, type AdminTestApp } from '../../helpers/app.js';
import { onPostgres, testDatabase, type TestDatabase } from '../../helpers/database.js';
import { openSse, type SseEvent } from '../../helpers/sse-client.js';

const MIN = 60_000;
const skip = !onPostgres() && 'needs PostgreSQL (TEST_DATABASE_URL): a SQLite database serves one process, so there is no other process to tell';
type Escalated = { task: { id: number; title: string; escalationLevel: number }; level: number; allRefused: boolean };

async function managerApp(t: Parameters<typeof build>[0], database?: TestDatabase) {
  const tasks = createTasksModule({ escalateAfterMs: 15 * MIN, intervalMs: 3_600_000 });
  const memory = new MemoryAdapter();
  const app = await build(t, { modules: [baseModule, staffModule, tasks], memory, ...(database ? { database } : {}) });
  await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.fastify.server.address() as AddressInfo).port}`;
  const call = async (method: 'GET' | 'POST', path: string, payload?: unknown) => {
    // Users live in the shared database: the manager is created by the first process that asks.
    const manager = await app.injectAs('staff-manager');
    const res = await manager({ method, url: `/api/v1/tenants/${app.tenant}${path}`, ...(payload === undefined ? {} : { payload: payload as object }) });
    return res.json() as Record<string, unknown>;
  };
  return { app, tasks, memory, base, call };
}

/** A group with one member linked from chat `chat`, and a task for it that nobody takes. */
async function untakenTask(x: { app: AdminTestApp; memory: MemoryAdapter; call: (m: 'GET' | 'POST', p: string, b?: unknown) => Promise<Record<string, unknown>> }, chat: string) {
  const group = await x.call('POST', '/staff/groups', { name: `Squadra ${chat}` });
  const member = await x.call('POST', '/staff/members', { name: `Membro ${chat}`, role: 'Operaio', groupIds: [group.id] });
  const invitation = await x.call('POST', `/staff/members/${member.id as number}/invitations`, {});
  await x.memory.say(x.app.tenant, chat, `/start ${invitation.startPayload as string}`);
  const created = await x.call('POST', '/tasks/tasks', { title: `Albero caduto ${chat}`, groupIds: [group.id] });
  return (created.task as { id: number }).id;
}

const escalated = (id: number, level: number) => (e: SseEvent) => e.event === 'escalated' && (e.data as Escalated).task.id === id && (e.data as Escalated).level === level;

t.test('an escalation reaches the managers\' stream at once, each step once; another comune hears nothing', async (t) => {
  const x = await managerApp(t);
  const sse = await openSse(t, `${x.base}/api/v1/tenants/${x.app.tenant}/tasks/events`, await x.app.tokenOf('staff-manager'));
  await sse.next((e) => e.event === 'ready');
  const other = await openSse(t, `${x.base}/api/v1/tenants/${x.app.otherTenant}/tasks/events`, await x.app.tokenOf('staff-manager', x.app.otherTenant));
  await other.next((e) => e.event === 'ready');
  const id = await untakenTask(x, 'c1');

  const start = Date.now();
  t.same(await x.tasks.runtime.clock.runOnce(new Date(start + MIN)), { escalated: 0, reminded: 0 }, 'not late yet: no step');
  t.same(await x.tasks.runtime.clock.runOnce(new Date(start + 16 * MIN)), { escalated: 1, reminded: 0 });
  const first = (await sse.next(escalated(id, 1))).data as Escalated;
  t.match(first, { level: 1, allRefused: false, task: { id, title: 'Albero caduto c1', escalationLevel: 1 } }, 'not taken in time: re-notified, the managers told');
  t.same(await x.tasks.runtime.clock.runOnce(new Date(start + 32 * MIN)), { escalated: 1, reminded: 0 });
  t.match((await sse.next(escalated(id, 2))).data, { level: 2, task: { escalationLevel: 2 } }, 'still not taken: escalated, the managers alerted');
  t.same(await x.tasks.runtime.clock.runOnce(new Date(start + 90 * MIN)), { escalated: 0, reminded: 0 }, 'no further step');

  // A sentinel escalation: every alert before it has arrived, so the counts below are final.
  const sentinel = await untakenTask(x, 'c2');
  await x.tasks.runtime.clock.runOnce(new Date(start + 120 * MIN));
  await sse.next(escalated(sentinel, 1));
  t.same(sse.events.filter((e) => e.event === 'escalated' && (e.data as Escalated).task.id === id).map((e) => (e.data as Escalated).level), [1, 2], 'each step streamed exactly once');
  t.notOk(other.events.some((e) => e.event === 'escalated'), 'another comune\'s managers hear nothing of this one');
  const editor = await x.app.injectAs('editor');
  t.equal((await editor({ method: 'GET', url: `/api/v1/tenants/${x.app.tenant}/tasks/events` })).statusCode, 403, 'a role without tasks.read cannot open it');
});

t.test('two processes on one PostgreSQL: the clock escalates at B, the manager connected to A sees it live', { skip }, async (t) => {
  const database = testDatabase(t);
  const a = await managerApp(t, database);
  const b = await managerApp(t, database);
  const sse = await openSse(t, `${a.base}/api/v1/tenants/${a.app.tenant}/tasks/events`, await a.app.tokenOf('staff-manager'));
  await sse.next((e) => e.event === 'ready');
  const id = await untakenTask(a, 'p1');
  const run = await b.tasks.runtime.clock.runOnce(new Date(Date.now() + 16 * MIN));
  t.same(run, { escalated: 1, reminded: 0 }, 'B ran the step');
  t.match((await sse.next(escalated(id, 1))).data, { task: { id, escalationLevel: 1 } }, 'A\'s stream shows it, read from the shared database');
  // A sentinel from B: once it arrives, the first alert's count is final.
  const sentinel = await untakenTask(a, 'p2');
  await b.tasks.runtime.clock.runOnce(new Date(Date.now() + 16 * MIN));
  await sse.next(escalated(sentinel, 1));
  t.equal(sse.events.filter(escalated(id, 1)).length, 1, 'exactly once');
});

