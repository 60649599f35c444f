import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { type ApprovalMode, agentRuns, appAgentRuns, type RunStatus } from "../../db/schema";
import { type Tx, withTenant } from "../../db/tenant";
import { hidingAs, publishedAgents, requireScope, requireViewer } from "../apps/access";
import type { AuditInput } from "../audit/record";
import { recordAudit } from "../audit/record";
import { type Actor, requirePermission, type TenantCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import { appendRunEvents } from "../runs/events";
import { type ProviderSetup, selectProvider } from "../runs/models";
import type { AgentDecl } from "../sdk/agents";
import { type AgentsApproval, agentsApproval } from "./approvals";
import { currentAgents } from "./current";
import { approvedAgentNow } from "./run-approval";

export const AGENT_RUN_LIMITS = {
  inputBytes: 16 * 1024,
  maxTurns: 50,
  /** At most this many runs of one workspace run at once; the rest wait queued. */
  runningPerWorkspace: 8,
  /** Document triggers that start runs from an agent's writes stop at this depth. */
  triggerDepth: 3,
  listDefault: 20,
  listMax: 100,
  resultChars: 4000,
  /**
   * A run still running this long after it started, with no job left alive to finish it, is
   * failed as worker_lost by the worker's sweep (worker/runs/lost-runs.ts).
   */
  runningDeadlineMs: 30 * 60_000,
  sweepBatch: 200,
};

/** The model an app agent runs without a key: no model, no tokens, no cost. */
export const OFFLINE_AGENT_MODEL = "offline-agent";

export type AgentTriggerRef =
  | { type: "manual" }
  | {
      type: "document";
      collection: string;
      on: "inserted" | "updated";
      documentId: string;
      depth: number;
    }
  | { type: "schedule"; cron: string; scheduledFor: string };

export interface AgentRunDeps {
  /** Which providers this server can run. */
  providers: ProviderSetup;
  enqueue(job: { workspaceId: string; runId: string }): Promise<unknown>;
  /**
   * Writes a refusal's audit row in a transaction of its own: the caller's rolls back with the
   * error. Without it the refusal is only returned.
   */
  auditRefusal?(actor: Actor, entry: AuditInput): Promise<void>;
}

export interface AgentRunSummary {
  id: string;
  appId: string;
  agentId: string;
  agentName: string;
  scope: "draft" | "published";
  trigger: AgentTriggerRef;
  status: RunStatus;
  result: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  provider: string;
  model: string;
  approvalMode: "live" | "mock";
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdBy: string | null;
}

/** Refusal audit rows written beside the caller's transaction, for routers and workers alike. */
export function refusalAuditor(db: Database, audited?: (workspaceId: string) => void) {
  return async (actor: Actor, entry: AuditInput) => {
    await withTenant(db.db, { workspaceId: actor.workspaceId }, (tx) =>
      recordAudit(tx, actor, { ...entry, outcome: "denied" }),
    );
    audited?.(actor.workspaceId);
  };
}

const SUMMARY = {
  id: agentRuns.id,
  appId: agentRuns.appId,
  agentId: appAgentRuns.agentId,
  agentName: appAgentRuns.agentName,
  scope: appAgentRuns.scope,
  trigger: appAgentRuns.trigger,
  status: agentRuns.status,
  result: appAgentRuns.result,
  failureCode: agentRuns.failureCode,
  failureMessage: agentRuns.failureMessage,
  provider: agentRuns.provider,
  model: agentRuns.model,
  approvalMode: appAgentRuns.approvalMode,
  createdAt: agentRuns.createdAt,
  startedAt: agentRuns.startedAt,
  finishedAt: agentRuns.finishedAt,
  createdBy: agentRuns.createdBy,
};

function selectRuns(tx: Tx, where: SQL | undefined) {
  return tx
    .select({
      ...SUMMARY,
      input: appAgentRuns.input,
      approvedHash: appAgentRuns.approvedHash,
      inputTokens: agentRuns.inputTokens,
      outputTokens: agentRuns.outputTokens,
      cacheReadTokens: agentRuns.cacheReadTokens,
      cacheWriteTokens: agentRuns.cacheWriteTokens,
      costMicros: agentRuns.costMicros,
    })
    .from(appAgentRuns)
    .innerJoin(
      agentRuns,
      and(
        eq(agentRuns.workspaceId, appAgentRuns.workspaceId),
        eq(agentRuns.id, appAgentRuns.runId),
      ),
    )
    .where(where);
}

const summary = (row: Awaited<ReturnType<typeof selectRuns>>[number]): AgentRunSummary => {
  const { input: _i, approvedHash: _h, inputTokens: _a, outputTokens: _b, ...rest } = row;
  const { cacheReadTokens: _c, cacheWriteTokens: _d, costMicros: _e, ...s } = rest;
  return { ...s, trigger: s.trigger as AgentTriggerRef };
};

/**
 * A run the actor may see: any run of an app they make; for a viewer of the published app, only
 * the published-scope runs they started. Anything else is NOT_FOUND.
 */
export async function requireAgentRun(tx: Tx, actor: Actor, runId: string) {
  const [row] = await selectRuns(
    tx,
    and(eq(appAgentRuns.workspaceId, actor.workspaceId), eq(appAgentRuns.runId, runId)),
  );
  if (!row) throw notFound("Run");
  const app = await hidingAs("Run", requireViewer(tx, actor, row.appId));
  if (app.access !== "maker" && !viewerSees(actor, row)) throw notFound("Run");
  return row;
}

const viewerSees = (actor: Actor, run: { scope: string; createdBy: string | null }) =>
  run.scope === "published" && run.createdBy === actor.userId;

/** Which of these runs of one app a viewer of its published version may follow. */
export async function viewerRunIds(tx: Tx, actor: Actor, appId: string, runIds: string[]) {
  if (runIds.length === 0) return new Set<string>();
  const rows = await tx
    .select({ id: appAgentRuns.runId })
    .from(appAgentRuns)
    .innerJoin(
      agentRuns,
      and(
        eq(agentRuns.workspaceId, appAgentRuns.workspaceId),
        eq(agentRuns.id, appAgentRuns.runId),
      ),
    )
    .where(
      and(
        eq(appAgentRuns.workspaceId, actor.workspaceId),
        eq(appAgentRuns.appId, appId),
        eq(appAgentRuns.scope, "published"),
        eq(agentRuns.createdBy, actor.userId),
        inArray(appAgentRuns.runId, runIds),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

function triggerDeclared(agent: AgentDecl, trigger: AgentTriggerRef) {
  return agent.triggers.some((t) => {
    if (t.type !== trigger.type) return false;
    if (t.type === "document" && trigger.type === "document")
      return t.collection === trigger.collection && t.on === trigger.on;
    if (t.type === "schedule" && trigger.type === "schedule") return t.cron === trigger.cron;
    return true;
  });
}

/**
 * The agent's model when a configured provider offers it, else the default provider's default;
 * with no model provider configured, the offline agent stand-in.
 */
function chooseModel(deps: AgentRunDeps, agent: AgentDecl) {
  const chosen = selectProvider(deps.providers, { model: agent.model }, { fallback: true });
  return chosen.provider === "offline"
    ? { provider: "offline", model: OFFLINE_AGENT_MODEL }
    : chosen;
}

const inputBytes = (input: Record<string, unknown>) =>
  new TextEncoder().encode(JSON.stringify(input)).length;

/**
 * Starts a run of an approved agent: the app must exist (404), its agents be approved for the
 * current file, the agent be in the APPROVED payload, the trigger declared and the input small.
 * Every refusal is audited; the job is enqueued once the run's rows have committed.
 */
export async function startAgentRun(
  ctx: TenantCtx,
  deps: AgentRunDeps,
  input: {
    appId: string;
    agentId: string;
    scope: "draft" | "published";
    input: Record<string, unknown>;
    trigger: AgentTriggerRef;
  },
): Promise<AgentRunSummary> {
  const { tx, actor } = ctx;
  const app = await requireScope(tx, actor, input.appId, input.scope);
  requirePermission(actor, "agents:run");
  const refuse = async (code: ServiceError["code"], reason: string, message: string) => {
    await deps.auditRefusal?.(actor, {
      action: "app_agent_run.refused",
      summary: `An agent run on “${app.name}” was refused: ${reason.replaceAll("_", " ")}`,
      target: { type: "app", id: app.id, name: app.name },
      metadata: { appId: app.id, agentId: input.agentId, reason, trigger: input.trigger.type },
    });
    return new ServiceError(code, message);
  };
  const bytes = inputBytes(input.input);
  if (bytes > AGENT_RUN_LIMITS.inputBytes)
    throw await refuse(
      "LIMIT_EXCEEDED",
      "input_too_large",
      `An agent's input is limited to ${AGENT_RUN_LIMITS.inputBytes / 1024} KB (this one is ${(bytes / 1024).toFixed(1)} KB).`,
    );
  if (input.trigger.type === "document" && input.trigger.depth > AGENT_RUN_LIMITS.triggerDepth)
    throw await refuse(
      "LIMIT_EXCEEDED",
      "trigger_loop",
      `Agents triggered each other ${input.trigger.depth} times in a row; the chain stops at ${AGENT_RUN_LIMITS.triggerDepth}.`,
    );
  const approved = await approvedAgentNow(tx, actor, app.id, input.agentId, {
    scope: input.scope,
  });
  if (!approved.ok)
    throw await refuse(
      approved.reason === "unknown_agent" ? "NOT_FOUND" : "PRECONDITION_FAILED",
      approved.reason === "none" ? "not_approved" : approved.reason,
      approved.message,
    );
  const agent = approved.agent;
  if (!triggerDeclared(agent, input.trigger))
    throw await refuse(
      "PRECONDITION_FAILED",
      "trigger_not_declared",
      input.trigger.type === "manual"
        ? `“${agent.name}” cannot be run by hand: its agents.json declares no manual trigger.`
        : `“${agent.name}” declares no such ${input.trigger.type} trigger.`,
    );

  const id = crypto.randomUUID();
  const { provider, model } = chooseModel(deps, agent);
  const [runRow] = await tx
    .insert(agentRuns)
    .values({
      id,
      workspaceId: actor.workspaceId,
      appId: app.id,
      kind: "agent",
      provider,
      model,
      prompt: agent.name,
      createdBy: actor.kind === "user" ? actor.userId : null,
    })
    .returning();
  const [agentRow] = await tx
    .insert(appAgentRuns)
    .values({
      workspaceId: actor.workspaceId,
      runId: id,
      appId: app.id,
      agentId: agent.id,
      agentName: agent.name,
      scope: input.scope,
      trigger: input.trigger,
      input: input.input,
      approvedHash: approved.hash,
      approvalMode: approved.mode,
    })
    .returning();
  await appendRunEvents(tx, actor.workspaceId, id, [
    { type: "status", data: { status: "pending" } },
  ]);
  await recordAudit(tx, actor, {
    action: "app_agent_run.started",
    summary: `${actor.displayName} started “${agent.name}” on “${app.name}”`,
    target: { type: "run", id, name: agent.name },
    metadata: {
      appId: app.id,
      agentId: agent.id,
      scope: input.scope,
      trigger: input.trigger.type,
      approvedHash: approved.hash,
      approvalMode: approved.mode,
      provider,
      model,
      inputBytes: bytes,
    },
  });
  ctx.afterCommit?.(() => deps.enqueue({ workspaceId: actor.workspaceId, runId: id }));
  const r = runRow!;
  const a = agentRow!;
  return {
    id,
    appId: app.id,
    agentId: a.agentId,
    agentName: a.agentName,
    scope: a.scope,
    trigger: input.trigger,
    status: r.status,
    result: null,
    failureCode: null,
    failureMessage: null,
    provider: r.provider,
    model: r.model,
    approvalMode: a.approvalMode,
    createdAt: r.createdAt,
    startedAt: null,
    finishedAt: null,
    createdBy: r.createdBy,
  };
}

export async function listAgentRuns(
  { tx, actor }: TenantCtx,
  input: { appId: string; agentId?: string; limit?: number },
): Promise<AgentRunSummary[]> {
  const app = await requireViewer(tx, actor, input.appId);
  const limit = Math.min(input.limit ?? AGENT_RUN_LIMITS.listDefault, AGENT_RUN_LIMITS.listMax);
  const rows = await selectRuns(
    tx,
    and(
      eq(appAgentRuns.workspaceId, actor.workspaceId),
      eq(appAgentRuns.appId, input.appId),
      input.agentId === undefined ? undefined : eq(appAgentRuns.agentId, input.agentId),
      // A viewer follows only the published-scope runs they started.
      app.access === "maker"
        ? undefined
        : and(eq(appAgentRuns.scope, "published"), eq(agentRuns.createdBy, actor.userId)),
    ),
  )
    .orderBy(desc(appAgentRuns.createdAt), desc(appAgentRuns.runId))
    .limit(limit);
  return rows.map(summary);
}

/** One run with its input, the approval it started under, and its usage. */
export async function getAgentRun({ tx, actor }: TenantCtx, runId: string) {
  const row = await requireAgentRun(tx, actor, runId);
  return {
    ...summary(row),
    input: row.input,
    approvedHash: row.approvedHash,
    usage: {
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      cacheReadTokens: row.cacheReadTokens,
      cacheWriteTokens: row.cacheWriteTokens,
      costMicros: row.costMicros,
    },
  };
}

/** A pending run stops at once; a running one at the worker's next check (within a second). */
export async function stopAgentRun({ tx, actor }: TenantCtx, runId: string) {
  requirePermission(actor, "agents:run");
  const run = await requireAgentRun(tx, actor, runId);
  if (run.status !== "pending" && run.status !== "running")
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `This run has already ${run.status === "stopped" ? "stopped" : "finished"}.`,
    );
  const now = run.status === "pending";
  await tx
    .update(agentRuns)
    .set({
      stopRequested: true,
      ...(now ? { status: "stopped" as const, finishedAt: new Date() } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(agentRuns.workspaceId, actor.workspaceId), eq(agentRuns.id, runId)));
  if (now)
    await appendRunEvents(tx, actor.workspaceId, runId, [
      { type: "status", data: { status: "stopped" } },
    ]);
  await recordAudit(tx, actor, {
    action: "app_agent_run.stopped",
    summary: `${actor.displayName} stopped a run of “${run.agentName}”`,
    target: { type: "run", id: runId, name: run.agentName },
    metadata: { appId: run.appId, agentId: run.agentId, status: run.status },
  });
  return summary(await requireAgentRun(tx, actor, runId));
}

/** A new run of the same agent with the same input and trigger; the old run is left as it ended. */
export async function retryAgentRun(ctx: TenantCtx, deps: AgentRunDeps, runId: string) {
  const run = await requireAgentRun(ctx.tx, ctx.actor, runId);
  if (run.status === "pending" || run.status === "running")
    throw new ServiceError(
      "PRECONDITION_FAILED",
      "This run is still in progress; stop it before trying again.",
    );
  return startAgentRun(ctx, deps, {
    appId: run.appId,
    agentId: run.agentId,
    scope: run.scope,
    input: run.input,
    trigger: run.trigger as AgentTriggerRef,
  });
}

/** The agents the app's current build declares, for the app's SDK and the Agents page. */
export async function declaredAgents(ctx: TenantCtx, appId: string) {
  const app = await requireViewer(ctx.tx, ctx.actor, appId);
  let state: AgentsApproval["state"];
  let mode: ApprovalMode | null;
  let payload: { agents?: unknown };
  if (app.access === "viewer") {
    // A viewer sees the agents of the published version as approved for it, never the draft's.
    const published = await publishedAgents(ctx.tx, ctx.actor, app);
    payload = published?.payload ?? { agents: [] };
    mode = published?.mode ?? null;
    state = mode ?? "none";
  } else {
    const approval = await agentsApproval(ctx, appId);
    const current = await currentAgents(ctx.tx, ctx.actor, appId);
    payload = current.kind === "declared" ? current.payload : { agents: [] };
    state = approval.state;
    mode = approval.approval?.mode ?? null;
  }
  const agents = (payload.agents ?? []) as AgentDecl[];
  return {
    approval: { state, mode },
    agents: agents.map((a) => ({
      id: a.id,
      name: a.name,
      description: a.description,
      triggers: a.triggers,
      canRunManually: a.triggers.some((t) => t.type === "manual"),
    })),
  };
}
