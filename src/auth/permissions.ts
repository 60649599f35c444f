import type { Role } from "../../db/schema";

export const PERMISSIONS = [
  "workspace:view",
  "members:view",
  "integrations:view",
  "apps:create",
  "apps:update",
  "apps:delete",
  "agents:run",
  "workspace:manage",
  "members:invite",
  "members:manage",
  "integrations:manage",
  "audit:read",
  "members:manage-owner",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MEMBER: Permission[] = [
  "workspace:view",
  "members:view",
  "integrations:view",
  "apps:create",
  "apps:update",
  "apps:delete",
  "agents:run",
];
const ADMIN: Permission[] = [
  ...MEMBER,
  "workspace:manage",
  "members:invite",
  "members:manage",
  "integrations:manage",
  "audit:read",
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  member: new Set(MEMBER),
  admin: new Set(ADMIN),
  owner: new Set<Permission>([...ADMIN, "members:manage-owner"]),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
