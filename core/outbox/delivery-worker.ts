import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import debug from 'debug';
import type { RateLimit, RateLimits } from '../channel/capabilities.js';
import type { ChannelAdapter } from '../channel/channel-adapter.js';
import type { TypedEmitter } from '../engine/typed-emitter.js';
import { claimDeliveries, type ClaimedDelivery } from '../storage/sql/claim-deliveries.js';
import { acquireLane, heartbeat, releaseLane, retireWorker } from '../storage/sql/lane-leases.js';
import { busyLanes } from '../storage/sql/busy-lanes.js';
import { reapDeliveries } from '../storage/sql/reap-deliveries.js';
import { retryDeliveries } from '../storage/sql/retry-deliveries.js';
import type { SqlRunner } from '../storage/sql/sql-runner.js';
import { ChatSpacing } from './chat-spacing.js';
import { ClaimFloor } from './claim-floor.js';
import { Dispatcher } from './dispatcher.js';
import { LaneSender, type DeliveryPreparer, type LaneSenderOptions } from './lane-sender.js';
import type { OutboxEvents } from './outbox-events.js';
import { RateLimiter } from './rate-limiter.js';

const log = debug('campanile:outbox');

/** Tuning of the delivery worker; defaults suit production, tests shrink the intervals. */
export interface DeliveryWorkerOptions extends LaneSenderOptions {
  /** Identifies this process in `locked_by` and lane ownership; default host-pid-random. */
  readonly workerId?: string;
  /** Sleep of a lane's claim loop when nothing is due. */
  readonly pollIntervalMs: number;
  /** Heartbeat, lane ownership and fair-share check. */
  readonly laneTickMs: number;
  /** A lane whose owner stopped renewing for this long is taken over. */
  readonly laneLeaseMs: number;
  /** A row left `sending` for this long by a worker without a heartbeat is returned to the queue by the reaper. */
  readonly rowLeaseMs: number;
  readonly reapIntervalMs: number;
  /** Largest claim. The claim also stays within ~`claimAheadMs` of the lane's rate, so urgent rows never wait behind a long local queue. */
  readonly batchSize: number;
  readonly claimAheadMs: number;
  /** Per channel overrides of the adapters' declared limits, e.g. `{ telegram: { perAccount: { count: 25, perMs: 1000 } } }`. */
  readonly rateLimits?: Readonly<Record<string, Partial<RateLimits>>>;
  /**
   * An owned lane with nothing to send is kept this long after its last work, so the next reply of a
   * conversation goes straight to its sender (no lane acquisition on the reply's path); default 30 s.
   */
  readonly idleLaneMs?: number;
}

interface RunningLane {
  readonly lane: string;
  /** The adapter it sends through (`releaseAdapter` finds the lanes of a detached one). */
  readonly adapter: ChannelAdapter;
  readonly sender: LaneSender;
  readonly loop: Dispatcher<ClaimedDelivery>;
  /** Where the lane's next claim starts (PostgreSQL skips the dead index entries of rows already claimed). */
  readonly floor: ClaimFloor;
  /** Epoch ms of the lane's last work (a claim that found rows, rows submitted). */
  lastWorkAt: number;
}

/**
 * Runs the outbox in this process: owns up to its fair share of busy lanes (lease rows in
 * `outbox_lane`, taken over when an owner dies), runs one claim loop and one `LaneSender` per owned
 * lane, and reaps expired row leases. Several processes on PostgreSQL share lanes this way without
 * exceeding any lane's rate.
 *
 * @example
 * const worker = new DeliveryWorker({ sql, adapterFor, preparer, events, options, clock: Date.now, onError });
 * await worker.start();
 * worker.notify(); await worker.stop();
 */
export class DeliveryWorker {
  readonly id: string;
  private readonly lanes = new Map<string, RunningLane>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = true;
  private lastReap = 0;
  private tickAgain = false;

  constructor(
    private readonly deps: {
      readonly sql: SqlRunner;
      /** The adapter serving a lane (`<tenant id>:<channel>:<account>`), or undefined when none runs here. */
      readonly adapterFor: (lane: string) => Promise<ChannelAdapter | undefined>;
      readonly preparer: DeliveryPreparer;
      readonly events: TypedEmitter<OutboxEvents>;
      readonly options: DeliveryWorkerOptions;
      readonly clock: () => number;
      readonly onError: (error: unknown) => void;
    },
  ) {
    this.id = deps.options.workerId ?? `${hostname().slice(0, 30)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  }

  /** Lanes this worker owns now. */
  get ownedLanes(): string[] {
    return [...this.lanes.keys()];
  }

  /**
   * Whether this worker sends `lane` now: rows written for it may then be written already claimed by
   * this worker (`state = 'sending'`, its `locked_by`) and handed to `submit` after their commit, with
   * no claim statement and no wait for a poll.
   */
  runs(lane: string): boolean {
    return !this.stopped && this.lanes.has(lane);
  }

  /**
   * Hands rows committed as claimed by this worker (see `runs`) to their lane's sender. If the lane
   * stopped meanwhile, the rows go back to `pending` (attempt refunded) for whoever owns it next.
   *
   * @example
   * if (worker.runs(lane)) { /* write rows as claimed, commit *\/ await worker.submit(lane, rows); }
   */
  async submit(lane: string, rows: readonly ClaimedDelivery[]): Promise<void> {
    if (rows.length === 0) return;
    const running = this.lanes.get(lane);
    if (running && !this.stopped) {
      running.lastWorkAt = this.deps.clock();
      await running.sender.accept(rows);
      return;
    }
    const now = this.deps.clock();
    await retryDeliveries(this.deps.sql, { worker: this.id, now, rows: rows.map((row) => ({ id: row.id, notBefore: now, refund: true, reason: 'lane moved before the send' })) });
    this.notify();
  }

  /** Work for `lane` was committed (here or in another process): claim it now if we own it, else look for lanes. */
  wake(lane: string): void {
    const running = this.lanes.get(lane);
    if (running) running.loop.notify();
    else this.notify();
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
  }

  /** New work (a notice planned, a lane resumed): check lanes and claim now. */
  notify(): void {
    for (const lane of this.lanes.values()) lane.loop.notify();
    if (this.stopped) return;
    if (this.ticking) this.tickAgain = true;
    else void this.tick();
  }

  /** Stops claiming, lets sends in flight finish, commits their outcomes, releases lanes. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await Promise.all([...this.lanes.keys()].map((lane) => this.stopLane(lane)));
    await retireWorker(this.deps.sql, this.id).catch(this.deps.onError);
  }

  /**
   * Gives up the lanes sending through `adapter` (detached: its account was deactivated or changed):
   * sends in flight finish and their outcomes are committed, the lanes are released, and their pending
   * rows stay pending until an adapter for the account is registered again (`adapterFor` finds none
   * until then, so no worker takes the lane).
   */
  async releaseAdapter(adapter: ChannelAdapter): Promise<void> {
    // A tick running now may have looked the adapter up before it was unregistered.
    await this.ticking;
    await Promise.all([...this.lanes.values()].filter((running) => running.adapter === adapter).map((running) => this.stopLane(running.lane)));
  }

  /** Runs the reaper now; returns how many rows came back. */
  async reap(): Promise<number> {
    const now = this.deps.clock();
    this.lastReap = now;
    const back = await reapDeliveries(this.deps.sql, { now, leaseMs: this.deps.options.rowLeaseMs, liveSince: now - this.deps.options.laneLeaseMs });
    if (back.length > 0) this.reclaimed(back);
    return back.length;
  }

  private tick(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.ticking = this.runTick()
      .catch((error: unknown) => this.deps.onError(error))
      .finally(() => {
        this.ticking = undefined;
        if (this.stopped) return;
        const again = this.tickAgain;
        this.tickAgain = false;
        this.timer = setTimeout(() => void this.tick(), again ? 0 : this.deps.options.laneTickMs);
      });
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    const { sql, options, clock } = this.deps;
    const now = clock();
    const live = await heartbeat(sql, { worker: this.id, now, leaseMs: options.laneLeaseMs });
    if (now - this.lastReap >= options.reapIntervalMs) await this.reap();
    const busy = await busyLanes(sql);
    const share = Math.ceil(busy.length / live);
    const busyNames = new Set(busy.map((row) => row.lane));
    // Renew what we keep; give up idle lanes and the surplus over our fair share.
    let kept = 0;
    const idleLaneMs = options.idleLaneMs ?? 30_000;
    for (const [lane, running] of [...this.lanes.entries()]) {
      const idle = !busyNames.has(lane);
      // A lane idle for a moment is kept (and renewed) outside the fair share: the next reply needs no acquisition.
      const keepIdle = idle && now - running.lastWorkAt < idleLaneMs;
      if ((idle && !keepIdle) || (!idle && kept >= share)) {
        await this.stopLane(lane);
        continue;
      }
      if (keepIdle) {
        if (!(await acquireLane(sql, { lane, worker: this.id, now, leaseMs: options.laneLeaseMs }))) await this.stopLane(lane, false);
        continue;
      }
      if (await acquireLane(sql, { lane, worker: this.id, now, leaseMs: options.laneLeaseMs })) kept += 1;
      else await this.stopLane(lane, false); // someone took it over after our lease ran out
    }
    for (const row of busy) {
      if (this.stopped || kept >= share) break;
      const { lane, owner } = row;
      if (this.lanes.has(lane)) continue;
      if (owner !== null && row.expiresAt >= now) continue;
      const adapter = await this.deps.adapterFor(lane);
      if (!adapter) continue;
      if (!(await acquireLane(sql, { lane, worker: this.id, now, leaseMs: options.laneLeaseMs }))) continue;
      if (owner !== null && owner !== this.id) {
        // Takeover: the previous owner is dead (or too slow to renew); its leased rows come back now.
        const back = await reapDeliveries(sql, { now, lane, except: this.id });
        if (back.length > 0) this.reclaimed(back);
      }
      this.startLane(lane, adapter);
      kept += 1;
    }
  }

  private startLane(lane: string, adapter: ChannelAdapter): void {
    const { sql, options, events, clock, onError, preparer } = this.deps;
    const override = options.rateLimits?.[adapter.channel];
    const perAccount = override?.perAccount ?? adapter.capabilities.rateLimits.perAccount;
    const perChat = override?.perChat ?? adapter.capabilities.rateLimits.perChat;
    const sender = new LaneSender({
      lane, worker: this.id, adapter, sql, preparer, events, options, clock, onError,
      // 1% headroom: timer and event-loop jitter between the grant and the channel call can only shorten
      // a gap, so spacing grants 1% wider keeps every observed sliding window within the declared cap.
      // The account limit gets 2%: the Telegram benchmark (3,000 sends at 30/s through the fake, which
      // counts in exact sliding seconds) saw three 429s with 1% on a shared, loaded box (load avg 6–9).
      limiter: new RateLimiter(withHeadroom(perAccount, 1.02)), spacing: new ChatSpacing(withHeadroom(perChat)), window: withHeadroom(perAccount),
    });
    const ratePerMs = perAccount.count / perAccount.perMs;
    const claimSize = Math.max(1, Math.min(options.batchSize, Math.ceil(ratePerMs * options.claimAheadMs) + options.concurrency));
    const floor = new ClaimFloor();
    const loop = new Dispatcher<ClaimedDelivery>({
      batchSize: claimSize,
      pollIntervalMs: options.pollIntervalMs,
      onError,
      claim: async () => {
        if (sender.paused()) return [];
        const rows = await claimDeliveries(sql, {
          lane, worker: this.id, limit: claimSize, now: clock(), asyncCommit: options.asyncCommit, after: floor.next(performance.now()),
        });
        floor.claimed(rows, claimSize);
        if (rows.length > 0) {
          running.lastWorkAt = clock();
          events.emit('outbox:claim', { lane, worker: this.id, count: rows.length });
        }
        return rows;
      },
      deliver: (rows) => sender.accept(rows),
    });
    const running: RunningLane = { lane, adapter, sender, loop, floor, lastWorkAt: clock() };
    this.lanes.set(lane, running);
    loop.start();
    log('%s owns %s (claims of %d)', this.id, lane, claimSize);
    events.emit('lane:acquired', { lane, worker: this.id });
  }

  private async stopLane(lane: string, release = true): Promise<void> {
    const running = this.lanes.get(lane);
    if (!running) return;
    this.lanes.delete(lane);
    await running.loop.stop();
    if (release) await running.sender.finish();
    else await running.sender.close();
    if (release) await releaseLane(this.deps.sql, { lane, worker: this.id }).catch(this.deps.onError);
    this.deps.events.emit('lane:released', { lane, worker: this.id });
  }

  private reclaimed(back: { lane: string }[]): void {
    const lanes = [...new Set(back.map((b) => b.lane))];
    log('%s reclaimed %d rows of %o', this.id, back.length, lanes);
    this.deps.events.emit('lease:reclaimed', { worker: this.id, count: back.length, lanes });
    for (const lane of lanes) {
      const running = this.lanes.get(lane);
      running?.floor.reset(); // the reaped rows may lie below the floor
      running?.loop.notify();
    }
  }
}

function withHeadroom(limit: RateLimit, factor = 1.01): RateLimit {
  return { count: limit.count, perMs: limit.perMs * factor };
}
