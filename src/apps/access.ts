import { and, desc, eq, exists, isNotNull, or, sql } from "drizzle-orm";
import {
  appBuilds,
  appCollaborators,
  apps,
  appTeams,
  appVersions,
  teamMembers,
} from "../../db/schema";
import { rawOf, type Tx } from "../../db/tenant";
import type { Actor } from "../context";
import { notFound, ServiceError } from "../errors";

/**
 * How a person may see an app:
 * - maker: its creator, a collaborator, or a workspace owner/admin — the draft, the builder chat,
 *   review state, integrations and collaborators;
 * - viewer: a member of a team the app is published to — the published app and its data only.
 * Anyone else gets NOT_FOUND, as if the app did not exist. System and agent actors act for the
 * platform and are makers.
 */
export type AppAccess = "maker" | "viewer";

const columns = {
  id: apps.id,
  name: apps.name,
  description: apps.description,
  createdBy: apps.createdBy,
  publishedVersionId: apps.publishedVersionId,
  createdAt: apps.createdAt,
  updatedAt: apps.updatedAt,
};

export type AccessibleApp = {
  id: string;
  name: string;
  description: string;
  createdBy: string | null;
  publishedVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
  access: AppAccess;
};

function isPlatform(actor: Actor) {
  return actor.kind !== "user" || actor.role === "owner" || actor.role === "admin";
}

/** For a query over `apps`: the user collaborates on the row's app. */
function isCollaborator(tx: Tx, userId: string) {
  return exists(
    tx
      .select({ one: sql`1` })
      .from(appCollaborators)
      .where(
        and(
          eq(appCollaborators.workspaceId, apps.workspaceId),
          eq(appCollaborators.appId, apps.id),
          eq(appCollaborators.userId, userId),
        ),
      ),
  );
}

/** For a query over `apps`: the user is on a team the row's app is published to. */
function inTargetTeam(tx: Tx, userId: string) {
  return exists(
    tx
      .select({ one: sql`1` })
      .from(appTeams)
      .innerJoin(
        teamMembers,
        and(
          eq(teamMembers.workspaceId, appTeams.workspaceId),
          eq(teamMembers.teamId, appTeams.teamId),
        ),
      )
      .where(
        and(
          eq(appTeams.workspaceId, apps.workspaceId),
          eq(appTeams.appId, apps.id),
          eq(teamMembers.userId, userId),
        ),
      ),
  );
}

/**
 * The caller's access to one app, or NOT_FOUND. One prepared statement, sent as soon as this is
 * called (no query building on every request): the data router sends a call's own statement right
 * behind it (src/data/router.ts).
 */
export async function appAccess(tx: Tx, actor: Actor, appId: string): Promise<AccessibleApp> {
  const [row] = await rawOf(tx)`
    select a.id, a.name, a.description, a.created_by, a.published_version_id, a.created_at,
      a.updated_at,
      exists (select 1 from app_collaborators c
        where c.workspace_id = a.workspace_id and c.app_id = a.id and c.user_id = ${actor.userId})
        as collaborator,
      exists (select 1 from app_teams t
        join team_members m on m.workspace_id = t.workspace_id and m.team_id = t.team_id
        where t.workspace_id = a.workspace_id and t.app_id = a.id and m.user_id = ${actor.userId})
        as team_member
    from apps a where a.workspace_id = ${actor.workspaceId} and a.id = ${appId}`;
  if (!row) throw notFound("App");
  const app = {
    id: row.id as string,
    name: row.name as string,
    description: row.description as string,
    createdBy: row.created_by as string | null,
    publishedVersionId: row.published_version_id as string | null,
    createdAt: new Date(row.created_at as string),
    updatedAt: new Date(row.updated_at as string),
  };
  if (isPlatform(actor) || app.createdBy === actor.userId || row.collaborator) {
    return { ...app, access: "maker" };
  }
  if (app.publishedVersionId && row.team_member) return { ...app, access: "viewer" };
  throw notFound("App");
}

/** A maker's view of the app (draft, chat, review, integrations); viewers and others: NOT_FOUND. */
export async function requireMaker(tx: Tx, actor: Actor, appId: string) {
  const app = await appAccess(tx, actor, appId);
  if (app.access !== "maker") throw notFound("App");
  return app;
}

/** Anyone who may open the app at all: makers, and viewers of its published version. */
export const requireViewer = appAccess;

/** Draft data and runs belong to makers; the published scope is open to viewers too. */
export function requireScope(tx: Tx, actor: Actor, appId: string, scope: "draft" | "published") {
  return scope === "draft" ? requireMaker(tx, actor, appId) : requireViewer(tx, actor, appId);
}

/** The build of the app's published version, or null while it has none. */
export async function publishedBuildId(tx: Tx, actor: Actor, app: AccessibleApp) {
  if (!app.publishedVersionId) return null;
  const [version] = await tx
    .select({ buildId: appVersions.buildId })
    .from(appVersions)
    .where(
      and(
        eq(appVersions.workspaceId, actor.workspaceId),
        eq(appVersions.appId, app.id),
        eq(appVersions.id, app.publishedVersionId),
      ),
    );
  return version?.buildId ?? null;
}

/** The published version's agents payload and approval mode, for viewers of the app. */
export async function publishedAgents(tx: Tx, actor: Actor, app: AccessibleApp) {
  if (!app.publishedVersionId) return null;
  const [version] = await tx
    .select({ payload: appVersions.agentsPayload, mode: appVersions.agentsMode })
    .from(appVersions)
    .where(
      and(
        eq(appVersions.workspaceId, actor.workspaceId),
        eq(appVersions.appId, app.id),
        eq(appVersions.id, app.publishedVersionId),
      ),
    );
  return version ?? null;
}

/**
 * Whether the actor may load one build's preview: a maker of its app may load any of its builds;
 * a viewer only the build of the app's published version.
 */
export async function mayViewBuild(tx: Tx, actor: Actor, buildId: string): Promise<boolean> {
  const [build] = await tx
    .select({ appId: appBuilds.appId })
    .from(appBuilds)
    .where(and(eq(appBuilds.workspaceId, actor.workspaceId), eq(appBuilds.id, buildId)));
  if (!build) return false;
  let app: AccessibleApp;
  try {
    app = await appAccess(tx, actor, build.appId);
  } catch (err) {
    if (err instanceof ServiceError && err.code === "NOT_FOUND") return false;
    throw err;
  }
  return app.access === "maker" || (await publishedBuildId(tx, actor, app)) === buildId;
}

/** Every app the actor may open, newest first, each with the caller's access. */
export async function visibleApps(tx: Tx, actor: Actor): Promise<AccessibleApp[]> {
  const collaborator = isCollaborator(tx, actor.userId);
  const teamMember = inTargetTeam(tx, actor.userId);
  const inWorkspace = eq(apps.workspaceId, actor.workspaceId);
  if (isPlatform(actor)) {
    const rows = await tx
      .select(columns)
      .from(apps)
      .where(inWorkspace)
      .orderBy(desc(apps.createdAt));
    return rows.map((r) => ({ ...r, access: "maker" as const }));
  }
  const maker = or(eq(apps.createdBy, actor.userId), collaborator)!;
  const rows = await tx
    .select({ ...columns, maker: sql<boolean>`${maker}` })
    .from(apps)
    .where(and(inWorkspace, or(maker, and(isNotNull(apps.publishedVersionId), teamMember))))
    .orderBy(desc(apps.createdAt));
  return rows.map(({ maker, ...r }) => ({ ...r, access: maker ? "maker" : "viewer" }));
}

/** Runs `check`, answering its NOT_FOUND as `what` not found (a run, a build) instead of the app. */
export async function hidingAs<T>(what: string, check: Promise<T>): Promise<T> {
  try {
    return await check;
  } catch (err) {
    if (err instanceof ServiceError && err.code === "NOT_FOUND") throw notFound(what);
    throw err;
  }
}
