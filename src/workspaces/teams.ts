import { and, asc, eq } from "drizzle-orm";
import { memberships, teamMembers, teams, users } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import { type Actor, requirePermission, type TenantCtx } from "../context";
import { conflict, isUniqueViolation, notFound, ServiceError } from "../errors";
import { announceAccessChange } from "../realtime/access";

export const MAX_TEAMS = 100;

export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "team"
  );
}

export async function listTeams({ tx, actor }: TenantCtx) {
  const rows = await tx
    .select({
      id: teams.id,
      name: teams.name,
      isDefault: teams.isDefault,
      createdAt: teams.createdAt,
    })
    .from(teams)
    .where(eq(teams.workspaceId, actor.workspaceId))
    .orderBy(asc(teams.isDefault), asc(teams.name));
  const members = await tx
    .select({ teamId: teamMembers.teamId, userId: users.id, displayName: users.displayName })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.workspaceId, actor.workspaceId))
    .orderBy(asc(users.displayName));
  return rows
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
    .map((t) => ({
      ...t,
      members: members
        .filter((m) => m.teamId === t.id)
        .map(({ userId, displayName }) => ({ userId, displayName })),
    }));
}

async function findTeam(tx: Tx, actor: Actor, teamId: string) {
  const [team] = await tx
    .select({ id: teams.id, name: teams.name, isDefault: teams.isDefault })
    .from(teams)
    .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, teamId)));
  if (!team) throw notFound("Team");
  return team;
}

const fixedTeam = () =>
  new ServiceError(
    "PRECONDITION_FAILED",
    "The General team is fixed: it can't be renamed or deleted.",
  );

async function insertOrConflict<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A team named “${name}” already exists.`);
    throw err;
  }
}

async function assertNameFree(tx: Tx, actor: Actor, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.slug, slugify(name))));
  if (clash && clash.id !== exceptId) throw conflict(`A team named “${name}” already exists.`);
}

export async function createTeam({ tx, actor }: TenantCtx, name: string) {
  requirePermission(actor, "members:manage");
  const count = await tx.$count(teams, eq(teams.workspaceId, actor.workspaceId));
  if (count >= MAX_TEAMS) {
    throw new ServiceError("LIMIT_EXCEEDED", `A workspace can have at most ${MAX_TEAMS} teams.`);
  }
  await assertNameFree(tx, actor, name);
  const id = crypto.randomUUID();
  await insertOrConflict(name, () =>
    tx.insert(teams).values({ id, workspaceId: actor.workspaceId, name, slug: slugify(name) }),
  );
  await recordAudit(tx, actor, {
    action: "team.created",
    summary: `${actor.displayName} created the team “${name}”`,
    target: { type: "team", id, name },
  });
  return { id, name };
}

export async function renameTeam({ tx, actor }: TenantCtx, teamId: string, name: string) {
  requirePermission(actor, "members:manage");
  const team = await findTeam(tx, actor, teamId);
  if (team.isDefault) throw fixedTeam();
  if (team.name === name) return { id: teamId, name };
  await assertNameFree(tx, actor, name, teamId);
  await insertOrConflict(name, () =>
    tx
      .update(teams)
      .set({ name, slug: slugify(name), updatedAt: new Date() })
      .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, teamId))),
  );
  await recordAudit(tx, actor, {
    action: "team.renamed",
    summary: `${actor.displayName} renamed the team “${team.name}” to “${name}”`,
    target: { type: "team", id: teamId, name },
    changedFields: ["name"],
    metadata: { from: team.name, to: name },
  });
  return { id: teamId, name };
}

export async function deleteTeam({ tx, actor }: TenantCtx, teamId: string) {
  requirePermission(actor, "members:manage");
  const team = await findTeam(tx, actor, teamId);
  if (team.isDefault) throw fixedTeam();
  const members = await tx
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, actor.workspaceId), eq(teamMembers.teamId, teamId)));
  await tx.delete(teams).where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, teamId)));
  // Its members may have seen apps published to it: their open streams end and reopen without.
  for (const { userId } of members)
    await announceAccessChange(tx, { workspaceId: actor.workspaceId, userId });
  await recordAudit(tx, actor, {
    action: "team.deleted",
    summary: `${actor.displayName} deleted the team “${team.name}”`,
    target: { type: "team", id: teamId, name: team.name },
  });
  return { id: teamId };
}

async function findMemberName(tx: Tx, actor: Actor, userId: string) {
  const [m] = await tx
    .select({ displayName: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
  if (!m) throw notFound("Member");
  return m.displayName;
}

export async function addTeamMember({ tx, actor }: TenantCtx, teamId: string, userId: string) {
  requirePermission(actor, "members:manage");
  const team = await findTeam(tx, actor, teamId);
  const name = await findMemberName(tx, actor, userId);
  const inserted = await tx
    .insert(teamMembers)
    .values({ workspaceId: actor.workspaceId, teamId, userId })
    .onConflictDoNothing()
    .returning({ userId: teamMembers.userId });
  if (inserted.length === 0) throw conflict(`${name} is already in ${team.name}.`);
  await recordAudit(tx, actor, {
    action: "member.team_added",
    summary: `${actor.displayName} added ${name} to the team “${team.name}”`,
    target: { type: "team", id: teamId, name: team.name },
    metadata: { userId, displayName: name },
  });
  return { teamId, userId };
}

export async function removeTeamMember({ tx, actor }: TenantCtx, teamId: string, userId: string) {
  requirePermission(actor, "members:manage");
  const team = await findTeam(tx, actor, teamId);
  if (team.isDefault) {
    throw new ServiceError("PRECONDITION_FAILED", "Everyone in the workspace is in General.");
  }
  const name = await findMemberName(tx, actor, userId);
  const removed = await tx
    .delete(teamMembers)
    .where(
      and(
        eq(teamMembers.workspaceId, actor.workspaceId),
        eq(teamMembers.teamId, teamId),
        eq(teamMembers.userId, userId),
      ),
    )
    .returning({ userId: teamMembers.userId });
  if (removed.length === 0) throw notFound("Team member");
  // Apps published to the team were theirs to see: their open streams end and reopen without.
  await announceAccessChange(tx, { workspaceId: actor.workspaceId, userId });
  await recordAudit(tx, actor, {
    action: "member.team_removed",
    summary: `${actor.displayName} removed ${name} from the team “${team.name}”`,
    target: { type: "team", id: teamId, name: team.name },
    metadata: { userId, displayName: name },
  });
  return { teamId, userId };
}
