import cookie from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Name of the UI's session cookie. */
export const SESSION_COOKIE = 'campanile_session';

/**
 * The credential a request carries: `Authorization: Bearer <token>` (API clients) or the session
 * cookie (the UI). The bearer header wins when both are present. Resolving it into a user is the
 * sessions service's job.
 *
 * @example
 * const token = credentialOf(request); // string | undefined
 */
export function credentialOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  return request.cookies[SESSION_COOKIE] || undefined;
}

/**
 * Transport of credentials: cookie parsing. The cookie is httpOnly and SameSite=Strict, so another
 * site cannot make the browser send it (no CSRF token needed for the UI on the same origin).
 *
 * @example
 * await fastify.register(authPlugin);
 */
export default fp(
  async (fastify) => {
    await fastify.register(cookie);
  },
  { name: 'auth' },
);
