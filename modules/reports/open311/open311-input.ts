/**
 * The body of `POST requests.json`, as the spec sends it (`application/x-www-form-urlencoded`; JSON is
 * accepted too), checked field by field: a value the spec calls a number that is not one is a 400, never
 * a NaN stored.
 */

/** The fields of a POST the comune uses. */
export interface Open311Post {
  readonly apiKey: string | undefined;
  readonly serviceCode: string | undefined;
  readonly lat: number | undefined;
  readonly long: number | undefined;
  readonly addressString: string | undefined;
  readonly description: string | undefined;
  readonly email: string | undefined;
  readonly firstName: string | undefined;
  readonly lastName: string | undefined;
  readonly phone: string | undefined;
}

/** A body that cannot be read, with the spec error's description. */
export class Open311InputError extends Error {
  override readonly name = 'Open311InputError';
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * @example
 * const post = parseOpen311Post(request.rawBody, request.headers['content-type']);
 */
export function parseOpen311Post(raw: Uint8Array, contentType: string | undefined, query: Readonly<Record<string, string | undefined>>): Open311Post {
  const text = new TextDecoder().decode(raw);
  const fields = new Map<string, string>();
  if ((contentType ?? '').includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Open311InputError('The body is not valid JSON: send application/x-www-form-urlencoded fields as the GeoReport v2 spec does.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Open311InputError('The JSON body must be an object of the spec\'s fields.');
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string' || typeof value === 'number') fields.set(key, String(value));
  } else {
    for (const [key, value] of new URLSearchParams(text)) fields.set(key, value);
  }
  // The spec lets clients put api_key in the query string too.
  const get = (name: string) => (fields.get(name) ?? query[name])?.trim() || undefined;
  const number = (name: 'lat' | 'long') => {
    const value = get(name);
    if (value === undefined) return undefined;
    if (!NUMBER.test(value)) throw new Open311InputError(`${name} must be a decimal number in WGS 84 (e.g. lat=45.0703&long=7.6869), not "${value.slice(0, 40)}".`);
    const n = Number(value);
    if (name === 'lat' ? Math.abs(n) > 90 : Math.abs(n) > 180) throw new Open311InputError(`${name} ${value} is out of range: latitude is −90…90, longitude −180…180.`);
    return n;
  };
  const lat = number('lat');
  const long = number('long');
  if ((lat === undefined) !== (long === undefined)) throw new Open311InputError('Send lat and long together (or address_string).');
  return {
    apiKey: get('api_key'), serviceCode: get('service_code'), lat, long,
    addressString: get('address_string'), description: get('description'),
    email: get('email'), firstName: get('first_name'), lastName: get('last_name'), phone: get('phone'),
  };
}
