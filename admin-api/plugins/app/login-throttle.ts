import fp from 'fastify-plugin';
import { ProblemError } from '../../errors.js';

/**
 * Slows password guessing: at most `maxFailures` failed logins per account and `maxPerIp` attempts per
 * address within a fixed window; past either, 429 with Retry-After. A success clears the account's
 * failures. In memory, per process: with several processes behind a balancer the limits multiply,
 * which still bounds guessing (a shared store would be the next step).
 *
 * @example
 * throttle.check(email, ip);            // throws 429 when over a limit
 * throttle.failed(email); throttle.succeeded(email);
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, { count: number; resetAt: number }>();
  private readonly ips = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly options: { maxFailures: number; maxPerIp: number; windowMs: number }, private readonly now: () => number = Date.now) {}

  /** Counts one attempt from `ip`, and refuses when the account or the address is over its limit. */
  check(email: string, ip: string): void {
    const now = this.now();
    this.prune(now);
    const byIp = this.bump(this.ips, ip, now);
    const account = this.accounts.get(email.toLowerCase());
    const over = (account && account.count >= this.options.maxFailures ? account : null) ?? (byIp.count > this.options.maxPerIp ? byIp : null);
    if (over) {
      const retryAfter = Math.max(1, Math.ceil((over.resetAt - now) / 1000));
      throw new ProblemError('too-many-requests', `Too many login attempts: wait ${retryAfter} s before trying again.`, undefined, { 'retry-after': String(retryAfter) });
    }
  }

  failed(email: string): void {
    this.bump(this.accounts, email.toLowerCase(), this.now());
  }

  succeeded(email: string): void {
    this.accounts.delete(email.toLowerCase());
  }

  private bump(map: Map<string, { count: number; resetAt: number }>, key: string, now: number) {
    let entry = map.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + this.options.windowMs };
      map.set(key, entry);
    }
    entry.count += 1;
    return entry;
  }

  // Bounded memory under a spray of addresses: drop expired windows once the maps grow.
  private prune(now: number): void {
    for (const map of [this.accounts, this.ips]) {
      if (map.size < 10_000) continue;
      for (const [key, entry] of map) if (entry.resetAt <= now) map.delete(key);
    }
  }
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
    fastify.decorate('loginThrottle', new LoginThrottle({ maxFailures: loginMaxFailures, maxPerIp: loginMaxPerIp, windowMs: loginWindowMs }));
  },
  { name: 'login-throttle', dependencies: ['env'] },
);
