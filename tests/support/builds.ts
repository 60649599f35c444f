import { afterAll, expect } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, type Database } from "../../db/client";
import { createLogger } from "../../src/log";
import { LiveNotifier } from "../../src/realtime/hub";
import type { RunEvent } from "../../worker/agent/events";
import { approvalReply, runAgentLoop } from "../../worker/agent/loop";
import { AppDeps } from "../../worker/build/deps";
import {
  type BuildContext,
  type BuildServices,
  buildAndSave,
  createBuildServices,
} from "../../worker/build/service";
import { prepareAppWorkspace } from "../../worker/build/workspace";
import { createOfflineProvider } from "../../worker/providers/offline";
import type { ProviderMessage } from "../../worker/providers/types";
import { allBuilderTools, approvalStopToolNames } from "../../worker/tools/builder-specs";
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

/** `messages` with the user's next message after them. */
export const userSays = (messages: ProviderMessage[], text: string): ProviderMessage[] => [
  ...messages,
  { role: "user", content: [{ type: "text", text }] },
];

/** The offline builder's loop on a worker's workspace, set up as a builder run sets it up. */
export function offlineBuilder(w: { root: string; services: BuildServices }) {
  const base = {
    provider: createOfflineProvider(),
    model: "offline-builder",
    system: "",
    tools: allBuilderTools,
    toolContext: { root: w.root, build: w.services },
    maxTurns: 12,
    approvalTools: approvalStopToolNames,
    emit: () => {},
  };
  const run = (messages: ProviderMessage[]) => runAgentLoop({ ...base, messages });
  return {
    run,
    /** Plans from `messages`, approves the plan and runs on to the next stop: both results. */
    async planAndBuild(messages: ProviderMessage[]) {
      const planned = await run(messages);
      expect(planned.status).toBe("awaiting_approval");
      const reply = approvalReply(planned.pendingToolResults ?? [], [
        { toolCallId: planned.approvals![0]!.toolCallId, answer: "Approved." },
      ]);
      const built = await run([...planned.messages, reply]);
      return { planned, built };
    },
  };
}
