import { and, eq, exists, sql } from "drizzle-orm";
import { appCollaborators, apps, appTeams, teamMembers } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import type { Actor } from "../context";
import { notFound } from "../errors";

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

/** The caller's access to one app, or NOT_FOUND. */
export async function appAccess(tx: Tx, actor: Actor, appId: string): Promise<AccessibleApp> {
  const [row] = await tx
    .select({
      ...columns,
      collaborator: exists(
        tx
          .select({ one: sql`1` })
          .from(appCollaborators)
          .where(
            and(
              eq(appCollaborators.workspaceId, apps.workspaceId),
              eq(appCollaborators.appId, apps.id),
              eq(appCollaborators.userId, actor.userId),
            ),
          ),
      ),
      teamMember: exists(
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
              eq(teamMembers.userId, actor.userId),
            ),
          ),
      ),
    })
    .from(apps)
    .where(and(eq(apps.workspaceId, actor.workspaceId), eq(apps.id, appId)));
  if (!row) throw notFound("App");
  const { collaborator, teamMember, ...app } = row;
  if (isPlatform(actor) || app.createdBy === actor.userId || collaborator) {
    return { ...app, access: "maker" };
  }
  if (app.publishedVersionId && teamMember) return { ...app, access: "viewer" };
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
