import { publishedBuildId, requireViewer } from "../apps/access";
import type { TenantCtx } from "../context";
import { scopeCollections } from "../data/rules";
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

/**
 * The collections the app's current build declares, for the data explorer. A viewer of the
 * published app gets the published version's collections.json instead, never the draft's.
 */
export async function currentCollections(
  { tx, actor }: TenantCtx,
  appId: string,
): Promise<DeclaredCollections> {
  const app = await requireViewer(tx, actor, appId);
  if (app.access === "viewer")
    return {
      buildId: await publishedBuildId(tx, actor, app),
      declared: await scopeCollections(tx, actor, appId, "published"),
      problems: [],
    };
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
