// Builds hand-written source into an app through the worker's real build path, for browser tests
// that need an app the offline builder would never write (e.g. one that misbehaves on purpose).
// Usage: bun tests/e2e/seed-build.ts <workspaceId> <appId> <sourceDir>
import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { createDatabase } from "../../db/client";
import { createLogger } from "../../src/log";
import { LiveNotifier } from "../../src/realtime/hub";
import { AppDeps } from "../../worker/build/deps";
import { buildAndSave } from "../../worker/build/service";
import { prepareAppWorkspace } from "../../worker/build/workspace";

const [workspaceId, appId, sourceDir] = process.argv.slice(2);
if (!workspaceId || !appId || !sourceDir)
  throw new Error("usage: <workspaceId> <appId> <sourceDir>");
const env = JSON.parse(await readFile("test-results/e2e-env.json", "utf8"));
const db = createDatabase(env.appUrl, { max: 2 });
const notifier = new LiveNotifier(db.sql, null, createLogger("silent", "seed"));
try {
  const deps = new AppDeps(".data/app-deps");
  await deps.setup();
  const scope = { workspaceId, appId };
  const { root } = await prepareAppWorkspace(
    { db, deps, workspacesDir: path.join(env.workspacesDir, "seeded") },
    scope,
  );
  await cp(sourceDir, root, { recursive: true });
  const outcome = await buildAndSave(
    { db, deps, notifier, ...scope, runId: null, userId: null, root, emit: () => {} },
    "Seeded by a browser test",
  );
  if (outcome.status !== "succeeded") throw new Error(JSON.stringify(outcome.problems));
  console.log(outcome.buildId);
} finally {
  notifier.close();
  await db.close();
}
