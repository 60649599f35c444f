import { and, asc, eq } from "drizzle-orm";
import { appCollaborators, apps, appTeams, memberships, teams, users } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import type { AuditInput } from "../audit/record";
import { recordAudit } from "../audit/record";
import type { Actor, TenantCtx } from "../context";
import { conflict, forbidden, notFound, ServiceError } from "../errors";
import { announceAccessChange } from "../realtime/access";
import { type AccessibleApp, requireMaker } from "./access";

export const MAX_COLLABORATORS_PER_APP = 50;

export interface CollaboratorDeps {
  /** Writes a refusal's audit row beside the caller's transaction, which rolls back. */
  auditRefusal?(actor: Actor, entry: AuditInput): Promise<void>;
}

/** The app's creator and workspace owners/admins manage who makes it. */
const canManage = (actor: Actor, app: { createdBy: string | null }) =>
  actor.kind !== "user" ||
  actor.role === "owner" ||
  actor.role === "admin" ||
  app.createdBy === actor.userId;

async function collaboratorRows(tx: Tx, actor: Actor, appId: string) {
  return tx
    .select({
      userId: appCollaborators.userId,
      displayName: users.displayName,
      role: memberships.role,
      addedByName: appCollaborators.addedByName,
      addedAt: appCollaborators.createdAt,
    })
    .from(appCollaborators)
    .innerJoin(
      memberships,
      and(
        eq(memberships.workspaceId, appCollaborators.workspaceId),
        eq(memberships.userId, appCollaborators.userId),
      ),
    )
    .innerJoin(users, eq(users.id, appCollaborators.userId))
    .where(
      and(eq(appCollaborators.workspaceId, actor.workspaceId), eq(appCollaborators.appId, appId)),
    )
    .orderBy(asc(users.displayName), asc(appCollaborators.userId));
}

async function memberNamed(tx: Tx, actor: Actor, userId: string) {
  const [m] = await tx
    .select({ userId: memberships.userId, displayName: users.displayName, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, actor.workspaceId), eq(memberships.userId, userId)));
  return m ?? null;
}

/**
 * Who makes and who sees the app, for its makers: the creator, the collaborators, the teams it is
 * published to, and whether the caller may change the collaborators. Viewers get NOT_FOUND.
 */
export async function appAccessInfo({ tx, actor }: TenantCtx, appId: string) {
  const app = await requireMaker(tx, actor, appId);
  const creator = app.createdBy ? await memberNamed(tx, actor, app.createdBy) : null;
  const collaborators = await collaboratorRows(tx, actor, appId);
  const targetTeams = await tx
    .select({ id: teams.id, name: teams.name })
    .from(appTeams)
    .innerJoin(
      teams,
      and(eq(teams.workspaceId, appTeams.workspaceId), eq(teams.id, appTeams.teamId)),
    )
    .where(and(eq(appTeams.workspaceId, actor.workspaceId), eq(appTeams.appId, appId)))
    .orderBy(asc(teams.name));
  return {
    appId,
    published: app.publishedVersionId !== null,
    canManage: canManage(actor, app),
    creator: creator ? { userId: creator.userId, displayName: creator.displayName } : null,
    collaborators,
    teams: targetTeams,
    limit: MAX_COLLABORATORS_PER_APP,
  };
}

/**
 * The app for a change to its collaborators, its row locked so concurrent changes count right.
 * A maker who may not manage it is refused (audited); anyone else gets NOT_FOUND.
 */
async function manageable(
  { tx, actor }: TenantCtx,
  deps: CollaboratorDeps,
  appId: string,
  action: "app.collaborator_added" | "app.collaborator_removed",
  userId: string,
): Promise<AccessibleApp> {
  const app = await requireMaker(tx, actor, appId);
  if (!canManage(actor, app)) {
    await deps.auditRefusal?.(actor, {
      action,
      summary: `${actor.displayName} was refused changing the collaborators of “${app.name}”`,
      target: { type: "app", id: app.id, name: app.name },
      metadata: { userId, reason: "not_creator_or_admin" },
    });
    throw forbidden("Only the app's creator or a workspace admin can change its collaborators.");
  }
  await tx
    .select({ id: apps.id })
    .from(apps)
    .where(and(eq(apps.workspaceId, actor.workspaceId), eq(apps.id, appId)))
    .for("update");
  return app;
}

/** Makes a workspace member a collaborator: they see the draft, the builder chat and review state. */
export async function addCollaborator(
  ctx: TenantCtx,
  deps: CollaboratorDeps,
  input: { appId: string; userId: string },
) {
  const { tx, actor } = ctx;
  const app = await manageable(ctx, deps, input.appId, "app.collaborator_added", input.userId);
  const person = await memberNamed(tx, actor, input.userId);
  if (!person) throw notFound("Member");
  if (person.userId === app.createdBy)
    throw conflict(`${person.displayName} created this app and already makes it.`);
  const current = await collaboratorRows(tx, actor, app.id);
  if (current.some((c) => c.userId === person.userId))
    throw conflict(`${person.displayName} is already a collaborator on this app.`);
  if (current.length >= MAX_COLLABORATORS_PER_APP)
    throw new ServiceError(
      "LIMIT_EXCEEDED",
      `An app can have at most ${MAX_COLLABORATORS_PER_APP} collaborators; remove one first.`,
    );
  await tx.insert(appCollaborators).values({
    workspaceId: actor.workspaceId,
    appId: app.id,
    userId: person.userId,
    addedBy: actor.kind === "user" ? actor.userId : null,
    addedByName: actor.displayName,
  });
  await recordAudit(tx, actor, {
    action: "app.collaborator_added",
    summary: `${actor.displayName} made ${person.displayName} a collaborator on “${app.name}”`,
    target: { type: "app", id: app.id, name: app.name },
    changedFields: ["collaborators"],
    metadata: {
      userId: person.userId,
      displayName: person.displayName,
      collaborators: { before: current.length, after: current.length + 1 },
    },
  });
  return appAccessInfo(ctx, app.id);
}

/**
 * Takes a collaborator off the app. Their open streams end at once (they reconnect without this
 * app) and their preview links of its drafts stop working on the next request.
 */
export async function removeCollaborator(
  ctx: TenantCtx,
  deps: CollaboratorDeps,
  input: { appId: string; userId: string },
) {
  const { tx, actor } = ctx;
  const app = await manageable(ctx, deps, input.appId, "app.collaborator_removed", input.userId);
  const current = await collaboratorRows(tx, actor, app.id);
  const person = current.find((c) => c.userId === input.userId);
  if (!person) throw notFound("Collaborator");
  await tx
    .delete(appCollaborators)
    .where(
      and(
        eq(appCollaborators.workspaceId, actor.workspaceId),
        eq(appCollaborators.appId, app.id),
        eq(appCollaborators.userId, person.userId),
      ),
    );
  await announceAccessChange(tx, { workspaceId: actor.workspaceId, userId: person.userId });
  await recordAudit(tx, actor, {
    action: "app.collaborator_removed",
    summary: `${actor.displayName} removed ${person.displayName} as a collaborator on “${app.name}”`,
    target: { type: "app", id: app.id, name: app.name },
    changedFields: ["collaborators"],
    metadata: {
      userId: person.userId,
      displayName: person.displayName,
      collaborators: { before: current.length, after: current.length - 1 },
    },
  });
  return appAccessInfo(ctx, app.id);
}
