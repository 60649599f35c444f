import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { agentRuns } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { hidingAs } from "../apps/access";
import { requireApp } from "../apps/apps";
import { recordAudit } from "../audit/record";
import type { Actor, TenantCtx } from "../context";
import { conflict, notFound, ServiceError } from "../errors";
import { supersedePendingReview } from "../publishing/reviews";
import { appendRunEvents } from "./events";
import {
  type ProviderName,
  type ProviderSetup,
  providerCatalogue,
  selectProvider,
  usesModel,
} from "./models";

export interface RunDeps {
  /** Which providers this server can run. */
  providers: ProviderSetup;
  /** Puts the run on the queue (after the creating transaction has committed). */
  enqueue(run: { workspaceId: string; runId: string; key?: string }): Promise<unknown>;
}

const ACTIVE = ["pending", "running", "awaiting_approval"] as const;

export function providers(deps: Pick<RunDeps, "providers">) {
  return providerCatalogue(deps.providers);
}

type Part = { type: string; id?: string; [k: string]: unknown };
type Message = { role: "user" | "assistant"; content: Part[] };

/**
 * A new run carries the app's conversation so far (the previous run's transcript) plus the new
 * message, so the builder remembers what it did. Tool calls the user never answered (a plan left
 * waiting, a stopped turn) get a result saying so, as every tool call needs one.
 */
async function continueConversation(tx: Tx, actor: Actor, appId: string, prompt: string) {
  const [previous] = await tx
    .select({ transcript: agentRuns.transcript })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.workspaceId, actor.workspaceId),
        eq(agentRuns.appId, appId),
        eq(agentRuns.kind, "builder"),
      ),
    )
    .orderBy(desc(agentRuns.createdAt))
    .limit(1);
  const messages = [...((previous?.transcript ?? []) as Message[])];
  const last = messages.at(-1);
  const unanswered =
    last?.role === "assistant" ? last.content.filter((p) => p.type === "tool_use") : [];
  const parts: Part[] = [
    ...unanswered.map((p) => ({
      type: "tool_result",
      toolUseId: p.id,
      content: "Not answered: the user sent a new message instead.",
    })),
    { type: "text", text: prompt },
  ];
  if (last?.role === "user")
    messages[messages.length - 1] = { ...last, content: [...last.content, ...parts] };
  else messages.push({ role: "user", content: parts });
  return messages;
}

export async function requireRun(tx: Tx, actor: Actor, runId: string) {
  const [run] = await tx
    .select()
    .from(agentRuns)
    .where(and(eq(agentRuns.workspaceId, actor.workspaceId), eq(agentRuns.id, runId)));
  if (!run) throw notFound("Run");
  // Runs, their chat and events belong to the app's makers.
  await hidingAs("Run", requireApp(tx, actor, run.appId));
  return run;
}

/**
 * Starts a builder run for the app: one at a time per app. `opts` is for runs a person did not
 * type (a repair request): who it counts as started by, and what the chat's first card shows.
 */
export async function createRun(
  ctx: TenantCtx,
  deps: RunDeps,
  input: { appId: string; prompt: string; provider?: ProviderName; model?: string },
  opts: { createdBy?: string | null; message?: Record<string, unknown>; busy?: string } = {},
) {
  const { tx, actor } = ctx;
  const app = await requireApp(tx, actor, input.appId);
  const { provider, model } = selectProvider(deps.providers, {
    provider: input.provider,
    model: input.model,
  });
  const [busy] = await tx
    .select({ id: agentRuns.id })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.workspaceId, actor.workspaceId),
        eq(agentRuns.appId, app.id),
        eq(agentRuns.kind, "builder"),
        inArray(agentRuns.status, [...ACTIVE]),
      ),
    )
    .limit(1)
    .for("update");
  if (busy)
    throw conflict(
      opts.busy ?? "This app already has a run in progress. Stop it or wait for it to finish.",
    );
  const id = crypto.randomUUID();
  const [run] = await tx
    .insert(agentRuns)
    .values({
      id,
      workspaceId: actor.workspaceId,
      appId: app.id,
      kind: "builder",
      provider,
      model,
      prompt: input.prompt,
      transcript: await continueConversation(tx, actor, app.id, input.prompt),
      createdBy: opts.createdBy === undefined ? actor.userId : opts.createdBy,
    })
    .returning();
  await appendRunEvents(tx, actor.workspaceId, id, [
    { type: "user-message", data: { ...opts.message, text: input.prompt } },
    { type: "status", data: { status: "pending" } },
  ]);
  await recordAudit(tx, actor, {
    action: "builder_run.created",
    summary: `${actor.displayName} started a builder run on “${app.name}”`,
    target: { type: "run", id, name: app.name },
    metadata: { appId: app.id, provider, model },
  });
  await supersedePendingReview(
    tx,
    { workspaceId: actor.workspaceId, appId: app.id },
    "builder_input",
    actor,
  );
  ctx.afterCommit?.(() => deps.enqueue({ workspaceId: actor.workspaceId, runId: id }));
  return run!;
}

/** A builder run: app agents' runs are stopped and retried through agentRuns. */
async function requireBuilderRun(tx: Tx, actor: Actor, runId: string) {
  const run = await requireRun(tx, actor, runId);
  if (run.kind !== "builder") throw notFound("Run");
  return run;
}

export async function getRun({ tx, actor }: TenantCtx, runId: string) {
  return requireRun(tx, actor, runId);
}

export async function listRuns({ tx, actor }: TenantCtx, appId: string) {
  await requireApp(tx, actor, appId);
  return tx
    .select({
      id: agentRuns.id,
      status: agentRuns.status,
      provider: agentRuns.provider,
      model: agentRuns.model,
      prompt: agentRuns.prompt,
      failureMessage: agentRuns.failureMessage,
      createdAt: agentRuns.createdAt,
      finishedAt: agentRuns.finishedAt,
    })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.workspaceId, actor.workspaceId),
        eq(agentRuns.appId, appId),
        eq(agentRuns.kind, "builder"),
      ),
    )
    .orderBy(desc(agentRuns.createdAt))
    .limit(50);
}

/** A running run stops at the worker's next check (within a second); others stop at once. */
export async function stopRun({ tx, actor }: TenantCtx, runId: string) {
  const run = await requireBuilderRun(tx, actor, runId);
  if (!["pending", "running", "awaiting_approval"].includes(run.status)) {
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `This run has already ${run.status === "stopped" ? "stopped" : "finished"}.`,
    );
  }
  const now = run.status !== "running";
  const [updated] = await tx
    .update(agentRuns)
    .set({
      stopRequested: true,
      ...(now ? { status: "stopped" as const, finishedAt: new Date() } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(agentRuns.workspaceId, actor.workspaceId), eq(agentRuns.id, runId)))
    .returning();
  if (now)
    await appendRunEvents(tx, actor.workspaceId, runId, [
      { type: "status", data: { status: "stopped" } },
    ]);
  const app = await requireApp(tx, actor, run.appId);
  await recordAudit(tx, actor, {
    action: "builder_run.stopped",
    summary: `${actor.displayName} stopped a builder run on “${app.name}”`,
    target: { type: "run", id: runId, name: app.name },
    metadata: { appId: app.id, status: run.status },
  });
  return updated!;
}

/** Answers the run's approval cards (approve, or request changes) and puts it back on the queue. */
export async function respondToRun(
  ctx: TenantCtx,
  deps: RunDeps,
  input: { runId: string; approve: boolean; feedback?: string },
) {
  const { tx, actor } = ctx;
  const run = await requireBuilderRun(tx, actor, input.runId);
  if (run.status !== "awaiting_approval" || !run.pending) {
    throw new ServiceError("PRECONDITION_FAILED", "This run is not waiting for an answer.");
  }
  const answer = input.approve
    ? `Approved.${input.feedback ? ` ${input.feedback}` : " Go ahead."}`
    : `Changes requested: ${input.feedback || "please revise the proposal."}`;
  const approvals = run.pending.approvals as { toolCallId: string }[];
  const reply = {
    role: "user",
    content: [
      ...run.pending.toolResults,
      ...approvals.map((a) => ({ type: "tool_result", toolUseId: a.toolCallId, content: answer })),
    ],
  };
  const transcript = [...run.transcript, reply];
  const [updated] = await tx
    .update(agentRuns)
    .set({ status: "pending", pending: null, transcript, finishedAt: null, updatedAt: new Date() })
    .where(and(eq(agentRuns.workspaceId, actor.workspaceId), eq(agentRuns.id, run.id)))
    .returning();
  await appendRunEvents(tx, actor.workspaceId, run.id, [
    { type: "approval-answer", data: { approve: input.approve, feedback: input.feedback ?? null } },
    { type: "status", data: { status: "pending" } },
  ]);
  const app = await requireApp(tx, actor, run.appId);
  // The feedback is the person's own words, like a prompt: the row records only its length.
  await recordAudit(tx, actor, {
    action: input.approve ? "builder_run.plan_approved" : "builder_run.changes_requested",
    summary: input.approve
      ? `${actor.displayName} approved the builder's plan for “${app.name}”`
      : `${actor.displayName} asked the builder to change its plan for “${app.name}”`,
    target: { type: "run", id: run.id, name: app.name },
    metadata: { appId: app.id, feedbackLength: input.feedback?.length ?? 0 },
  });
  await supersedePendingReview(
    tx,
    { workspaceId: actor.workspaceId, appId: app.id },
    "builder_input",
    actor,
  );
  ctx.afterCommit?.(() =>
    deps.enqueue({
      workspaceId: actor.workspaceId,
      runId: run.id,
      key: `${run.id}-t${transcript.length}`,
    }),
  );
  return updated!;
}

/** Starts a new run with the same prompt, provider and model ("Try again"). */
export async function retryRun(ctx: TenantCtx, deps: RunDeps, runId: string) {
  const run = await requireBuilderRun(ctx.tx, ctx.actor, runId);
  if (["pending", "running", "awaiting_approval"].includes(run.status)) {
    throw new ServiceError(
      "PRECONDITION_FAILED",
      "This run is still in progress; stop it before trying again.",
    );
  }
  return createRun(ctx, deps, {
    appId: run.appId,
    prompt: run.prompt,
    provider: run.provider as ProviderName,
    model: run.model,
  });
}

/** Tokens and cost of an app's runs, by kind, provider and model. */
export async function appUsage({ tx, actor }: TenantCtx, appId: string) {
  await requireApp(tx, actor, appId);
  const rows = await tx
    .select({
      kind: agentRuns.kind,
      provider: agentRuns.provider,
      model: agentRuns.model,
      runs: sql<number>`count(*)::int`,
      inputTokens: sql<number>`sum(${agentRuns.inputTokens})::int`,
      outputTokens: sql<number>`sum(${agentRuns.outputTokens})::int`,
      cacheReadTokens: sql<number>`sum(${agentRuns.cacheReadTokens})::int`,
      cacheWriteTokens: sql<number>`sum(${agentRuns.cacheWriteTokens})::int`,
      costMicros: sql<number>`sum(${agentRuns.costMicros})::bigint`,
    })
    .from(agentRuns)
    .where(and(eq(agentRuns.workspaceId, actor.workspaceId), eq(agentRuns.appId, appId)))
    .groupBy(agentRuns.kind, agentRuns.provider, agentRuns.model);
  const byModel = rows.map((r) =>
    usesModel(r.provider)
      ? { ...r, usesModel: true, costMicros: Number(r.costMicros) }
      : {
          ...r,
          usesModel: false,
          inputTokens: 0,
          outputTokens: 0,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          costMicros: 0,
        },
  );
  const total = byModel.reduce(
    (t, r) => ({
      runs: t.runs + r.runs,
      inputTokens: t.inputTokens + r.inputTokens,
      outputTokens: t.outputTokens + r.outputTokens,
      cacheReadTokens: t.cacheReadTokens + r.cacheReadTokens,
      cacheWriteTokens: t.cacheWriteTokens + r.cacheWriteTokens,
      costMicros: t.costMicros + r.costMicros,
      usesModel: t.usesModel || r.usesModel,
    }),
    {
      usesModel: false,
      runs: 0,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costMicros: 0,
    },
  );
  return { total, byModel };
}
