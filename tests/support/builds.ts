import { afterAll } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, type Database } from "../../db/client";
import { createLogger } from "../../src/log";
import { LiveNotifier } from "../../src/realtime/hub";
import type { RunEvent } from "../../worker/agent/events";
import { AppDeps } from "../../worker/build/deps";
import { type BuildContext, buildAndSave, createBuildServices } from "../../worker/build/service";
import { prepareAppWorkspace } from "../../worker/build/workspace";
import type { TestDatabase } from "./db";

/**
 * The worker's build path against a test database: a runtime-role connection, a real notifier,
 * a shared dependency folder and a workspaces folder per "worker" (each a fresh temp dir).
 */
export function setupBuilds(db: () => TestDatabase) {
  let database: Database | undefined;
  let notifier: LiveNotifier | undefined;
  let base: string | undefined;
  let deps: AppDeps | undefined;
  const log = createLogger("silent", "test");
  afterAll(async () => {
    notifier?.close();
    await database?.close();
    if (base) await rm(base, { recursive: true, force: true });
  });
  const ready = async () => {
    base ??= await mkdtemp(path.join(tmpdir(), "second-builds-"));
    database ??= createDatabase(db().appUrl, { max: 3 });
    notifier ??= new LiveNotifier(database.sql, null, log);
    deps ??= new AppDeps(path.join(base, "deps"));
    await deps.setup();
    return { database, notifier, deps, base };
  };
  return {
    /** A worker's view of one app: prepare its workspace, then build it like done_building. */
    async worker(
      scope: { workspaceId: string; appId: string; userId: string },
      name = "w1",
      extra: Partial<
        Pick<BuildContext, "runId" | "signal" | "stop" | "approvalStale" | "oauthRevoke">
      > = {},
    ) {
      const { database, notifier, deps, base } = await ready();
      const workspacesDir = path.join(base, name);
      const prepare = () => prepareAppWorkspace({ db: database, deps, workspacesDir }, scope);
      const prepared = await prepare();
      const events: RunEvent[] = [];
      const ctx: BuildContext = {
        db: database,
        deps,
        notifier,
        workspaceId: scope.workspaceId,
        appId: scope.appId,
        runId: null,
        userId: scope.userId,
        root: prepared.root,
        emit: (e) => {
          events.push(e);
        },
        restore: () => prepare().then(() => {}),
        ...extra,
      };
      return {
        ...prepared,
        events,
        prepare,
        build: (summary = "A version") => buildAndSave(ctx, summary),
        services: createBuildServices(ctx),
        file: (rel: string) => path.join(prepared.root, rel),
      };
    },
  };
}
