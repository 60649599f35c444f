import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agentRuns } from "../../db/schema";
import { withTenant } from "../../db/tenant";
import type { Config } from "../../src/config";
import type { Logger } from "../../src/log";
import type { LiveNotifier } from "../../src/realtime/hub";
import { appendRunEvents, type RunEventInput } from "../../src/runs/events";
import { costMicros, type ProviderName } from "../../src/runs/models";
import { coalesceDeltas } from "../agent/coalesce";
import type { RunEvent } from "../agent/events";
import { runAgentLoop } from "../agent/loop";
import type { AppDeps } from "../build/deps";
import { createBuildServices } from "../build/service";
import { prepareAppWorkspace } from "../build/workspace";
import { createAnthropicProvider } from "../providers/anthropic";
import { createOfflineProvider } from "../providers/offline";
import type { ProviderMessage } from "../providers/types";
import { allBuilderTools, approvalStopToolNames } from "../tools/builder-specs";
import { BUILDER_SYSTEM_PROMPT } from "./prompt";

export const BUILDER_MAX_TURNS = 60;
const STOP_POLL_MS = 400;

export interface BuilderRunDeps {
  config: Config;
  db: Database;
  notifier: LiveNotifier;
  log: Logger;
  appDeps: AppDeps;
  /** Schedules sealing of audit rows the run wrote. */
  audited?: (workspaceId: string) => void;
}

type Run = typeof agentRuns.$inferSelect;

/** A loop event as a stored run event: its type beside its fields. */
function stored(event: RunEvent): RunEventInput {
  const { type, ...data } = event;
  return { type, data };
}

function providerFor(config: Config, run: Run) {
  if (run.provider === "anthropic") {
    if (!config.anthropic)
      throw new Error("The anthropic provider is not configured on this worker.");
    return createAnthropicProvider(config.anthropic);
  }
  return createOfflineProvider();
}

/** Runs one builder job: the agent loop over the run's transcript, persisting every event. */
export async function processBuilderRun(
  deps: BuilderRunDeps,
  job: { workspaceId: string; runId: string },
) {
  const { db, notifier } = deps;
  const { workspaceId, runId } = job;
  const scope = { workspaceId };
  const update = (values: Partial<Run>, events: RunEventInput[] = []) =>
    withTenant(db.db, scope, async (tx) => {
      await tx
        .update(agentRuns)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(agentRuns.workspaceId, workspaceId), eq(agentRuns.id, runId)));
      await appendRunEvents(tx, workspaceId, runId, events);
    }).then(() => notifier.changed(workspaceId));

  const [run] = await withTenant(db.db, scope, (tx) =>
    tx
      .select()
      .from(agentRuns)
      .where(and(eq(agentRuns.workspaceId, workspaceId), eq(agentRuns.id, runId))),
  );
  if (!run || (run.status !== "pending" && run.status !== "running")) return { skipped: true };
  if (run.status === "running") {
    // A worker died mid-run. Its tool steps may have happened; don't repeat them blindly.
    const message = "The worker running this build stopped unexpectedly. Try again to continue.";
    await update(
      {
        status: "failed",
        failureCode: "worker_lost",
        failureMessage: message,
        finishedAt: new Date(),
      },
      [{ type: "status", data: { status: "failed", failureCode: "worker_lost", message } }],
    );
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
  const poll = setInterval(() => {
    void withTenant(db.db, scope, (tx) =>
      tx
        .select({ stop: agentRuns.stopRequested })
        .from(agentRuns)
        .where(and(eq(agentRuns.workspaceId, workspaceId), eq(agentRuns.id, runId))),
    )
      .then(([r]) => r?.stop && abort.abort())
      .catch(() => {});
  }, STOP_POLL_MS);
  const coalescer = coalesceDeltas((event) =>
    withTenant(db.db, scope, (tx) => appendRunEvents(tx, workspaceId, runId, [stored(event)])).then(
      () => notifier.changed(workspaceId),
    ),
  );
  try {
    const result = await runAgentLoop({
      provider: providerFor(deps.config, run),
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
    const u = result.usage;
    await update(
      {
        status: result.status,
        transcript: result.messages,
        pending:
          result.status === "awaiting_approval"
            ? { approvals: result.approvals ?? [], toolResults: result.pendingToolResults ?? [] }
            : null,
        failureCode: result.failure?.code ?? null,
        failureMessage: result.failure?.message ?? null,
        inputTokens: u.inputTokens,
        outputTokens: u.outputTokens,
        cacheReadTokens: u.cacheReadTokens,
        cacheWriteTokens: u.cacheWriteTokens,
        costMicros: costMicros(run.provider as ProviderName, run.model, u),
        finishedAt: result.status === "awaiting_approval" ? null : new Date(),
      },
      [{ type: "status", data: { status: result.status, ...(result.failure ?? {}) } }],
    );
    return { status: result.status };
  } finally {
    clearInterval(poll);
  }
}
