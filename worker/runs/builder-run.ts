import type { Database } from "../../db/client";
import type { Config } from "../../src/config";
import { executorOptionsOf } from "../../src/integrations/executor";
import type { Logger } from "../../src/log";
import type { LiveNotifier } from "../../src/realtime/hub";
import { runAgentLoop } from "../agent/loop";
import type { AppDeps } from "../build/deps";
import { createBuildServices } from "../build/service";
import { prepareAppWorkspace } from "../build/workspace";
import { createOfflineProvider } from "../providers/offline";
import type { ProviderMessage } from "../providers/types";
import { allBuilderTools, approvalStopToolNames } from "../tools/builder-specs";
import { BUILDER_SYSTEM_PROMPT } from "./prompt";
import { loopOutcome, providerFor, runIO, workerLost } from "./run-io";

export const BUILDER_MAX_TURNS = 60;

export interface BuilderRunDeps {
  config: Config;
  db: Database;
  notifier: LiveNotifier;
  log: Logger;
  appDeps: AppDeps;
  /** Schedules sealing of audit rows the run wrote. */
  audited?: (workspaceId: string) => void;
  /** A build made the app's agents approval stale: retire its schedules. */
  approvalStale?: (target: { workspaceId: string; appId: string }) => Promise<void>;
}

/** Runs one builder job: the agent loop over the run's transcript, persisting every event. */
export async function processBuilderRun(
  deps: BuilderRunDeps,
  job: { workspaceId: string; runId: string },
) {
  const { db, notifier } = deps;
  const { workspaceId, runId } = job;
  const io = runIO(db, notifier, workspaceId, runId);
  const update = io.update;

  const run = await io.read();
  if (!run || (run.status !== "pending" && run.status !== "running")) return { skipped: true };
  if (run.status === "running") {
    // A worker died mid-run. Its tool steps may have happened; don't repeat them blindly.
    const lost = workerLost("build");
    await update(lost.values, lost.events);
    return { status: "failed" };
  }
  if (run.stopRequested) {
    await update({ status: "stopped", finishedAt: new Date() }, [
      { type: "status", data: { status: "stopped" } },
    ]);
    return { status: "stopped" };
  }
  await update({ status: "running", startedAt: new Date() }, [
    { type: "status", data: { status: "running" } },
  ]);

  const workspace = { db, deps: deps.appDeps, workspacesDir: deps.config.workspacesDir };
  const appScope = { workspaceId, appId: run.appId };
  await deps.appDeps.setup();
  const { root } = await prepareAppWorkspace(workspace, appScope);
  const abort = new AbortController();
  const stopPolling = io.pollStop(abort);
  const coalescer = io.events();
  try {
    const result = await runAgentLoop({
      provider: providerFor(deps.config, run, createOfflineProvider),
      model: run.model,
      system: BUILDER_SYSTEM_PROMPT,
      messages: run.transcript as ProviderMessage[],
      tools: allBuilderTools,
      toolContext: {
        root,
        build: createBuildServices({
          db,
          deps: deps.appDeps,
          notifier,
          audited: deps.audited,
          approvalStale: deps.approvalStale,
          oauthRevoke: {
            db,
            keys: deps.config.masterKeys,
            options: executorOptionsOf(deps.config),
            ...(deps.audited ? { audited: deps.audited } : {}),
          },
          workspaceId,
          appId: run.appId,
          runId,
          userId: run.createdBy,
          root,
          emit: coalescer.emit,
          restore: () => prepareAppWorkspace(workspace, appScope).then(() => {}),
          signal: abort.signal,
          stop: () => abort.abort(),
        }),
      },
      maxTurns: BUILDER_MAX_TURNS,
      approvalTools: approvalStopToolNames,
      emit: coalescer.emit,
      signal: abort.signal,
    });
    await coalescer.close();
    const outcome = loopOutcome(deps.config, run, result);
    // The code only: a provider's message may quote the request (or, echoed, a key).
    if (result.failure)
      deps.log.warn("builder run failed", { workspaceId, runId, code: result.failure.code });
    await update(
      {
        ...outcome.values,
        pending:
          result.status === "awaiting_approval"
            ? { approvals: result.approvals ?? [], toolResults: result.pendingToolResults ?? [] }
            : null,
        finishedAt: result.status === "awaiting_approval" ? null : new Date(),
      },
      outcome.events,
    );
    return { status: result.status };
  } finally {
    stopPolling();
  }
}
