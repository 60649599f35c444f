import type postgres from "postgres";
import type { Scope } from "./schemas";

/**
 * A collection as the list-order indexes key it: app_documents.doc_key, a stored hash of its four
 * columns (migration 0023). Compared with a value computed from parameters only, so it stays an
 * index condition under row-level security.
 */
export const docKeyValue = (
  q: postgres.TransactionSql,
  workspaceId: string,
  loc: { appId: string; scope: Scope; collection: string },
) =>
  q`hashtextextended(${workspaceId}::uuid::text || '/' || ${loc.appId}::uuid::text || '/'
    || ${loc.scope}::text || '/' || ${loc.collection}::text, 0)`;

export const docKey = (
  q: postgres.TransactionSql,
  workspaceId: string,
  loc: { appId: string; scope: Scope; collection: string },
  alias = "",
) => q`${q.unsafe(`${alias}doc_key`)} = ${docKeyValue(q, workspaceId, loc)}`;
