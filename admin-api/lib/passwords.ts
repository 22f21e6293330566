import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt N=2^15, r=8, p=1 (OWASP's minimum for scrypt): ~50 ms and 32 MiB per hash on this machine
// kind, which makes an offline guess costly and keeps a login fast enough. argon2id would need a
// native dependency; scrypt ships with Node.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEYLEN = 32;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEYLEN, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/**
 * Hashes a password with scrypt and a fresh 16-byte salt. The parameters travel in the hash string.
 *
 * @example
 * const { hash, salt } = await hashPassword('correct horse battery staple');
 * await verifyPassword('correct horse battery staple', hash, salt); // true
 */
export async function hashPassword(password: string): Promise<{ hash: string; salt: string }> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return { hash: `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${key.toString('base64')}`, salt: salt.toString('base64') };
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, hash: string, salt: string): Promise<boolean> {
  const [scheme, n, r, p, stored] = hash.split('$');
  if (scheme !== 'scrypt' || !stored) return false;
  const expected = Buffer.from(stored, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: compared against when the account does not exist, so timing tells nothing. */
export const DUMMY = hashPassword(randomBytes(16).toString('hex'));
