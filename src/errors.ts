export type ServiceErrorCode =
  | "UNAUTHORIZED"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "CONFLICT"
  | "VALIDATION"
  | "LIMIT_EXCEEDED"
  | "PRECONDITION_FAILED"
  /** A read ran past its statement timeout and PostgreSQL cancelled it. */
  | "TIMEOUT";

/** A rule was broken; the message tells the user what to do about it. */
export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const notFound = (what: string) => new ServiceError("NOT_FOUND", `${what} not found.`);
export const forbidden = (message: string) => new ServiceError("FORBIDDEN", message);
export const conflict = (message: string) => new ServiceError("CONFLICT", message);
export const invalid = (message: string) => new ServiceError("VALIDATION", message);

/** Postgres unique_violation, for services that turn it into their own CONFLICT message. */
export function isUniqueViolation(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 3 && e; i++) {
    if ((e as { code?: string }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
