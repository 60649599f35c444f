import { sql } from "drizzle-orm";

// Policies read the settings the tenant transaction sets. A pooled connection that once set a
// setting reads back '' (not NULL) afterwards, hence nullif.
export const currentWorkspaceId = sql.raw(
  "nullif(current_setting('app.workspace_id', true), '')::uuid",
);
export const currentUserId = sql.raw("nullif(current_setting('app.user_id', true), '')::uuid");
