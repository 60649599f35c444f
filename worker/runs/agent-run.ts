import { and, count, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agentRuns, appAgentRuns } from "../../db/schema";
import { rawOf, withTenant } from "../../db/tenant";
import type { RepairDeps } from "../../src/agents/repair";
import { approvedAgentNow } from "../../src/agents/run-approval";
import { AGENT_RUN_LIMITS, type AgentRunDeps, type AgentTriggerRef } from "../../src/agents/runs";
import { recordAudit } from "../../src/audit/record";
import { currentBuildFile } from "../../src/builds/current-file";
import type { Config } from "../../src/config";
import type { Actor } from "../../src/context";
import { executorOptionsOf } from "../../src/integrations/executor";
import { resolveToolCredentials } from "../../src/integrations/grants";
import { publishedVersion } from "../../src/publishing/store";
import type { LiveNotifier } from "../../src/realtime/hub";
import { appendRunEvents, type RunEventInput } from "../../src/runs/events";
import { COLLECTIONS_FILE, parseCollectionsFile } from "../../src/sdk/collections";
import { runAgentLoop } from "../agent/loop";
import { type AgentToolContext, agentActor } from "../agent-tools/context";
import { agentToolsFor, unofferedTool } from "../agent-tools/index";
import type { CredentialsResolver } from "../agent-tools/outbound";
import { createOfflineAgentProvider } from "../providers/offline-agent";
import type { ProviderMessage } from "../providers/types";
import { agentFirstMessage, agentSystemPrompt, collectionBriefs } from "./agent-prompt";
import { loopOutcome, providerFor, type Run, runIO, workerLost } from "./run-io";

export interface AgentRunWorkerDeps {
  config: Config;
  db: Database;
  notifier: LiveNotifier;
  audited?: (workspaceId: string) => void;
  /** The app's grants and secrets for a custom tool; the app's own grants unless given. */
  credentials?: CredentialsResolver;
  /** Running runs allowed per workspace; AGENT_RUN_LIMITS.runningPerWorkspace unless set. */
  runningPerWorkspace?: number;
  /** For the runs this run's writes trigger. */
  agentRuns?: AgentRunDeps;
  /** For the builder's repair runs the agent's failure reports start; none without it. */
  repairs?: RepairDeps;
}

export type AgentRunOutcome =
  | { skipped: true }
  | { status: string }
  /** Every slot of the workspace is taken: put the job back to wait this long. */
  | { waitMs: number };

const SLOT_WAIT_MS = 250;

type Begin =
  | { kind: "skip" }
  | { kind: "ended"; status: "failed" | "stopped" }
  | { kind: "wait" }
  | { kind: "claimed"; run: Run };

/**
 * One transaction decides what a delivered job does: nothing (the run is gone or over), end the
 * run (its worker died while it ran; stopped while it waited), wait (the workspace's slots are
 * taken), or start it. Claims of one workspace take turns (advisory lock), so two workers cannot
 * both take its last slot.
 */
async function begin(deps: AgentRunWorkerDeps, workspaceId: string, runId: string) {
  const limit = deps.runningPerWorkspace ?? AGENT_RUN_LIMITS.runningPerWorkspace;
  const byId = and(eq(agentRuns.workspaceId, workspaceId), eq(agentRuns.id, runId));
  const out = await withTenant(deps.db.db, { workspaceId }, async (tx): Promise<Begin> => {
    const [run] = await tx.select().from(agentRuns).where(byId).for("update");
    if (run?.kind !== "agent") return { kind: "skip" };
    const set = async (values: Partial<Run>, events: RunEventInput[]) => {
      await tx
        .update(agentRuns)
        .set({ ...values, updatedAt: new Date() })
        .where(byId);
      await appendRunEvents(tx, workspaceId, runId, events);
    };
    if (run.status === "running") {
      const lost = workerLost("agent run");
      await set(lost.values, lost.events);
      return { kind: "ended", status: "failed" };
    }
    if (run.status !== "pending") return { kind: "skip" };
    if (run.stopRequested) {
      await set({ status: "stopped", finishedAt: new Date() }, [
        { type: "status", data: { status: "stopped" } },
      ]);
      return { kind: "ended", status: "stopped" };
    }
    await rawOf(
      tx,
    )`select pg_advisory_xact_lock(hashtextextended(${`agent-slots:${workspaceId}`}, 0))`;
    const [running] = await tx
      .select({ n: count() })
      .from(agentRuns)
      .where(
        and(
          eq(agentRuns.workspaceId, workspaceId),
          eq(agentRuns.kind, "agent"),
          eq(agentRuns.status, "running"),
        ),
      );
    if ((running?.n ?? 0) >= limit) return { kind: "wait" };
    await set({ status: "running", startedAt: new Date() }, [
      { type: "status", data: { status: "running" } },
    ]);
    return { kind: "claimed", run };
  });
  if (out.kind === "ended" || out.kind === "claimed") deps.notifier.changed(workspaceId);
  return out;
}

/** The final assistant text of the run: its result. */
function resultText(messages: ProviderMessage[]): string | null {
  const last = [...messages].reverse().find((m) => m.role === "assistant");
  if (last?.role !== "assistant") return null;
  const text = last.content
    .map((p) => (p.type === "text" ? p.text : ""))
    .join("")
    .trim();
  return text ? text.slice(0, AGENT_RUN_LIMITS.resultChars) : null;
}

/**
 * Runs one app agent job. A re-delivered job whose run is already running (its worker died) ends
 * the run as worker_lost and runs nothing: no tool step of a run is ever executed twice.
 */
export async function processAgentRun(
  deps: AgentRunWorkerDeps,
  job: { workspaceId: string; runId: string },
): Promise<AgentRunOutcome> {
  const { db, notifier } = deps;
  const { workspaceId, runId } = job;
  const io = runIO(db, notifier, workspaceId, runId);
  const claim = await begin(deps, workspaceId, runId);
  if (claim.kind === "skip") return { skipped: true };
  if (claim.kind === "ended") return { status: claim.status };
  if (claim.kind === "wait") return { waitMs: SLOT_WAIT_MS + Math.floor(Math.random() * 100) };
  const run = claim.run;

  const [details, approval, collectionsText] = await withTenant(
    db.db,
    { workspaceId },
    async (tx) => {
      const [row] = await tx
        .select()
        .from(appAgentRuns)
        .where(and(eq(appAgentRuns.workspaceId, workspaceId), eq(appAgentRuns.runId, runId)));
      const approved = await approvedAgentNow(tx, { workspaceId }, run.appId, row?.agentId ?? "", {
        scope: row?.scope,
      });
      // A published run's collections are the live version's, as published.
      if (row?.scope === "published") {
        const live = await publishedVersion(tx, workspaceId, run.appId);
        return [
          row,
          approved,
          live?.collections ? JSON.stringify(live.collections) : null,
        ] as const;
      }
      const file = await currentBuildFile(
        tx,
        { workspaceId } as Actor,
        run.appId,
        COLLECTIONS_FILE,
      );
      return [row, approved, file.buildId ? file.text : null] as const;
    },
  );
  if (!details) return { skipped: true };
  const ctx: AgentToolContext = {
    db,
    notifier,
    audited: deps.audited,
    workspaceId,
    appId: run.appId,
    runId,
    agentId: details.agentId,
    agentName: details.agentName,
    triggeredBy: run.createdBy ?? null,
    scope: details.scope,
    emit: () => {},
    outbound: {
      options: executorOptionsOf(deps.config),
      credentials:
        deps.credentials ??
        ((tx, at) =>
          resolveToolCredentials(tx, deps.config.masterKeys, at, {
            db,
            options: executorOptionsOf(deps.config),
          })),
    },
    agentRuns: deps.agentRuns,
    repairs: deps.repairs,
  };
  if (!approval.ok) {
    // Approval changed between start and pickup: the run does nothing, and says why.
    const code = approval.reason === "none" ? "not_approved" : approval.reason;
    await withTenant(db.db, { workspaceId }, (tx) =>
      recordAudit(tx, agentActor(ctx), {
        action: "app_agent_run.refused",
        outcome: "denied",
        summary: `${details.agentName} did not run: ${code.replaceAll("_", " ")}`,
        target: { type: "run", id: runId, name: details.agentName },
        metadata: { appId: run.appId, agentId: details.agentId, reason: code },
      }),
    );
    deps.audited?.(workspaceId);
    await io.update(
      {
        status: "failed",
        failureCode: code,
        failureMessage: approval.message,
        finishedAt: new Date(),
      },
      [
        {
          type: "status",
          data: { status: "failed", failureCode: code, message: approval.message },
        },
      ],
    );
    return { status: "failed" };
  }

  const agent = approval.agent;
  const parsedCollections = collectionsText ? parseCollectionsFile(collectionsText) : null;
  const briefs = collectionBriefs(agent, parsedCollections?.ok ? parsedCollections.file : null);
  const abort = new AbortController();
  const stopPolling = io.pollStop(abort);
  const coalescer = io.events();
  ctx.emit = coalescer.emit;
  try {
    const messages: ProviderMessage[] = [
      {
        role: "user",
        content: [
          {
            type: "text",
            text: agentFirstMessage(details.trigger as AgentTriggerRef, details.input),
          },
        ],
      },
    ];
    const unoffered = unofferedTool(agent);
    const result = await runAgentLoop({
      provider: providerFor(deps.config, run, createOfflineAgentProvider),
      model: run.model,
      system: agentSystemPrompt(agent, briefs, details.scope),
      messages,
      tools: agentToolsFor(agent),
      toolContext: ctx,
      unknownTool: (name) => unoffered(ctx, name),
      maxTurns: AGENT_RUN_LIMITS.maxTurns,
      approvalTools: [],
      emit: coalescer.emit,
      signal: abort.signal,
    });
    await coalescer.close();
    const text = resultText(result.messages);
    await withTenant(db.db, { workspaceId }, async (tx) => {
      await tx
        .update(appAgentRuns)
        .set({ result: text })
        .where(and(eq(appAgentRuns.workspaceId, workspaceId), eq(appAgentRuns.runId, runId)));
      await recordAudit(tx, agentActor(ctx), {
        action: "app_agent_run.finished",
        outcome: result.status === "completed" ? "success" : "failure",
        summary: `${details.agentName} ${result.status === "completed" ? "finished" : result.status}`,
        target: { type: "run", id: runId, name: details.agentName },
        metadata: {
          appId: run.appId,
          agentId: details.agentId,
          status: result.status,
          failureCode: result.failure?.code ?? null,
          turns: result.messages.filter((m) => m.role === "assistant").length,
        },
      });
    });
    deps.audited?.(workspaceId);
    const outcome = loopOutcome(deps.config, run, result);
    await io.update({ ...outcome.values, finishedAt: new Date() }, outcome.events);
    return { status: result.status };
  } finally {
    stopPolling();
  }
}
