import { createHash } from "node:crypto";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { insertBuild, insertSnapshot, putBlobs } from "../../src/builds/store";
import type { TestDatabase } from "./db";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/**
 * Stores a succeeded build whose files are also its artifacts (so its preview link serves
 * index.html), as done_building would after bundling. Returns the build and snapshot ids.
 */
export async function storeServedBuild(
  db: TestDatabase,
  scope: { workspaceId: string; appId: string },
  files: Record<string, string>,
) {
  const stored = Object.entries(files).map(([path, text]) => {
    const content = new TextEncoder().encode(text);
    return { path, content, hash: sha256(content), size: content.length };
  });
  const manifest = stored.map(({ path, hash, size }) => ({ path, hash, size }));
  const database = createDatabase(db.appUrl, { max: 1 });
  try {
    return await withTenant(database.db, { workspaceId: scope.workspaceId }, async (tx) => {
      await putBlobs(tx, scope.workspaceId, stored);
      const snapshotId = await insertSnapshot(tx, {
        ...scope,
        runId: null,
        createdBy: null,
        files: manifest,
        sourceHash: sha256(new TextEncoder().encode(JSON.stringify(manifest))),
      });
      const buildId = await insertBuild(tx, {
        ...scope,
        runId: null,
        snapshotId,
        status: "succeeded",
        summary: "test build",
        problems: [],
        artifacts: manifest,
        typecheckMs: 0,
        buildMs: 0,
        totalMs: 0,
      });
      return { buildId, snapshotId };
    });
  } finally {
    await database.close();
  }
}
