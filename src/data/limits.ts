import type { DataSettings } from "../config";
import type { TenantCtx } from "../context";
import { ServiceError } from "../errors";

export const DATA_LIMITS = {
  collectionName: /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
  documentId: /^[A-Za-z0-9_-]{1,128}$/,
  documentBytes: 256 * 1024,
  depth: 16,
  pageSize: 200,
  defaultPageSize: 50,
  /** The default; DATA_DOCUMENTS_PER_COLLECTION configures it (src/config.ts). */
  documentsPerCollection: 1_000_000,
  /** The default; DATA_READ_TIMEOUT_MS configures it. */
  readTimeoutMs: 5_000,
  /** Documents one page reads at most when filtering on fields no index covers. */
  unindexedScanDocuments: 10_000,
  /** Sorting by a field no index covers is allowed up to this collection size. */
  unindexedSortDocuments: 10_000,
  bulkInsert: 500,
  filterFields: 10,
  upsertKeyFields: 3,
} as const;

/** The configured data settings a request or job carries, else the defaults. */
export function dataSettings(ctx: Pick<TenantCtx, "data">): DataSettings {
  return (
    ctx.data ?? {
      documentsPerCollection: DATA_LIMITS.documentsPerCollection,
      readTimeoutMs: DATA_LIMITS.readTimeoutMs,
    }
  );
}

/** System fields live beside the data, never inside it. */
export const SYSTEM_FIELDS = ["_id", "_version", "_createdAt", "_updatedAt", "_createdBy"] as const;

function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  let max = 0;
  for (const v of Object.values(value)) max = Math.max(max, depthOf(v));
  return 1 + max;
}

/** Drops system fields and enforces the size and depth limits; returns the stored JSON text. */
export function prepareData(
  data: Record<string, unknown>,
  what = "Document",
): { data: Record<string, unknown>; json: string } {
  // fromEntries defines own properties: a field named "__proto__" stays data, not a prototype.
  const clean: Record<string, unknown> = Object.fromEntries(
    Object.entries(data).filter(
      ([k, v]) => !(SYSTEM_FIELDS as readonly string[]).includes(k) && v !== undefined,
    ),
  );
  const depth = depthOf(clean);
  if (depth > DATA_LIMITS.depth) {
    throw new ServiceError(
      "LIMIT_EXCEEDED",
      `${what} is nested ${depth} levels deep; the limit is ${DATA_LIMITS.depth}.`,
    );
  }
  const json = JSON.stringify(clean);
  const bytes = Buffer.byteLength(json);
  if (bytes > DATA_LIMITS.documentBytes) {
    throw new ServiceError(
      "LIMIT_EXCEEDED",
      `${what} is ${Math.ceil(bytes / 1024)} KB; the limit is ${DATA_LIMITS.documentBytes / 1024} KB.`,
    );
  }
  return { data: clean, json };
}
