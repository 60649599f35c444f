import { TRPCClientError } from "@trpc/client";

interface ErrorData {
  code?: string;
  reason?: string;
  httpStatus?: number;
  issues?: { path: string; message: string }[];
}

function dataOf(err: unknown): ErrorData | undefined {
  return err instanceof TRPCClientError ? (err.data as ErrorData | undefined) : undefined;
}

/** The tRPC error code (UNAUTHORIZED, NOT_FOUND, FORBIDDEN…), if the error came from the API. */
export const errorCode = (err: unknown) => dataOf(err)?.code;

export const isClientError = (err: unknown) => {
  const status = dataOf(err)?.httpStatus;
  return status !== undefined && status >= 400 && status < 500;
};

/** The server writes its messages for people; show them as they are. */
export function errorMessage(err: unknown): string {
  if (err instanceof TRPCClientError) {
    if (!dataOf(err)) return "Can't reach the server. Check your connection and try again.";
    return err.message;
  }
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong. Try again.";
}

/** Validation issues keyed by input field, for showing beside the fields. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of dataOf(err)?.issues ?? []) out[issue.path] ??= issue.message;
  return out;
}

/** A field's error: its own validation issue, or else the request's message. */
export function errorFor(err: unknown, field: string): string | undefined {
  if (!err) return undefined;
  return fieldErrors(err)[field] ?? errorMessage(err);
}
