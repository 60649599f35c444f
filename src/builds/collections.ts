import { requireApp } from "../apps/apps";
import type { TenantCtx } from "../context";
import { COLLECTIONS_FILE, type CollectionsFile, parseCollectionsFile } from "../sdk/collections";
import { currentBuildFile } from "./current-file";

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
  const current = await currentBuildFile(tx, actor, appId, COLLECTIONS_FILE);
  if (current.buildId === null) return { buildId: null, declared: null, problems: [] };
  const { buildId } = current;
  if (current.tooLarge)
    return { buildId, declared: null, problems: [`${COLLECTIONS_FILE} is too large`] };
  if (current.text === null) return { buildId, declared: null, problems: [] };
  const parsed = parseCollectionsFile(current.text);
  return parsed.ok
    ? { buildId, declared: parsed.file, problems: [] }
    : { buildId, declared: null, problems: parsed.problems };
}
