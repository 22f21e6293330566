import t from 'tap';
import { RouteTable, type InboundEvent } from '../../../core/internal.js';

const ref = { tenant: 'esempio', channel: 'echo', account: 'default', chatId: '42' };
const event = (id: string): InboundEvent => ({ type: 'message', kind: 'text', id, ref, from: { id: '42' }, receivedAt: new Date(), text: id, raw: null });

t.test('dispatch runs the route, answers, and delivers its events only when told, failures reported', async (t) => {
  const delivered: string[] = [];
  const failed: string[] = [];
  const table = new RouteTable({
    deliver: async (e) => { if (e.id === 'bad') throw new Error('engine down'); delivered.push(e.id); },
    onError: (error, e) => failed.push(`${e.id}: ${(error as Error).message}`),
  });
  const owner = {};
  table.add(owner, [{ method: 'POST', path: '/webhooks/echo/:tenant', handle: async (req) => ({ response: { status: 200, body: { tenant: req.params.tenant ?? '' } }, events: [event('a'), event('bad'), event('b')] }) }]);
  const match = table.match('POST', '/webhooks/echo/esempio');
  t.ok(match);
  const done = await table.dispatch(match!, { method: 'POST', query: {}, headers: {}, rawBody: new Uint8Array() });
  t.same(done.response, { status: 200, body: { tenant: 'esempio' } }, 'the route saw the path parameters');
  t.equal(done.events, 3);
  t.same(delivered, [], 'nothing delivered before the answer is sent');
  done.deliver();
  await new Promise((resolve) => setImmediate(resolve));
  t.same(delivered, ['a', 'b']);
  t.same(failed, ['bad: engine down'], 'a failing event is reported, the others still go');
});

t.test('a table built without deliver cannot dispatch, and says how to fix it', async (t) => {
  const table = new RouteTable();
  table.add({}, [{ method: 'GET', path: '/x', handle: async () => ({ response: { status: 204 }, events: [] }) }]);
  await t.rejects(table.dispatch(table.match('GET', '/x')!, { method: 'GET', query: {}, headers: {}, rawBody: new Uint8Array() }), /new RouteTable\(\{ deliver, onError \}\)/);
});
