import type { Role } from "./types";

export const ROLES: Role[] = ["owner", "admin", "member"];

export const ROLE_LABEL: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
};

export const ROLE_HINT: Record<Role, string> = {
  owner: "Full workspace control",
  admin: "Manage members, teams and the audit log",
  member: "Build and use apps",
};

/** Owners and admins manage members and teams and read the audit log. */
export const isAdmin = (role: Role) => role === "owner" || role === "admin";
