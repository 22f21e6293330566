import t from 'tap';
import { buildHandoffApp } from '../../helpers/handoff-app.js';

t.test('/metrics: people waiting now, the longest wait, and the wait until taken', async (t) => {
  let now = new Date('2026-12-07T09:00:00Z');
  const { memory, tenant, call, fastify } = await buildHandoffApp(t, { now: () => now });
  const scrape = async () => (await fastify.inject({ method: 'GET', url: '/metrics' })).body;
  await call('PUT', '/presence', { status: 'online' });
  await memory.say(tenant, '20', '/operatore');
  now = new Date(now.getTime() + 42_000);
  let body = await scrape();
  t.match(body, new RegExp(`campanile_handoff_waiting\\{tenant="${tenant}"\\} 1\\n`), 'one person waiting');
  t.match(body, new RegExp(`campanile_handoff_oldest_waiting_seconds\\{tenant="${tenant}"\\} 42\\n`), 'for 42 s');
  const id = ((await call('GET', '/conversations')).json() as { items: { id: number }[] }).items[0]?.id;
  t.equal((await call('POST', `/conversations/${id}/take`)).statusCode, 200);
  body = await scrape();
  t.match(body, new RegExp(`campanile_handoff_waiting\\{tenant="${tenant}"\\} 0\\n`), 'nobody waiting once taken');
  t.match(body, new RegExp(`campanile_handoff_wait_seconds_bucket\\{tenant="${tenant}",le="60"\\} 1\\n`), 'the wait is in the histogram');
  t.match(body, new RegExp(`campanile_handoff_wait_seconds_count\\{tenant="${tenant}"\\} 1\\n`));
});
