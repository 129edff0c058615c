// Whether retrying a failed job can help (PermanentJobError aside, which a handler throws itself). A failure that comes back the same way every time — data
// PostgreSQL refuses to store, a broken constraint, a statement the database rejects — is permanent:
// retrying only delays the answer, so the job stops at once and waits for a fix and a re-run. Any
// other failure (connection lost, deadlock, serialization, timeout, an error we do not know) is
// transient and retried with backoff.

/**
 * SQLSTATE classes whose errors repeat for the same input: 22 data exception (a NUL character,
 * a number out of range), 23 integrity constraint violation, 42 syntax error or access rule
 * violation (a bug: a fix and a re-run mend it).
 */
const PERMANENT_SQLSTATE_CLASSES = new Set(["22", "23", "42"]);

const SQLSTATE = /^[0-9A-Z]{5}$/;

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
}

interface DatabaseFailure {
  /** SQLSTATE, e.g. "22021". */
  code: string;
  message: string;
}

/**
 * The PostgreSQL error behind an error, wherever the driver stack put it: node-postgres'
 * DatabaseError (`code`, with `severity`), Prisma's driver adapter error (`cause.originalCode`),
 * or Prisma's raw-query error (`meta.driverAdapterError.cause.originalCode`).
 */
export function databaseFailureOf(error: unknown): DatabaseFailure | null {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const record = asRecord(pending.pop());
    if (!record || seen.has(record)) continue;
    seen.add(record);
    const { code, originalCode, originalMessage, message, severity } = record;
    if (typeof originalCode === "string" && SQLSTATE.test(originalCode)) {
      return { code: originalCode, message: typeof originalMessage === "string" ? originalMessage : String(message) };
    }
    if (typeof code === "string" && typeof severity === "string" && SQLSTATE.test(code)) return { code, message: String(message) };
    pending.push(record.cause, asRecord(record.meta)?.driverAdapterError);
  }
  return null;
}

/** A database error that the same input would raise again. */
export function isRepeatingDatabaseError(error: unknown): boolean {
  const failure = databaseFailureOf(error);
  return failure !== null && PERMANENT_SQLSTATE_CLASSES.has(failure.code.slice(0, 2));
}

/**
 * What to record of a failure: the database's own words for a database error (Prisma wraps them
 * in a message about its query engine), else the error's name and message.
 */
export function describeFailure(error: unknown): string {
  const failure = databaseFailureOf(error);
  if (failure) return `The database refused the data: ${failure.message} (SQLSTATE ${failure.code})`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
