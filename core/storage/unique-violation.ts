/**
 * Whether a write failed on a unique index: the ORM's own exception, or the drivers' codes for raw
 * statements (SQLite's constraint code, PostgreSQL's 23505). Kept with the storage layer so callers never
 * learn a driver's codes.
 *
 * @example
 * try { await em.flush(); } catch (error) { if (isUniqueViolation(error)) return 'duplicate'; throw error; }
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return error.name === 'UniqueConstraintViolationException' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
