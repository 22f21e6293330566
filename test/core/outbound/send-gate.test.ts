import t from 'tap';
import { ChatSpacing } from '../../../core/outbox/chat-spacing.js';
import { RateLimiter } from '../../../core/outbox/rate-limiter.js';
import { SendGate } from '../../../core/outbox/send-gate.js';
import { DELIVERY_PRIORITY } from '../../../core/storage/entities/delivery.js';

// The scheduling rule of a lane (docs/notification-engine.md, "One outbound path"): the next token goes to
// the most urgent waiting send whose chat may receive; a reply waits for at most the one slot being granted.
t.test('a reply arriving behind a queue of routine sends takes the very next token', async (t) => {
  const gate = new SendGate(new RateLimiter({ count: 20, perMs: 1000 }), new ChatSpacing({ count: 100, perMs: 1000 }));
  const order: string[] = [];
  const routine = Array.from({ length: 6 }, (_, i) => Promise.resolve(gate.take(`chat-${i}`, DELIVERY_PRIORITY.normal)).then(() => order.push(`notice-${i}`)));
  await routine[0]; // the first token went at once; five routine sends are waiting
  const reply = Promise.resolve(gate.take('person', DELIVERY_PRIORITY.reply)).then(() => order.push('reply'));
  const urgent = Promise.resolve(gate.take('chat-u', DELIVERY_PRIORITY.urgent)).then(() => order.push('urgent'));
  await Promise.all([...routine, reply, urgent]);
  t.same(order.slice(0, 3), ['notice-0', 'reply', 'urgent'], 'reply, then urgent, before the routine sends already waiting');
  t.same(order.slice(3), ['notice-1', 'notice-2', 'notice-3', 'notice-4', 'notice-5'], 'routine sends keep their order and all go');
});

t.test('a busy chat does not hold up other chats, and its own sends keep their turn', async (t) => {
  const gate = new SendGate(new RateLimiter({ count: 1000, perMs: 1000 }), new ChatSpacing({ count: 1, perMs: 200 }));
  const order: string[] = [];
  await gate.take('a', DELIVERY_PRIORITY.reply);
  const second = Promise.resolve(gate.take('a', DELIVERY_PRIORITY.reply)).then(() => order.push('a-2'));
  const other = Promise.resolve(gate.take('b', DELIVERY_PRIORITY.normal)).then(() => order.push('b-1'));
  await Promise.all([second, other]);
  t.same(order, ['b-1', 'a-2'], 'chat b went while chat a waited for its spacing');
  t.equal(gate.waiting, 0);
});

t.test('the account window counts finishes: a slow send holds the start count places later', async (t) => {
  const window = { count: 2, perMs: 100 };
  const gate = new SendGate(new RateLimiter({ count: 1000, perMs: 1000 }), new ChatSpacing({ count: 1000, perMs: 1000 }), window);
  const first = await gate.take('a', DELIVERY_PRIORITY.normal);
  const second = await gate.take('b', DELIVERY_PRIORITY.normal);
  let thirdAt = 0;
  const third = Promise.resolve(gate.take('c', DELIVERY_PRIORITY.normal)).then((done) => { thirdAt = performance.now(); return done; });
  await new Promise((resolve) => setTimeout(resolve, 150));
  t.equal(thirdAt, 0, 'the third start waits while the first send is still in flight, even after perMs');
  const firstFinished = performance.now();
  first();
  second();
  (await third)();
  t.ok(thirdAt - firstFinished >= window.perMs - 1, `the third started ${Math.round(thirdAt - firstFinished)} ms after the first finished (≥ ${window.perMs})`);
});
