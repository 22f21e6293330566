import t from 'tap';
import { compose, Composer, KeyedQueue, type TurnContext } from '../../../core/internal.js';

const fakeCtx = (message: object) => ({ message }) as unknown as TurnContext;

t.test('compose runs in order and refuses a second next()', async (t) => {
  const order: number[] = [];
  const run = compose<TurnContext>([
    async (_c, next) => { order.push(1); await next(); order.push(4); },
    async (_c, next) => { order.push(2); await next(); },
  ]);
  await run(fakeCtx({}), async () => { order.push(3); });
  t.same(order, [1, 2, 3, 4]);
  const twice = compose<TurnContext>([async (_c, next) => { await next(); await next(); }]);
  await t.rejects(twice(fakeCtx({}), async () => {}), /next\(\) called twice/);
});

t.test('Composer routes by kind, command and button prefix', async (t) => {
  const hits: string[] = [];
  const c = new Composer<TurnContext>()
    .onCommand(['aiuto', 'help'], () => { hits.push('help'); })
    .onButton('base:toggle', (ctx) => { hits.push(`toggle ${ctx.message.payload}`); })
    .onText((ctx) => { hits.push(`text ${ctx.message.text}`); })
    .branch((ctx) => ctx.message.kind === 'location', () => { hits.push('location'); }, (_c, next) => next())
    .lazy(() => [() => { hits.push('lazy'); }]);
  const mw = c.middleware();
  const last = async () => { hits.push('last'); };
  await mw(fakeCtx({ kind: 'command', command: 'help', argument: '' }), last);
  await mw(fakeCtx({ kind: 'button', payload: 'base:toggle:3' }), last);
  await mw(fakeCtx({ kind: 'button', payload: 'base:toggled' }), last);
  await mw(fakeCtx({ kind: 'text', text: 'ciao' }), last);
  await mw(fakeCtx({ kind: 'location' }), last);
  t.same(hits, ['help', 'toggle base:toggle:3', 'lazy', 'text ciao', 'location']);
});

t.test('KeyedQueue serialises per key and runs keys concurrently', async (t) => {
  const queue = new KeyedQueue();
  const log: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const a1 = queue.run('a', async () => { await gate; log.push('a1'); });
  const a2 = queue.run('a', async () => { log.push('a2'); });
  const b1 = queue.run('b', async () => { log.push('b1'); });
  await b1;
  t.same(log, ['b1'], 'b did not wait for a');
  release();
  await Promise.all([a1, a2]);
  t.same(log, ['b1', 'a1', 'a2']);
  await t.rejects(queue.run('c', async () => { throw new Error('x'); }));
  t.equal(await queue.run('c', async () => 'after an error'), 'after an error', 'an error does not block the key');
  await queue.drain();
  t.equal(queue.size, 0, 'idle keys are forgotten');
});
