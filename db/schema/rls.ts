import { sql } from "drizzle-orm";
import { customType, pgPolicy } from "drizzle-orm/pg-core";

// Policies read the settings the tenant transaction sets. A pooled connection that once set a
// setting reads back '' (not NULL) afterwards, hence nullif.
export const currentWorkspaceId = sql.raw(
  "nullif(current_setting('app.workspace_id', true), '')::uuid",
);
export const currentUserId = sql.raw("nullif(current_setting('app.user_id', true), '')::uuid");

/** The usual policy of a tenant table: rows of the current workspace only, read and written. */
export const tenantPolicy = (name: string) =>
  pgPolicy(name, {
    for: "all",
    using: sql`workspace_id = ${currentWorkspaceId}`,
    withCheck: sql`workspace_id = ${currentWorkspaceId}`,
  });

/** A transaction id (PostgreSQL xid8), as a decimal string. */
export const xid8 = customType<{ data: string }>({ dataType: () => "xid8" });
