import t from 'tap';
import { WakeablePause } from '../../../core/internal.js';

t.test('a pause ends when its time is up, or at once when woken; waking nobody does nothing', async (t) => {
  const idle = new WakeablePause();
  idle.wake();
  let ended = false;
  const long = idle.pause(60_000).then(() => (ended = true));
  await new Promise((resolve) => setImmediate(resolve));
  t.notOk(ended, 'still pausing');
  idle.wake();
  await long;
  t.ok(ended, 'woken before its minute');
  await idle.pause(1);
  idle.wake();
  t.pass('a wake after a pause that ended by itself is harmless');
});
