import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Signed web chat session tokens: `<tenant>.<session>.<issued>.<hmac>`, HMAC-SHA256 with the server
 * secret over the first three fields. The browser keeps the token in localStorage; holding it is what
 * lets a reload reopen the conversation. A token is bound to its tenant, so a token of another comune
 * (or a tampered one) is refused. Stateless: nothing to look up before the signature is checked.
 *
 * @example
 * const tokens = new SessionTokens(secret);
 * const { token, session } = tokens.issue('esempio');
 * tokens.verify(token, 'esempio'); // { session } or undefined
 */
export class SessionTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('The web chat secret must be at least 32 characters: set WEBCHAT_SECRET to a long random string, or unset it to have one generated.');
    this.key = Buffer.from(secret, 'utf8');
  }

  /** A new session for `tenant`, with its token. */
  issue(tenant: string): { token: string; session: string } {
    const session = randomBytes(16).toString('base64url');
    const payload = `${tenant}.${session}.${Date.now().toString(36)}`;
    return { token: `${payload}.${this.sign(payload)}`, session };
  }

  /** The session of a valid token of `tenant`, or undefined (tampered, foreign tenant, malformed). */
  verify(token: string, tenant: string): { session: string } | undefined {
    if (token.length > 256) return undefined;
    const parts = token.split('.');
    if (parts.length !== 4) return undefined;
    const [tokenTenant, session, issued, signature] = parts as [string, string, string, string];
    const expected = Buffer.from(this.sign(`${tokenTenant}.${session}.${issued}`));
    const given = Buffer.from(signature);
    // Constant time: the comparison must not tell an attacker how much of the signature was right.
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (tokenTenant !== tenant || !/^[A-Za-z0-9_-]{22}$/.test(session)) return undefined;
    return { session };
  }

  /** A signature of any string with the same key (signed media URLs). */
  sign(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }
}

/**
 * The server secret: `WEBCHAT_SECRET` when set, else a random one generated once and kept in
 * `<dataDir>/webchat-secret` (mode 0600), so sessions survive restarts without any setup.
 *
 * @example
 * const secret = webchatSecret(process.env, config.dataDir);
 */
export function webchatSecret(env: Readonly<Record<string, string | undefined>>, dataDir: string): string {
  const fromEnv = env.WEBCHAT_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const file = join(dataDir, 'webchat-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return secret;
  } catch (error) {
    // Another process created it first: use theirs, so both sign alike.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
