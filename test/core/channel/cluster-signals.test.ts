import t from 'tap';
import { MAX_SIGNAL_BYTES, encodeSignal, scopedSignals, signalHub } from '../../../core/internal.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

t.test('a hub delivers to the other members only, through JSON, until unsubscribed or closed', async (t) => {
  const hub = signalHub();
  const [a, b, c] = [hub.member(), hub.member(), hub.member()];
  const got: Record<string, unknown[]> = { a: [], b: [], c: [] };
  await a.subscribe('live', (p) => void got.a?.push(p));
  const stopB = await b.subscribe('live', (p) => void got.b?.push(p));
  await c.subscribe('other', (p) => void got.c?.push(p));
  const payload = { session: 's1', ids: ['7'] };
  await a.publish('live', payload);
  await tick();
  t.same(got, { a: [], b: [payload], c: [] }, 'not to the publisher, not to another topic');
  t.not(got.b?.[0], payload, 'a copy, as another process would get');

  await stopB();
  await c.close();
  await a.publish('live', payload);
  await a.publish('other', payload);
  await tick();
  t.same(got, { a: [], b: [payload], c: [] }, 'nothing after unsubscribe or close');
});

t.test('a hub of one member (SQLite: one process) reaches no one', async (t) => {
  const only = signalHub().member();
  let calls = 0;
  await only.subscribe('live', () => void calls++);
  await only.publish('live', { id: 1 });
  await tick();
  t.equal(calls, 0);
});

t.test('scoped signals keep adapters apart; payloads stay small', async (t) => {
  const hub = signalHub();
  const [a, b] = [hub.member(), hub.member()];
  const seen: string[] = [];
  await scopedSignals(b, 'webchat:default').subscribe('live', () => void seen.push('webchat'));
  await scopedSignals(b, 'webchat:other').subscribe('live', () => void seen.push('other account'));
  await b.subscribe('webchat:default:live', () => void seen.push('raw topic'));
  await scopedSignals(a, 'webchat:default').publish('live', { id: 1 });
  await tick();
  t.same(seen.sort(), ['raw topic', 'webchat'], 'the prefix is part of the topic');
  t.throws(() => encodeSignal({ body: 'x'.repeat(MAX_SIGNAL_BYTES) }), /publish ids/);
  await t.rejects(a.publish('live', { body: 'é'.repeat(MAX_SIGNAL_BYTES / 2) }), /at most 7000 bytes/, 'counted in bytes, not characters');
});
