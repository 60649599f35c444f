import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { memberships, teamMembers, teams, workspaceInvites, workspaces } from "../../db/schema";
import { type Db, type Tx, withTenant } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import { type Actor, requirePermission, type TenantCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import { announceAccessChange } from "../realtime/access";
import { MAX_WORKSPACES_PER_USER, type Person } from "./workspaces";

export const INVITE_LIMITS = {
  minHours: 1,
  maxHours: 30 * 24,
  defaultHours: 7 * 24,
  maxUses: 1000,
  /** Invites still usable at once in one workspace. */
  activePerWorkspace: 100,
} as const;

export type InviteRole = "member" | "admin";
export type InviteProblem = "unknown" | "expired" | "revoked" | "used_up";

const RANDOM_BYTES = 24; // 192 bits

/**
 * A token is base64url(workspace id ‖ 24 random bytes): the workspace id lets the server open the
 * right tenant transaction, the random part is the secret. Only its SHA-256 is stored.
 */
export function newInviteToken(workspaceId: string): string {
  const ws = Buffer.from(workspaceId.replaceAll("-", ""), "hex");
  return Buffer.concat([ws, randomBytes(RANDOM_BYTES)]).toString("base64url");
}

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function workspaceOfToken(token: string): string | null {
  if (!/^[A-Za-z0-9_-]{54}$/.test(token)) return null;
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length !== 16 + RANDOM_BYTES) return null;
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const PROBLEM_MESSAGES: Record<InviteProblem, string> = {
  unknown:
    "This invite link is not valid. Check that you copied the whole link, or ask an admin of the workspace for a new one.",
  expired: "This invite link has expired. Ask an admin of the workspace for a new link.",
  revoked: "This invite link was revoked. Ask an admin of the workspace for a new link.",
  used_up:
    "This invite link has already been used as many times as it allows. Ask an admin of the workspace for a new link.",
};

export function inviteProblem(problem: InviteProblem): ServiceError {
  return new ServiceError(
    problem === "unknown" ? "NOT_FOUND" : "PRECONDITION_FAILED",
    PROBLEM_MESSAGES[problem],
    { reason: problem },
  );
}

interface InviteRow {
  revokedAt: Date | null;
  expiresAt: Date;
  uses: number;
  maxUses: number;
}

function problemOf(row: InviteRow, now: Date): InviteProblem | null {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now.getTime()) return "expired";
  if (row.uses >= row.maxUses) return "used_up";
  return null;
}

export interface CreateInviteInput {
  role: InviteRole;
  teamId?: string | null;
  expiresInHours: number;
  maxUses: number;
}

const activeWhere = (workspaceId: string) =>
  and(
    eq(workspaceInvites.workspaceId, workspaceId),
    isNull(workspaceInvites.revokedAt),
    gt(workspaceInvites.expiresAt, sql`now()`),
    lt(workspaceInvites.uses, workspaceInvites.maxUses),
  );

async function teamName(tx: Tx, workspaceId: string, teamId: string | null) {
  if (!teamId) return null;
  const [team] = await tx
    .select({ name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, teamId)));
  return team?.name ?? null;
}

/** Creates an invite link; the token is returned once and only its hash is kept. */
export async function createInvite({ tx, actor }: TenantCtx, input: CreateInviteInput) {
  requirePermission(actor, "members:invite");
  const teamId = input.teamId ?? null;
  const team = await teamName(tx, actor.workspaceId, teamId);
  if (teamId && !team) throw notFound("Team");
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invites:${actor.workspaceId}`}))`);
  const active = await tx.$count(workspaceInvites, activeWhere(actor.workspaceId));
  if (active >= INVITE_LIMITS.activePerWorkspace) {
    throw new ServiceError(
      "LIMIT_EXCEEDED",
      `A workspace can have at most ${INVITE_LIMITS.activePerWorkspace} active invite links. Revoke some first.`,
    );
  }
  const id = crypto.randomUUID();
  const token = newInviteToken(actor.workspaceId);
  const expiresAt = new Date(Date.now() + input.expiresInHours * 3_600_000);
  await tx.insert(workspaceInvites).values({
    workspaceId: actor.workspaceId,
    id,
    tokenHash: hashInviteToken(token),
    role: input.role,
    teamId,
    maxUses: input.maxUses,
    expiresAt,
    createdBy: actor.userId,
    createdByName: actor.displayName,
  });
  await recordAudit(tx, actor, {
    action: "member.invite_created",
    summary: `${actor.displayName} created an invite link for the ${input.role} role${team ? ` (team ${team})` : ""}`,
    target: { type: "invite", id },
    metadata: {
      role: input.role,
      teamId,
      maxUses: input.maxUses,
      expiresAt: expiresAt.toISOString(),
    },
  });
  return {
    invite: {
      id,
      role: input.role,
      teamId,
      teamName: team,
      maxUses: input.maxUses,
      uses: 0,
      expiresAt,
      createdByName: actor.displayName,
    },
    token,
  };
}

/** The invites still usable: not revoked, not expired, not used up. Newest first. */
export async function listInvites({ tx, actor }: TenantCtx) {
  requirePermission(actor, "members:invite");
  return tx
    .select({
      id: workspaceInvites.id,
      role: workspaceInvites.role,
      teamId: workspaceInvites.teamId,
      teamName: teams.name,
      maxUses: workspaceInvites.maxUses,
      uses: workspaceInvites.uses,
      expiresAt: workspaceInvites.expiresAt,
      createdAt: workspaceInvites.createdAt,
      createdByName: workspaceInvites.createdByName,
    })
    .from(workspaceInvites)
    .leftJoin(
      teams,
      and(
        eq(teams.workspaceId, workspaceInvites.workspaceId),
        eq(teams.id, workspaceInvites.teamId),
      ),
    )
    .where(activeWhere(actor.workspaceId))
    .orderBy(desc(workspaceInvites.createdAt), asc(workspaceInvites.id));
}

export async function revokeInvite({ tx, actor }: TenantCtx, inviteId: string) {
  requirePermission(actor, "members:invite");
  const [row] = await tx
    .select({ revokedAt: workspaceInvites.revokedAt, role: workspaceInvites.role })
    .from(workspaceInvites)
    .where(
      and(eq(workspaceInvites.workspaceId, actor.workspaceId), eq(workspaceInvites.id, inviteId)),
    )
    .for("update");
  if (!row) throw notFound("Invite");
  if (row.revokedAt) return { id: inviteId, revoked: false };
  await tx
    .update(workspaceInvites)
    .set({ revokedAt: new Date() })
    .where(
      and(eq(workspaceInvites.workspaceId, actor.workspaceId), eq(workspaceInvites.id, inviteId)),
    );
  await recordAudit(tx, actor, {
    action: "member.invite_revoked",
    summary: `${actor.displayName} revoked an invite link for the ${row.role} role`,
    target: { type: "invite", id: inviteId },
    metadata: { role: row.role },
  });
  return { id: inviteId, revoked: true };
}

async function findByToken(tx: Tx, workspaceId: string, token: string, lock: boolean) {
  const q = tx
    .select({
      id: workspaceInvites.id,
      role: workspaceInvites.role,
      teamId: workspaceInvites.teamId,
      maxUses: workspaceInvites.maxUses,
      uses: workspaceInvites.uses,
      expiresAt: workspaceInvites.expiresAt,
      revokedAt: workspaceInvites.revokedAt,
    })
    .from(workspaceInvites)
    .where(
      and(
        eq(workspaceInvites.workspaceId, workspaceId),
        eq(workspaceInvites.tokenHash, hashInviteToken(token)),
      ),
    );
  const [row] = lock ? await q.for("update") : await q;
  if (!row) throw inviteProblem("unknown");
  return row;
}

async function workspaceName(tx: Tx, workspaceId: string) {
  const [ws] = await tx
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!ws) throw inviteProblem("unknown");
  return ws.name;
}

/** What a link holder sees before joining: the workspace, role and team. Needs no sign-in. */
export async function previewInvite(db: Db, token: string, userId: string | null) {
  const workspaceId = workspaceOfToken(token);
  if (!workspaceId) throw inviteProblem("unknown");
  return withTenant(db, { workspaceId, userId }, async (tx) => {
    const row = await findByToken(tx, workspaceId, token, false);
    const problem = problemOf(row, new Date());
    if (problem) throw inviteProblem(problem);
    const name = await workspaceName(tx, workspaceId);
    const alreadyMember = userId
      ? (await tx.$count(
          memberships,
          and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)),
        )) > 0
      : false;
    return {
      workspaceId,
      workspaceName: name,
      role: row.role as InviteRole,
      teamName: await teamName(tx, workspaceId, row.teamId),
      expiresAt: row.expiresAt,
      alreadyMember,
    };
  });
}

/**
 * Joins the signed-in person to the invite's workspace. The invite row is locked, so concurrent
 * accepts of a single-use link create exactly one membership. Someone already a member is told
 * so and the invite is not used.
 */
export async function acceptInvite(db: Db, person: Person, token: string, requestId?: string) {
  const workspaceId = workspaceOfToken(token);
  if (!workspaceId) throw inviteProblem("unknown");
  return withTenant(db, { workspaceId, userId: person.userId }, async (tx) => {
    const row = await findByToken(tx, workspaceId, token, true);
    const [existing] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, person.userId)));
    if (existing) return { workspaceId, role: existing.role, alreadyMember: true };
    const problem = problemOf(row, new Date());
    if (problem) throw inviteProblem(problem);
    const owned = await tx.$count(memberships, eq(memberships.userId, person.userId));
    if (owned >= MAX_WORKSPACES_PER_USER) {
      throw new ServiceError(
        "LIMIT_EXCEEDED",
        `You can belong to at most ${MAX_WORKSPACES_PER_USER} workspaces.`,
      );
    }
    const role = row.role as InviteRole;
    await tx.insert(memberships).values({ workspaceId, userId: person.userId, role });
    // Everyone is in the workspace's default team (as its creator is), plus the invite's team.
    const [general] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.workspaceId, workspaceId), eq(teams.isDefault, true)));
    const teamIds = [...new Set([general?.id, row.teamId].filter((t): t is string => !!t))];
    if (teamIds.length) {
      await tx
        .insert(teamMembers)
        .values(teamIds.map((teamId) => ({ workspaceId, teamId, userId: person.userId })))
        .onConflictDoNothing();
    }
    await tx
      .update(workspaceInvites)
      .set({ uses: sql`${workspaceInvites.uses} + 1` })
      .where(and(eq(workspaceInvites.workspaceId, workspaceId), eq(workspaceInvites.id, row.id)));
    const actor: Actor = {
      kind: "user",
      userId: person.userId,
      displayName: person.displayName,
      workspaceId,
      role,
      requestId,
    };
    await announceAccessChange(tx, { workspaceId, userId: person.userId });
    await recordAudit(tx, actor, {
      action: "member.invite_accepted",
      summary: `${person.displayName} joined the workspace as ${role} through an invite link`,
      target: { type: "invite", id: row.id },
      metadata: { role, teamId: row.teamId, use: row.uses + 1, maxUses: row.maxUses },
    });
    return { workspaceId, role, alreadyMember: false };
  });
}
