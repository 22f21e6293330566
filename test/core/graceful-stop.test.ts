import t from 'tap';
import { plain, type FeatureModule } from '../../core/internal.js';
import { buildApp } from '../helpers/campanile.js';

// Issue 21 "Operations", shutdown: `stop()` lets turns in progress finish and sends their replies before
// the lanes stop; `drainMs` bounds the wait for a turn that does not finish.

/** A module whose /lento command waits for `release` before it replies. */
function slowModule(gate: Promise<void>, started: () => void): FeatureModule {
  return {
    name: 'slow',
    setup(api) {
      api.command('lento', async (ctx) => {
        started();
        await gate;
        ctx.reply({ text: plain('fatto') });
      });
    },
  };
}

t.test('a turn in progress when stop() is called finishes, and its reply is sent', async (t) => {
  let release!: () => void;
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const { app, memory, tenant } = await buildApp(t, { modules: [slowModule(new Promise((resolve) => (release = resolve)), () => started())] });
  const turn = memory.say(tenant, '7', '/lento');
  await running;
  const stopping = app.stop({ drainMs: 5000 });
  setTimeout(release, 100);
  await stopping;
  await turn;
  t.ok(memory.sent.some((s) => s.ref.chatId === '7' && s.message.text && JSON.stringify(s.message.text).includes('fatto')), 'the reply went out before the lanes stopped');
});

t.test('a turn that never finishes does not hold the shutdown past drainMs', async (t) => {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const { app, memory, tenant } = await buildApp(t, { modules: [slowModule(new Promise(() => undefined), () => started())] });
  void memory.say(tenant, '8', '/lento').catch(() => undefined);
  await running;
  const at = Date.now();
  await app.stop({ drainMs: 300 });
  const took = Date.now() - at;
  t.ok(took < 3000, `stop() returned after ${took} ms (drainMs 300, twice: before the lanes and after the adapters)`);
  t.equal(app.stop(), app.stop(), 'stopping again returns the same promise');
});
