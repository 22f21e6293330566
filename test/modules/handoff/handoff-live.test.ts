import type { AddressInfo } from 'node:net';
import t from 'tap';
import { onPostgres, testDatabase } from '../../helpers/database.js';
import { buildHandoffApp, type HandoffTestApp } from '../../helpers/handoff-app.js';
import { openSse, type SseEvent } from '../../helpers/sse-client.js';

const skip = !onPostgres() && 'needs PostgreSQL (TEST_DATABASE_URL): a SQLite database serves one process, so there is no other process to tell';

type MessageEvent = { conversationId: number; message: { id: number; text: string | null; direction: string } };
type ConversationEvent = { change: string; conversation: { id: number; state: string } };

async function listen(app: HandoffTestApp): Promise<string> {
  await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.fastify.server.address() as AddressInfo).port}`;
}

/**
 * What the bot sent to `chatId` since `since`, on whichever process sent it: the memory account's
 * outbox lane is owned by one process, so a turn handled at B may be sent by A.
 */
async function repliesOnEither(apps: readonly HandoffTestApp[], chatId: string, since: readonly number[]): Promise<unknown[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const replies = apps.flatMap((app, i) => app.memory.sent.slice(since[i]).filter((s) => s.ref.chatId === chatId).map((s) => s.message));
    if (replies.length > 0 || Date.now() > deadline) return replies;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const isMessage = (text: string) => (e: SseEvent) => e.event === 'message' && (e.data as MessageEvent).message.text === text;

t.test('the live inbox streams a new request, the citizen\'s messages and state changes of this process', async (t) => {
  const app = await buildHandoffApp(t);
  const base = await listen(app);
  const sse = await openSse(t, `${base}/api/v1/tenants/${app.tenant}/handoff/events`, await app.tokenOf('operator'));
  await sse.next((e) => e.event === 'ready');
  await app.memory.say(app.tenant, '800', '/operatore');
  const created = (await sse.next((e) => e.event === 'conversation')).data as ConversationEvent;
  t.match(created, { change: 'created', conversation: { state: 'deferred' } }, 'a new request appears');
  await app.memory.say(app.tenant, '800', 'Il lampione è spento');
  const message = (await sse.next(isMessage('Il lampione è spento'))).data as MessageEvent;
  t.equal(message.conversationId, created.conversation.id);
  t.equal((await app.call('POST', `/conversations/${created.conversation.id}/take`)).statusCode, 200);
  t.match((await sse.next((e) => e.event === 'conversation' && (e.data as ConversationEvent).conversation.state === 'live')).data, { change: 'state' }, 'the take is streamed');
  const other = await openSse(t, `${base}/api/v1/tenants/altro/handoff/events`, await app.tokenOf('operator', 'altro'));
  await other.next((e) => e.event === 'ready');
  await app.memory.say(app.tenant, '800', 'sentinella');
  await sse.next(isMessage('sentinella'));
  t.notOk(other.events.some((e) => e.event === 'message'), "another comune's stream hears nothing of this one");
  t.equal((await app.call('GET', '/events', undefined, { role: 'editor' })).statusCode, 403, 'a role without handoff.read cannot open it');
});

t.test('two processes on one PostgreSQL: a message at B is seen live at A exactly once; two takes at once, one wins', { skip }, async (t) => {
  const database = testDatabase(t);
  const a = await buildHandoffApp(t, { database });
  const b = await buildHandoffApp(t, { database });
  const baseA = await listen(a);
  const sseA = await openSse(t, `${baseA}/api/v1/tenants/${a.tenant}/handoff/events`, await a.tokenOf('operator'));
  await sseA.next((e) => e.event === 'ready');
  // Signals are asynchronous: wait until A's listener hears B at all (a request through B).
  await a.call('PUT', '/presence', { status: 'online' });
  const since = [a.memory.sent.length, b.memory.sent.length];
  await b.memory.say(b.tenant, '900', 'voglio parlare con una persona');
  t.match(await repliesOnEither([a, b], '900', since), [{}], 'asked at B');
  const created = (await sseA.next((e) => e.event === 'conversation')).data as ConversationEvent;
  t.equal(created.conversation.state, 'waiting', 'A sees the request B stored, and knows an operator on A is online');

  await b.memory.say(b.tenant, '900', 'primo messaggio');
  await b.memory.say(b.tenant, '900', 'sentinella');
  await sseA.next(isMessage('sentinella'));
  const seen = sseA.events.filter(isMessage('primo messaggio'));
  t.equal(seen.length, 1, 'seen at A exactly once');

  const id = created.conversation.id;
  const [x, y] = await Promise.all([a.call('POST', `/conversations/${id}/take`), b.call('POST', `/conversations/${id}/take`, undefined, { role: 'mayor' })]);
  t.same([x.statusCode, y.statusCode].sort(), [200, 409], 'two operators in two processes: one wins, the other gets 409');
  await sseA.next((e) => e.event === 'conversation' && (e.data as ConversationEvent).conversation.state === 'live');
});
