/**
 * A token bucket: `burst` actions at once, then `perSecond` more each second, refilled smoothly (no
 * window edge where twice the rate passes). One per WebSocket connection limits how fast a browser may
 * send; the answer says how long to wait.
 *
 * @example
 * const bucket = new TokenBucket(8, 1);
 * const wait = bucket.take(); // 0 when allowed, else milliseconds until one token is back
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly burst: number, private readonly perSecond: number, private readonly now: () => number = Date.now) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token: 0 if there was one, else the milliseconds until there is. */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}
