import { and, asc, eq } from "drizzle-orm";
import { memberships, teamMembers, teams, workspaces } from "../../db/schema";
import { type Db, rawOf, withTenant } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import { type Actor, requirePermission, type TenantCtx } from "../context";
import { notFound, ServiceError } from "../errors";

export const DEFAULT_TEAM = { name: "General", slug: "general" } as const;
export const MAX_WORKSPACES_PER_USER = 50;

export interface Person {
  userId: string;
  displayName: string;
}

/** Creates a workspace with its creator as owner and the fixed General team. */
export async function createWorkspace(db: Db, creator: Person, name: string, requestId?: string) {
  const workspaceId = crypto.randomUUID();
  const teamId = crypto.randomUUID();
  const actor: Actor = {
    kind: "user",
    userId: creator.userId,
    displayName: creator.displayName,
    workspaceId,
    role: "owner",
    requestId,
  };
  return withTenant(db, { workspaceId, userId: creator.userId }, async (tx) => {
    const owned = await tx.$count(memberships, eq(memberships.userId, creator.userId));
    if (owned >= MAX_WORKSPACES_PER_USER) {
      throw new ServiceError(
        "LIMIT_EXCEEDED",
        `You can belong to at most ${MAX_WORKSPACES_PER_USER} workspaces.`,
      );
    }
    await tx.insert(workspaces).values({ id: workspaceId, name, createdBy: creator.userId });
    await tx.insert(memberships).values({ workspaceId, userId: creator.userId, role: "owner" });
    await tx.insert(teams).values({ id: teamId, workspaceId, ...DEFAULT_TEAM, isDefault: true });
    await tx.insert(teamMembers).values({ workspaceId, teamId, userId: creator.userId });
    await recordAudit(tx, actor, {
      action: "workspace.created",
      summary: `${creator.displayName} created the workspace “${name}”`,
      target: { type: "workspace", id: workspaceId, name },
    });
    return { id: workspaceId, name, role: "owner" as const };
  });
}

/** The workspaces the user belongs to, oldest first. */
export async function listMyWorkspaces(db: Db, userId: string) {
  return withTenant(db, { userId }, (tx) =>
    tx
      .select({ id: workspaces.id, name: workspaces.name, role: memberships.role })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(eq(memberships.userId, userId))
      .orderBy(asc(memberships.createdAt)),
  );
}

/** On every page of the client: one prepared statement, not two built by drizzle. */
export async function getWorkspace({ tx, actor }: TenantCtx) {
  const [ws] = await rawOf(tx)`
    select w.id, w.name, w.created_at,
      (select count(*)::int from memberships m where m.workspace_id = w.id) as member_count
    from workspaces w where w.id = ${actor.workspaceId}`;
  if (!ws) throw notFound("Workspace");
  return {
    id: ws.id as string,
    name: ws.name as string,
    createdAt: ws.created_at as Date,
    role: actor.role,
    memberCount: ws.member_count as number,
  };
}

export async function renameWorkspace({ tx, actor }: TenantCtx, name: string) {
  requirePermission(actor, "workspace:manage");
  const [before] = await tx
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, actor.workspaceId));
  if (!before) throw notFound("Workspace");
  if (before.name === name) return { id: actor.workspaceId, name };
  await tx
    .update(workspaces)
    .set({ name, updatedAt: new Date() })
    .where(and(eq(workspaces.id, actor.workspaceId)));
  await recordAudit(tx, actor, {
    action: "workspace.renamed",
    summary: `${actor.displayName} renamed the workspace from “${before.name}” to “${name}”`,
    target: { type: "workspace", id: actor.workspaceId, name },
    changedFields: ["name"],
    metadata: { from: before.name, to: name },
  });
  return { id: actor.workspaceId, name };
}
