import { and, asc, eq, sql } from "drizzle-orm";
import { memberships, type Role, teamMembers, teams, users } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import { type Actor, requirePermission, type TenantCtx } from "../context";
import { forbidden, notFound, ServiceError } from "../errors";
import { announceAccessChange } from "../realtime/access";

export async function listMembers({ tx, actor }: TenantCtx) {
  const rows = await tx
    .select({
      userId: memberships.userId,
      displayName: users.displayName,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, actor.workspaceId))
    .orderBy(
      sql`case ${memberships.role} when 'owner' then 0 when 'admin' then 1 else 2 end`,
      asc(users.displayName),
    );
  const links = await tx
    .select({ userId: teamMembers.userId, teamId: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.workspaceId, actor.workspaceId))
    .orderBy(asc(teams.name));
  return rows.map((m) => ({
    ...m,
    isYou: m.userId === actor.userId,
    teams: links
      .filter((l) => l.userId === m.userId)
      .map(({ teamId, name }) => ({ id: teamId, name })),
  }));
}

async function findMember(tx: Tx, actor: Actor, userId: string) {
  const [m] = await tx
    .select({ userId: memberships.userId, role: memberships.role, displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)))
    .for("update", { of: memberships });
  if (!m) throw notFound("Member");
  return m;
}

async function assertAnotherOwnerRemains(tx: Tx, actor: Actor) {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.role, "owner")))
    .for("update");
  if (owners.length <= 1) {
    throw new ServiceError("PRECONDITION_FAILED", "A workspace must keep at least one owner.");
  }
}

export async function changeRole({ tx, actor }: TenantCtx, userId: string, role: Role) {
  requirePermission(actor, "members:manage");
  if (userId === actor.userId) throw forbidden("You can't change your own role.");
  const target = await findMember(tx, actor, userId);
  if (target.role === "owner" || role === "owner") requirePermission(actor, "members:manage-owner");
  if (target.role === role) return { userId, role, changed: false };
  if (target.role === "owner") await assertAnotherOwnerRemains(tx, actor);
  await tx
    .update(memberships)
    .set({ role, updatedAt: new Date() })
    .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
  await announceAccessChange(tx, { workspaceId: actor.workspaceId, userId });
  await recordAudit(tx, actor, {
    action: "member.role_changed",
    summary: `${actor.displayName} changed ${target.displayName}'s role from ${target.role} to ${role}`,
    target: { type: "member", id: userId, name: target.displayName },
    changedFields: ["role"],
    metadata: { from: target.role, to: role },
  });
  return { userId, role, changed: true };
}

export async function removeMember({ tx, actor }: TenantCtx, userId: string) {
  requirePermission(actor, "members:manage");
  if (userId === actor.userId) throw forbidden("You can't remove yourself from the workspace.");
  const target = await findMember(tx, actor, userId);
  if (target.role === "owner") {
    requirePermission(actor, "members:manage-owner");
    await assertAnotherOwnerRemains(tx, actor);
  }
  await tx
    .delete(memberships)
    .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
  await announceAccessChange(tx, { workspaceId: actor.workspaceId, userId });
  await recordAudit(tx, actor, {
    action: "member.removed",
    summary: `${actor.displayName} removed ${target.displayName} from the workspace`,
    target: { type: "member", id: userId, name: target.displayName },
    metadata: { role: target.role },
  });
  return { userId };
}
