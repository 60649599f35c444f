import { and, desc, eq, inArray } from "drizzle-orm";
import { appBuilds, appSnapshots, apps, appVersions, type FileEntry, teams } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { canonicalAgents } from "../agents/canonical";
import { MAX_VIEW_BYTES } from "../builds/builds";
import { storedText } from "../builds/current-file";
import { ServiceError } from "../errors";
import { AGENTS_FILE, parseAgentsFile } from "../sdk/agents";
import { COLLECTIONS_FILE } from "../sdk/collections";

/** A succeeded build with its source snapshot: what a version pins. */
export interface PinnedBuild {
  buildId: string;
  snapshotId: string;
  sourceHash: string;
  files: FileEntry[];
  createdAt: Date;
}

const pinned = {
  buildId: appBuilds.id,
  snapshotId: appSnapshots.id,
  sourceHash: appSnapshots.sourceHash,
  files: appSnapshots.files,
  createdAt: appBuilds.createdAt,
};

function buildsOf(tx: Tx, workspaceId: string, appId: string) {
  return tx
    .select(pinned)
    .from(appBuilds)
    .innerJoin(
      appSnapshots,
      and(
        eq(appSnapshots.workspaceId, appBuilds.workspaceId),
        eq(appSnapshots.id, appBuilds.snapshotId),
      ),
    )
    .where(
      and(
        eq(appBuilds.workspaceId, workspaceId),
        eq(appBuilds.appId, appId),
        eq(appBuilds.status, "succeeded"),
      ),
    )
    .$dynamic();
}

/** The draft: the app's current build (the one its preview serves), or null before the first. */
export async function draftBuild(tx: Tx, workspaceId: string, appId: string) {
  const [row] = await buildsOf(tx, workspaceId, appId).orderBy(desc(appBuilds.createdAt)).limit(1);
  return (row ?? null) as PinnedBuild | null;
}

/** One succeeded build of the app by id, or null. */
export async function buildById(tx: Tx, workspaceId: string, appId: string, buildId: string) {
  const [row] = await buildsOf(tx, workspaceId, appId).where(
    and(
      eq(appBuilds.workspaceId, workspaceId),
      eq(appBuilds.appId, appId),
      eq(appBuilds.status, "succeeded"),
      eq(appBuilds.id, buildId),
    ),
  );
  return (row ?? null) as PinnedBuild | null;
}

export type VersionRow = typeof appVersions.$inferSelect;

/** The app's live version, or null while it is unpublished. `lock` orders against a publish. */
export async function publishedVersion(
  tx: Tx,
  workspaceId: string,
  appId: string,
  options: { lock?: boolean } = {},
): Promise<VersionRow | null> {
  const query = tx
    .select({ versionId: apps.publishedVersionId })
    .from(apps)
    .where(and(eq(apps.workspaceId, workspaceId), eq(apps.id, appId)));
  const [app] = options.lock ? await query.for("share") : await query;
  if (!app?.versionId) return null;
  const [version] = await tx
    .select()
    .from(appVersions)
    .where(
      and(
        eq(appVersions.workspaceId, workspaceId),
        eq(appVersions.appId, appId),
        eq(appVersions.id, app.versionId),
      ),
    );
  return version ?? null;
}

/** A root file of a pinned build as text; null when absent, too large or unreadable. */
export async function rootFileText(tx: Tx, workspaceId: string, build: PinnedBuild, path: string) {
  const entry = build.files.find((f) => f.path === path);
  if (!entry || entry.size > MAX_VIEW_BYTES) return null;
  return storedText(tx, workspaceId, entry);
}

export interface PinnedAgents {
  hash: string;
  payload: Record<string, unknown>;
}

/** agents.json of a build, canonicalised; null without one. An invalid file is a VALIDATION error. */
export async function agentsOfBuild(
  tx: Tx,
  workspaceId: string,
  build: PinnedBuild,
): Promise<PinnedAgents | null> {
  if (!build.files.some((f) => f.path === AGENTS_FILE)) return null;
  const text = await rootFileText(tx, workspaceId, build, AGENTS_FILE);
  if (text === null)
    throw new ServiceError(
      "VALIDATION",
      `${AGENTS_FILE} is too large to publish; make it smaller.`,
    );
  const parsed = parseAgentsFile(text);
  if (!parsed.ok)
    throw new ServiceError(
      "VALIDATION",
      `${AGENTS_FILE} is not valid — ${parsed.problems[0]}. Fix it in the builder, then publish.`,
    );
  return canonicalAgents(parsed.file);
}

/** collections.json of a build as the file holds it (types and access rules); null without one. */
export async function collectionsOfBuild(tx: Tx, workspaceId: string, build: PinnedBuild) {
  const text = await rootFileText(tx, workspaceId, build, COLLECTIONS_FILE);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The teams of the workspace among `ids`, by name. */
export async function teamsByIds(tx: Tx, workspaceId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return tx
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, [...ids])))
    .orderBy(teams.name);
}
