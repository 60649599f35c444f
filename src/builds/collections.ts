import { and, desc, eq } from "drizzle-orm";
import { appBuilds, appSnapshots } from "../../db/schema";
import { requireApp } from "../apps/apps";
import type { TenantCtx } from "../context";
import { COLLECTIONS_FILE, type CollectionsFile, parseCollectionsFile } from "../sdk/collections";
import { MAX_VIEW_BYTES } from "./builds";
import { readBlobs } from "./store";

export interface DeclaredCollections {
  /** The build whose collections.json this is: the app's current preview. */
  buildId: string | null;
  /** Null when there is no build yet, or the app declares no collections.json. */
  declared: CollectionsFile | null;
  /** Why a file that is there could not be used (only builds older than the check have these). */
  problems: string[];
}

/** The collections the app's current build declares, for the data explorer. */
export async function currentCollections(
  { tx, actor }: TenantCtx,
  appId: string,
): Promise<DeclaredCollections> {
  await requireApp(tx, actor, appId);
  const [current] = await tx
    .select({ id: appBuilds.id, files: appSnapshots.files })
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
  if (!current) return { buildId: null, declared: null, problems: [] };
  const entry = current.files.find((f) => f.path === COLLECTIONS_FILE);
  if (!entry) return { buildId: current.id, declared: null, problems: [] };
  if (entry.size > MAX_VIEW_BYTES) {
    return { buildId: current.id, declared: null, problems: [`${COLLECTIONS_FILE} is too large`] };
  }
  const blob = (await readBlobs(tx, actor.workspaceId, [entry.hash])).get(entry.hash);
  if (!blob) return { buildId: current.id, declared: null, problems: [] };
  const parsed = parseCollectionsFile(Buffer.from(blob).toString("utf8"));
  return parsed.ok
    ? { buildId: current.id, declared: parsed.file, problems: [] }
    : { buildId: current.id, declared: null, problems: parsed.problems };
}
