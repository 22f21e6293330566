import t, { type Test } from 'tap';
import { nextLeaseEvent } from '../../helpers/lease-events.js';
import {
  LeaseKeeper, createLogger, leasesOn, memoryLeaseTable, memoryLeases, signalHub,
  type ClusterSignals, type LeaseEndReason, type LeaseTable, type Leases,
} from '../../../core/internal.js';

const log = createLogger({ level: 'silent' });
const TTL = 60_000;

/** One process's keeper and what its work saw. Renewal and retry every 5 ms; expiry follows the test's clock. */
function keeper(t: Test, leases: Leases, options: { signals?: ClusterSignals; retryMs?: number } = {}) {
  const work: string[] = [];
  const keeper = new LeaseKeeper({
    leases, key: 'polling:123', ttlMs: TTL, renewMs: 5, retryMs: options.retryMs ?? 5, log,
    ...(options.signals ? { signals: options.signals } : {}),
    onAcquired: () => { work.push('start'); },
    onReleased: async (reason: LeaseEndReason) => {
      work.push(`stop:${reason}`);
    },
  });
  t.teardown(() => keeper.stop());
  return { keeper, work };
}


function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

t.test('the first process to start holds and works at once; the second stands by; a stop hands over after the work stopped', async (t) => {
  const table = memoryLeaseTable();
  const probe = leasesOn(table, { holder: 'probe' });
  const work: string[] = [];
  const a = new LeaseKeeper({
    leases: leasesOn(table, { holder: 'a' }), key: 'polling:123', ttlMs: TTL, renewMs: 5, retryMs: 5, log,
    onAcquired: () => { work.push('start'); },
    // Telegram confirms its last batch here: the next holder must not poll before that.
    onReleased: async (reason) => { work.push(`stop:${reason}, still held: ${(await probe.acquire('polling:123', TTL)) === undefined}`); },
  });
  t.teardown(() => a.stop());
  const b = keeper(t, leasesOn(table, { holder: 'b' }));
  await a.start();
  t.ok(a.holding, 'held when start resolves');
  t.same(work, ['start']);
  await b.keeper.start();
  t.notOk(b.keeper.holding, 'the second stands by');
  t.same(b.work, []);

  const takeover = nextLeaseEvent(b.keeper, 'lease:acquired');
  await a.stop();
  t.same(work, ['start', 'stop:stop, still held: true'], 'the work stopped while the lease was still held');
  t.notOk(a.holding);
  await takeover;
  t.same(b.work, ['start'], 'then the standby took over at its next retry');
});

t.test('a released lease reaches the standby through cluster signals at once', async (t) => {
  const hub = signalHub();
  const table = memoryLeaseTable();
  // A retry period longer than the test's timeout: only the signal can wake the standby in time.
  const a = keeper(t, leasesOn(table, { holder: 'a' }), { signals: hub.member(), retryMs: TTL });
  const b = keeper(t, leasesOn(table, { holder: 'b' }), { signals: hub.member(), retryMs: TTL });
  await a.keeper.start();
  await b.keeper.start();
  t.notOk(b.keeper.holding);
  const takeover = nextLeaseEvent(b.keeper, 'lease:acquired', 2000);
  await a.keeper.stop();
  await takeover;
  t.ok(b.keeper.holding, 'taken over without waiting for retryMs');
});

t.test('a holder that dies: the standby takes over once the lease expired, at its next retry', async (t) => {
  const clock = manualClock();
  const table = memoryLeaseTable();
  // The dead process: acquired, never renewed, never released.
  t.ok(await leasesOn(table, { holder: 'dead', now: clock.now }).acquire('polling:123', TTL));
  const b = keeper(t, leasesOn(table, { holder: 'b', now: clock.now }));
  await b.keeper.start();
  t.notOk(b.keeper.holding, 'standing by while the dead holder’s lease runs');
  const takeover = nextLeaseEvent(b.keeper, 'lease:acquired');
  clock.advance(TTL);
  await takeover;
  t.same(b.work, ['start']);
});

t.test('a lost lease stops the work at once and confirms nothing; the keeper stands by and takes it back later', async (t) => {
  const clock = manualClock();
  const table = memoryLeaseTable();
  const a = keeper(t, leasesOn(table, { holder: 'a', now: clock.now }));
  await a.keeper.start();
  // A stall longer than the TTL: another process took the lease meanwhile.
  clock.advance(TTL);
  const thief = await leasesOn(table, { holder: 'thief', now: clock.now }).acquire('polling:123', TTL);
  t.ok(thief);
  const lost = nextLeaseEvent(a.keeper, 'lease:lost');
  await lost;
  t.same(a.work, ['start', 'stop:lost'], 'stopped with reason lost');
  t.notOk(a.keeper.holding);
  const back = nextLeaseEvent(a.keeper, 'lease:acquired');
  await thief!.release();
  await back;
  t.same(a.work, ['start', 'stop:lost', 'start'], 'works again once it holds the lease again');
});

t.test('a renewal the database refuses stops the work (it cannot know it still holds the lease); acquire errors are retried', async (t) => {
  const inner = memoryLeaseTable();
  let failing = false;
  const flaky: LeaseTable = {
    acquire: (args) => (failing ? Promise.reject(new Error('connection lost')) : inner.acquire(args)),
    renew: (args) => (failing ? Promise.reject(new Error('connection lost')) : inner.renew(args)),
    release: (args) => (failing ? Promise.reject(new Error('connection lost')) : inner.release(args)),
  };
  const a = keeper(t, leasesOn(flaky, { holder: 'a' }));
  await a.keeper.start();
  const lost = nextLeaseEvent(a.keeper, 'lease:lost');
  failing = true;
  await lost;
  t.same(a.work, ['start', 'stop:lost']);
  const back = nextLeaseEvent(a.keeper, 'lease:acquired');
  failing = false;
  await back;
  t.same(a.work, ['start', 'stop:lost', 'start'], 'the row still named it: taken back as soon as the database answers');
});

t.test('a work that does not start gives the lease up; bad periods are refused with the fix', async (t) => {
  const leases = memoryLeases();
  let tries = 0;
  const k = new LeaseKeeper({
    leases, key: 'k', ttlMs: TTL, renewMs: 5, retryMs: 5, log,
    onAcquired: () => {
      tries += 1;
      if (tries === 1) throw new Error('no');
    },
    onReleased: () => undefined,
  });
  t.teardown(() => k.stop());
  await k.start();
  t.notOk(k.holding, 'given up');
  t.equal(tries, 1);
  const again = nextLeaseEvent(k, 'lease:acquired'); // the retry comes after a 5 ms pause: no event is missed
  await again;
  t.ok(k.holding, 'tried again');
  t.throws(() => new LeaseKeeper({ leases, key: 'k', ttlMs: 100, renewMs: 100, log, onAcquired: () => undefined, onReleased: () => undefined }), /renewMs .* below ttlMs/);
  t.throws(() => new LeaseKeeper({ leases, key: 'k', ttlMs: 100, retryMs: 101, log, onAcquired: () => undefined, onReleased: () => undefined }), /2 × ttlMs/);
  t.throws(() => new LeaseKeeper({ leases, key: 'k', ttlMs: 0, log, onAcquired: () => undefined, onReleased: () => undefined }), /ttlMs/);
});

t.test('a stop during start waits for the first attempt and leaves the lease free', async (t) => {
  const table = memoryLeaseTable();
  const a = keeper(t, leasesOn(table, { holder: 'a' }));
  const starting = a.keeper.start();
  await a.keeper.stop();
  await starting;
  t.notOk(a.keeper.holding);
  t.same(a.work, [], 'the work never started');
  t.ok(await leasesOn(table, { holder: 'b' }).acquire('polling:123', TTL), 'free for the next process');
});
