// The REST client of the admin UI: same origin, session cookie (httpOnly: the UI never sees a token),
// errors as the API's problem JSON {status, code, message, details[{field, message}]}.

/** An API error with the problem's fields. */
export class ApiError extends Error {
  constructor(problem) {
    super(problem.message ?? `HTTP ${problem.status}`);
    this.status = problem.status;
    this.code = problem.code;
    this.details = Array.isArray(problem.details) ? problem.details : [];
  }
}

const BASE = '/api/v1';
let onUnauthenticated = () => {};
/** Called when a request answers 401 (the session expired or was revoked). */
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

/**
 * Calls the API and returns the parsed JSON (or null on 204).
 * @example const cats = await api('GET', `/tenants/${slug}/categories`);
 */
export async function api(method, path, body, { raw = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(BASE + path, init);
  } catch {
    throw new ApiError({ status: 0, code: 'network', message: 'network' });
  }
  if (raw && res.ok) return res;
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const error = new ApiError(data && typeof data === 'object' ? { status: res.status, ...data } : { status: res.status, code: 'http', message: `HTTP ${res.status}` });
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthenticated();
    throw error;
  }
  return data;
}

/**
 * The field a problem detail names, normalised: `body.title`, `/title`, `title` → `title`;
 * `phrasings.2` → `phrasings`.
 */
/** A problem detail's whole field path, dotted ('translations.de.title'): nested fields have their own controls. */
export function pathOf(detail) {
  return String(detail.field ?? '').replace(/^(body|querystring|params)[./]?/, '').replace(/^\//, '').replace(/\//g, '.');
}

export function fieldOf(detail) {
  return String(detail.field ?? '').replace(/^(body|querystring|params)[./]?/, '').replace(/^\//, '').split(/[./[]/)[0];
}
