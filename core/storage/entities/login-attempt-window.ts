import { defineEntity, type InferEntity } from '@mikro-orm/core';

/**
 * One fixed window of login attempts for an account or an address, shared by every process on the
 * database (so several processes behind a balancer do not multiply the limits). `key` is a sha256 of
 * `account:<email>` or `ip:<address>`: no e-mail or address is stored. Not tenant-filtered: logins come
 * before any tenant is known.
 *
 * @example
 * await em.find(LoginAttemptWindow, { resetAt: { $lte: Date.now() } });
 */
export const LoginAttemptWindow = defineEntity({
  name: 'LoginAttemptWindow',
  tableName: 'login_attempt_window',
  properties: (p) => ({
    key: p.string().length(64).primary(),
    count: p.integer(),
    /** Epoch ms when the window ends and the count starts again. */
    resetAt: p.bigint('number').index(),
  }),
});
export type LoginAttemptWindow = InferEntity<typeof LoginAttemptWindow>;
