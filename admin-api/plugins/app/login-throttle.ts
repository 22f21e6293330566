import { createHash } from 'node:crypto';
import fp from 'fastify-plugin';
import { bumpAttempts, clearAttempts, pruneAttempts, readAttempts, sqlRunner, type AttemptWindow, type SqlRunner } from '../../../core/internal.js';
import { ProblemError } from '../../errors.js';

/**
 * Slows password guessing: at most `maxFailures` failed logins per account and `maxPerIp` attempts per
 * address within a fixed window; past either, 429 with Retry-After. A success clears the account's
 * failures. The counts live in the database (`login_attempt_window`, keyed by a hash: no e-mail or
 * address stored), so several processes behind a balancer share one limit instead of multiplying it.
 *
 * @example
 * await throttle.check(email, ip);            // throws 429 when over a limit
 * await throttle.failed(email); await throttle.succeeded(email);
 */
export class LoginThrottle {
  private lastPrune = 0;

  constructor(
    private readonly sql: SqlRunner,
    private readonly options: { maxFailures: number; maxPerIp: number; windowMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt from `ip`, and refuses when the account or the address is over its limit. */
  async check(email: string, ip: string): Promise<void> {
    const now = this.now();
    await this.prune(now);
    const byIp = await bumpAttempts(this.sql, { key: keyOf('ip', ip), now, windowMs: this.options.windowMs });
    const account = await readAttempts(this.sql, { key: keyOf('account', email), now });
    const over: AttemptWindow | null = (account && account.count >= this.options.maxFailures ? account : null) ?? (byIp.count > this.options.maxPerIp ? byIp : null);
    if (over) {
      const retryAfter = Math.max(1, Math.ceil((over.resetAt - now) / 1000));
      throw new ProblemError('too-many-requests', `Too many login attempts: wait ${retryAfter} s before trying again.`, undefined, { 'retry-after': String(retryAfter) });
    }
  }

  async failed(email: string): Promise<void> {
    await bumpAttempts(this.sql, { key: keyOf('account', email), now: this.now(), windowMs: this.options.windowMs });
  }

  async succeeded(email: string): Promise<void> {
    await clearAttempts(this.sql, keyOf('account', email));
  }

  // Ended windows are deleted at most once per window length: the table stays as small as one window's attempts.
  private async prune(now: number): Promise<void> {
    if (now - this.lastPrune < this.options.windowMs) return;
    this.lastPrune = now;
    await pruneAttempts(this.sql, now);
  }
}

/** sha256 of `<kind>:<value>`, e-mails case-folded. */
function keyOf(kind: 'account' | 'ip', value: string): string {
  return createHash('sha256').update(`${kind}:${kind === 'account' ? value.trim().toLowerCase() : value}`).digest('hex');
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Login rate limits per account and per address. */
    loginThrottle: LoginThrottle;
  }
}

/**
 * Decorates `fastify.loginThrottle` from LOGIN_MAX_FAILURES, LOGIN_MAX_PER_IP, LOGIN_WINDOW_MINUTES.
 *
 * @example
 * fastify.loginThrottle.check(body.email, request.ip);
 */
export default fp(
  async (fastify) => {
    const { loginMaxFailures, loginMaxPerIp, loginWindowMs } = fastify.config;
    fastify.decorate('loginThrottle', new LoginThrottle(sqlRunner(fastify.campanile.db), { maxFailures: loginMaxFailures, maxPerIp: loginMaxPerIp, windowMs: loginWindowMs }));
  },
  { name: 'login-throttle', dependencies: ['env', 'campanile'] },
);
