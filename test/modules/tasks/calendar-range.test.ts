import t from 'tap';
import { build, expectValidationError } from '../../helpers/app.js';
import { baseModule } from '../../../modules/base/index.js';
import { staffModule } from '../../../modules/staff/index.js';
import { tasksModule } from '../../../modules/tasks/index.js';

type List = { items: { title: string; dueAt: string | null }[] };

// Days are the comune's (Europe/Rome, UTC+1 in winter): a task due at 00:30 on 1 December in Rome is
// due on 30 November in UTC, and belongs to December's calendar.
const DUE = {
  'ultimo di novembre': '2026-11-30T22:59:00.000Z',
  'primo di dicembre': '2026-11-30T23:30:00.000Z',
  'metà dicembre': '2026-12-15T09:00:00.000Z',
  'ultimo di dicembre': '2026-12-31T22:59:00.000Z',
  'primo di gennaio': '2026-12-31T23:00:00.000Z',
} as const;

t.test('the calendar range: dueFrom / dueTo are whole days in the comune\'s timezone, both ends included', async (t) => {
  const app = await build(t, { modules: [baseModule, staffModule, tasksModule] });
  const manager = await app.injectAs('staff-manager');
  const base = `/api/v1/tenants/${app.tenant}`;
  const group = (await manager({ method: 'POST', url: `${base}/staff/groups`, payload: { name: 'Squadra' } })).json() as { id: number };
  for (const [title, dueAt] of Object.entries(DUE)) {
    const res = await manager({ method: 'POST', url: `${base}/tasks/tasks`, payload: { title, dueAt, groupIds: [group.id] } });
    t.equal(res.statusCode, 201, res.body);
  }
  await manager({ method: 'POST', url: `${base}/tasks/tasks`, payload: { title: 'senza scadenza', groupIds: [group.id] } });
  const titles = async (query: string) => {
    const res = await manager({ method: 'GET', url: `${base}/tasks/tasks?${query}` });
    t.equal(res.statusCode, 200, res.body);
    return (res.json() as List).items.map((i) => i.title).sort();
  };

  t.same(await titles('dueFrom=2026-12-01&dueTo=2026-12-31'), ['metà dicembre', 'primo di dicembre', 'ultimo di dicembre'], 'December, by Rome\'s days');
  t.same(await titles('dueFrom=2026-12-01&dueTo=2026-12-01'), ['primo di dicembre'], 'one day');
  t.same(await titles('dueFrom=2027-01-01'), ['primo di gennaio'], 'only a start');
  t.same(await titles('dueTo=2026-11-30'), ['ultimo di novembre'], 'only an end');
  t.same(await titles('dueFrom=2026-12-07&dueTo=2026-12-13'), [], 'an empty week');
  t.equal((await titles('')).length, 6, 'no range: every task, those without a due date too');
  t.same(await titles('dueFrom=2026-12-01&dueTo=2026-12-31&priority=urgent'), [], 'the range combines with the other filters');
});

t.test('a bad range is refused with a message that says how to fix it', async (t) => {
  const app = await build(t, { modules: [baseModule, staffModule, tasksModule] });
  const manager = await app.injectAs('staff-manager');
  const url = (query: string) => `/api/v1/tenants/${app.tenant}/tasks/tasks?${query}`;

  const reversed = await manager({ method: 'GET', url: url('dueFrom=2026-12-31&dueTo=2026-12-01') });
  t.equal(reversed.statusCode, 400);
  t.match(reversed.json(), { status: 400, code: 'bad-request', message: /dueFrom \(2026-12-31\) is after dueTo \(2026-12-01\)/ }, 'dueFrom after dueTo');
  for (const [field, value] of [['dueFrom', '07/12/2026'], ['dueTo', '2026-13-01'], ['dueFrom', '2026-02-30'], ['dueTo', '2026-12-01T10:00:00Z'], ['dueFrom', 'domani']] as const) {
    expectValidationError(t, await manager({ method: 'GET', url: url(`${field}=${encodeURIComponent(value)}`) }), field);
  }
  t.equal((await manager({ method: 'GET', url: url('dueFrom=2026-12-01&dueTo=2026-12-01') })).statusCode, 200, 'a one-day range is fine');
});
