/** Every audit action the product emits, with its category. The UI filters on these. */
export const AUDIT_CATEGORIES = [
  "auth",
  "workspace",
  "members",
  "teams",
  "apps",
  "reviews",
  "integrations",
  "agents",
  "tools",
  "app_data",
  "audit",
  "system",
] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

export const AUDIT_ACTIONS = {
  "workspace.created": "workspace",
  "workspace.renamed": "workspace",
  "member.added": "members",
  "member.role_changed": "members",
  "member.removed": "members",
  "team.created": "teams",
  "team.renamed": "teams",
  "team.deleted": "teams",
  "member.team_added": "teams",
  "member.team_removed": "teams",
  "app.created": "apps",
  "app.renamed": "apps",
  "app.deleted": "apps",
  "app.snapshot_saved": "apps",
  "app.exported": "apps",
  "app_data.document.inserted": "app_data",
  "app_data.document.updated": "app_data",
  "app_data.document.deleted": "app_data",
  "builder_run.created": "agents",
  "builder_run.stopped": "agents",
  "auth.signed_in": "auth",
  "auth.signed_out": "auth",
  "auth.profile_updated": "auth",
} as const satisfies Record<string, AuditCategory>;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
