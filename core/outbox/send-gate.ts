import type { RateLimit } from '../channel/capabilities.js';
import type { ChatSpacing } from './chat-spacing.js';
import type { RateLimiter } from './rate-limiter.js';

/** Called when the granted send has finished (the channel answered). */
export type SendDone = () => void;

interface Waiter {
  readonly priority: number;
  readonly seq: number;
  readonly chat: string;
  readonly grant: (done: SendDone) => void;
}

/**
 * The one door of a lane to its channel: grants the account's rate token and the chat's slot together,
 * to the most urgent waiting send first (`priority`, then arrival). A reply that arrives while a
 * broadcast's sends wait for tokens takes the very next token: a broadcast delays it by at most the one
 * send slot being granted. Routine sends still get every token no more urgent send wants, so replies
 * cannot starve a broadcast for longer than there are replies to send.
 *
 * One timer for the whole lane, set to the next moment a grant is possible; before, each waiting send
 * polled the limiter with its own timer, so the next token went to whichever timer fired first.
 *
 * @example
 * const gate = new SendGate(new RateLimiter({ count: 30, perMs: 1000 }), new ChatSpacing({ count: 1, perMs: 1000 }));
 * await gate.take('42', DELIVERY_PRIORITY.reply);
 * await adapter.send(ref, message);
 */
export class SendGate {
  private readonly waiters: Waiter[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  /**
   * When each of the last `window.count` granted sends finished (Infinity while in flight), as a ring.
   * A new send may start only once the send `count` places back finished `perMs` ago: then the
   * channel, which counts a message somewhere between its start and its finish, can never see more
   * than `count` in any sliding `perMs`, however late a loaded event loop or a slow network delivers
   * them. The smooth limiter alone spaces the *starts*; under load (load average 10) the mixed test
   * saw starts bunch at the channel into 36 × 429.
   */
  private readonly finished: Float64Array | null;
  /** Sends started so far; send k's finish lives at `k % count` until send k + count starts. */
  private starts = 0;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly spacing: ChatSpacing,
    private readonly window?: RateLimit,
  ) {
    // A ring of `count` finish times. Above 10,000/s (in-memory test channels) no channel counts that
    // precisely, and the ring would cost 8 bytes per unit of rate.
    this.finished = window && window.count <= 10_000 ? new Float64Array(window.count) : null;
  }

  /** Sends waiting for a grant (tests and queue-depth metrics). */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Grants this send the token and the chat's slot: at once (a `SendDone`) when both are free and
   * nobody waits, else a promise of it. Call the `SendDone` when the channel has answered.
   */
  take(chat: string, priority: number): SendDone | Promise<SendDone> {
    const now = performance.now();
    // Fast path: nobody waits and everything is free: granted synchronously, no promise at all (a fast
    // channel's broadcast sends a million of these; each promise also pays for async_hooks).
    if (this.waiters.length === 0 && this.windowWait(now) === 0 && this.spacing.peek(chat, now) === 0 && this.limiter.tryTake(now)) {
      this.spacing.take(chat, now);
      return this.started();
    }
    return new Promise<SendDone>((grant) => {
      const waiter: Waiter = { priority, seq: this.seq++, chat, grant };
      // Sorted by (priority, seq): a reply goes in front of every routine send already waiting.
      let at = this.waiters.length;
      while (at > 0 && this.waiters[at - 1]!.priority > priority) at -= 1;
      this.waiters.splice(at, 0, waiter);
      this.pump();
    });
  }

  /** Grants what can go now; otherwise sets the one timer for the next possible grant. */
  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (;;) {
      if (this.waiters.length === 0) return;
      const now = performance.now();
      const tokenWait = Math.max(this.limiter.delay(now), this.windowWait(now));
      if (tokenWait === Infinity) return; // a send `count` places back is still in flight: its finish pumps
      if (tokenWait > 0) return this.wakeIn(tokenWait);
      // The most urgent waiter whose chat may receive now; a busy chat does not hold up other chats.
      let chatWait = Infinity;
      let chosen = -1;
      for (let i = 0; i < this.waiters.length; i += 1) {
        const wait = this.spacing.peek(this.waiters[i]!.chat, now);
        if (wait === 0) {
          chosen = i;
          break;
        }
        chatWait = Math.min(chatWait, wait);
      }
      if (chosen < 0) return this.wakeIn(chatWait);
      if (!this.limiter.tryTake(now)) return this.wakeIn(1);
      const [waiter] = this.waiters.splice(chosen, 1);
      this.spacing.take(waiter!.chat, now);
      waiter!.grant(this.started());
    }
  }

  /** Ms until the sliding window allows another start (Infinity: wait for a send in flight to finish). */
  private windowWait(now: number): number {
    const ring = this.finished;
    if (!ring || !this.window || this.starts < ring.length) return 0;
    // The send `count` places before the next one: started `count` starts ago.
    const oldest = ring[this.starts % ring.length]!;
    return Math.max(0, oldest + this.window.perMs - now);
  }

  /** Records a start; the returned function records its finish. */
  private started(): SendDone {
    const ring = this.finished;
    if (!ring) return noop;
    const k = this.starts++;
    ring[k % ring.length] = Infinity;
    return () => {
      // Unless `count` newer sends started since (then the slot belongs to a newer one).
      if (this.starts - k <= ring.length) ring[k % ring.length] = performance.now();
      if (this.waiters.length > 0) this.pump();
    };
  }

  private wakeIn(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(ms)));
  }
}

function noop(): void {}
