import { and, desc, eq } from "drizzle-orm";
import { appBuilds, appSnapshots } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import type { Actor } from "../context";
import { MAX_VIEW_BYTES } from "./builds";
import { readBlobs } from "./store";

export type CurrentFile =
  | { buildId: null }
  | { buildId: string; text: string | null; tooLarge?: true };

/** The app's current build (the one its preview serves) and its file list; null before the first. */
export async function currentBuild(tx: Tx, actor: Actor, appId: string) {
  const [row] = await tx
    .select({ build: appBuilds, files: appSnapshots.files })
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
        eq(appBuilds.workspaceId, actor.workspaceId),
        eq(appBuilds.appId, appId),
        eq(appBuilds.status, "succeeded"),
      ),
    )
    .orderBy(desc(appBuilds.createdAt))
    .limit(1);
  return row ?? null;
}

/** A stored file's text, or null when the entry or its blob is missing. */
export async function storedText(tx: Tx, workspaceId: string, entry: { hash: string } | undefined) {
  if (!entry) return null;
  const blob = (await readBlobs(tx, workspaceId, [entry.hash])).get(entry.hash);
  return blob ? Buffer.from(blob).toString("utf8") : null;
}

/** Where one root file of the app's current build (its preview) is stored; no content read. */
export async function currentBuildEntry(tx: Tx, actor: Actor, appId: string, path: string) {
  const current = await currentBuild(tx, actor, appId);
  if (!current) return null;
  return { buildId: current.build.id, entry: current.files.find((f) => f.path === path) ?? null };
}

/** One root file of the app's current build (its preview), as text; the app must be checked first. */
export async function currentBuildFile(
  tx: Tx,
  actor: Actor,
  appId: string,
  path: string,
): Promise<CurrentFile> {
  const current = await currentBuildEntry(tx, actor, appId, path);
  if (!current) return { buildId: null };
  const { buildId, entry } = current;
  if (!entry) return { buildId, text: null };
  if (entry.size > MAX_VIEW_BYTES) return { buildId, text: null, tooLarge: true };
  return { buildId, text: await storedText(tx, actor.workspaceId, entry) };
}
