/**
 * Two answers every module's admin routes give the same way: a service call turned into a reply (its
 * own error class becoming `{ code, message }` with its status), and one stored file a record holds.
 */
import type { MediaSource } from '../channel/outbound.js';
import type { AdminReply } from './admin-route.js';

/** What a module's service error carries: the HTTP status, a stable code and a message for the person. */
export interface ModuleServiceError extends Error {
  readonly status: number;
  readonly code: string;
}

type ErrorClass = abstract new (...args: never[]) => ModuleServiceError;

/**
 * A reply maker for one module: the call's value with the given status, or the module's error as a
 * client error. Other errors propagate (the admin API answers 500 and logs them).
 *
 * @example
 * export const serviceReply = serviceReplyFor(ReportError);
 * handler: (req) => serviceReply(200, () => listReports(req.em, req.query))
 */
export function serviceReplyFor(errorType: ErrorClass): (status: number, call: () => Promise<unknown>) => Promise<AdminReply> {
  return async (status, call) => {
    try {
      const body = await call();
      return body === undefined ? { status } : { status, body };
    } catch (error) {
      if (error instanceof errorType) return { status: error.status, body: { code: error.code, message: error.message } };
      throw error;
    }
  };
}

/**
 * The bytes of one file a record holds, or a 404 saying so. `source` is null when the record does not
 * hold the file, or the store no longer has it (retention); both read the same to the caller.
 */
export async function heldFileReply(source: MediaSource | null, notFound: { code: string; message: string }): Promise<AdminReply> {
  if (!source) return { status: 404, body: notFound };
  const bytes = await source.read();
  return { status: 200, stream: { contentType: source.mimeType, chunks: (async function* () { yield bytes; })() } };
}
