import { DomainError, type ErrorCode } from "../core/errors.ts";

interface DriverError {
  code?: unknown;
}

/** SQLite (better-sqlite3) and PostgreSQL report constraint violations with different codes. */
export function constraintKind(error: unknown): "unique" | "foreignKey" | undefined {
  const code = (error as DriverError | null)?.code;
  if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return "unique";
  }
  if (code === "23503" || code === "SQLITE_CONSTRAINT_FOREIGNKEY") return "foreignKey";
  return undefined;
}

/**
 * A constraint violation becomes a domain error (409); text PostgreSQL cannot store (a NUL character,
 * code 22021, which SQLite would take) can only come from a client, so it is a bad request. Anything
 * else passes through unchanged.
 */
export function asDomainError(error: unknown, onUnique: ErrorCode = "CONFLICT"): unknown {
  const kind = constraintKind(error);
  if (kind === "unique") return new DomainError(onUnique);
  if (kind === "foreignKey") return new DomainError("REFERENCE_MISSING");
  if ((error as DriverError | null)?.code === "22021") return new DomainError("BAD_REQUEST");
  return error;
}

/** Runs a write and translates constraint violations, so a race between two requests gives a 409. */
export async function guardConstraints<T>(
  write: () => Promise<T>,
  onUnique: ErrorCode = "CONFLICT",
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw asDomainError(error, onUnique);
  }
}
