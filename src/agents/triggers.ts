import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { appAgentApprovals, appAgentRuns, appVersions } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import type { TenantCtx } from "../context";
import { ServiceError } from "../errors";
import type { Logger } from "../log";
import type { QueueClient } from "../queue";
import { agentsFileSchema } from "../sdk/agents";
import { AGENT_RUN_LIMITS, type AgentRunDeps, startAgentRun } from "./runs";

export const TRIGGER_LIMITS = {
  /** Runs one write may start (a batch insert into a triggered collection); the rest are refused. */
  runsPerWrite: 50,
  /** Approved trigger sets kept in memory, by approval hash. */
  cachedHashes: 256,
  /** A pending run older than this with no job is put on the queue again by the sweeper. */
  unqueuedAfterMs: 15_000,
  sweepBatch: 200,
};

type On = "inserted" | "updated";
interface DocumentTrigger {
  agentId: string;
  on: On;
}
/** collection → the agents that run when a document in it is inserted / updated. */
type TriggerSet = Map<string, DocumentTrigger[]>;

/**
 * Trigger sets by approval hash. A hash names one exact payload (sha256 of it), so a cached set
 * can never be another app's or an outdated one; only which hash holds for an app is read per
 * write, and that read rides on the write's own statement (src/data/documents.ts).
 */
const cache = new Map<string, TriggerSet>();

export function documentTriggers(payload: Record<string, unknown>): TriggerSet {
  const set: TriggerSet = new Map();
  const parsed = agentsFileSchema.safeParse(payload);
  if (!parsed.success) return set;
  for (const agent of parsed.data.agents)
    for (const t of agent.triggers)
      if (t.type === "document") {
        const list = set.get(t.collection) ?? [];
        list.push({ agentId: agent.id, on: t.on });
        set.set(t.collection, list);
      }
  return set;
}

async function triggerSet(tx: Tx, workspaceId: string, appId: string, hash: string) {
  const hit = cache.get(hash);
  if (hit) {
    // Keep recently used hashes (a Map iterates in insertion order: re-insert on use).
    cache.delete(hash);
    cache.set(hash, hit);
    return hit;
  }
  const [row] = await tx
    .select({ payload: appAgentApprovals.payload })
    .from(appAgentApprovals)
    .where(
      and(
        eq(appAgentApprovals.workspaceId, workspaceId),
        eq(appAgentApprovals.appId, appId),
        eq(appAgentApprovals.hash, hash),
      ),
    );
  // A published version's payload (the published scope's approval) when no approval row has it.
  const [version] = row
    ? []
    : await tx
        .select({ payload: appVersions.agentsPayload })
        .from(appVersions)
        .where(
          and(
            eq(appVersions.workspaceId, workspaceId),
            eq(appVersions.appId, appId),
            eq(appVersions.agentsHash, hash),
          ),
        )
        .limit(1);
  const payload = row?.payload ?? version?.payload;
  if (!payload) return new Map() as TriggerSet;
  const set = documentTriggers(payload);
  cache.set(hash, set);
  if (cache.size > TRIGGER_LIMITS.cachedHashes) cache.delete(cache.keys().next().value!);
  return set;
}

/** The agent whose run made this write and how deep in a trigger chain that run is. */
async function writer(ctx: TenantCtx): Promise<{ agentId: string | null; depth: number }> {
  if (ctx.actor.kind !== "agent") return { agentId: null, depth: 0 };
  const [run] = await ctx.tx
    .select({ agentId: appAgentRuns.agentId, trigger: appAgentRuns.trigger })
    .from(appAgentRuns)
    .where(
      and(
        eq(appAgentRuns.workspaceId, ctx.actor.workspaceId),
        eq(appAgentRuns.runId, ctx.actor.userId),
      ),
    );
  if (!run) return { agentId: null, depth: 0 };
  const depth = run.trigger.type === "document" ? Number(run.trigger.depth) || 0 : 0;
  return { agentId: run.agentId, depth };
}

const inputSize = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

export interface WrittenDocument {
  _id: string;
  [field: string]: unknown;
}

/**
 * Starts the runs that written documents trigger, in the write's own transaction (so the run
 * rows commit or roll back with the write; their jobs are enqueued after commit, and the sweeper
 * re-enqueues any the process died before enqueuing). `agentsHash` is the app's approval hash
 * if it holds, read by the write statement itself: with no approval, a stale one, or no trigger
 * on this collection, a write costs nothing more.
 *
 * An agent's own writes never trigger it; a chain across agents stops at
 * AGENT_RUN_LIMITS.triggerDepth (the refused start is audited as a trigger_loop).
 */
export async function documentsWritten(
  ctx: TenantCtx,
  loc: { appId: string; scope: "draft" | "published"; collection: string },
  on: On,
  docs: WrittenDocument[],
  agentsHash: string | null,
) {
  const runs = ctx.agentRuns;
  if (!agentsHash || !runs || docs.length === 0) return;
  const { tx, actor } = ctx;
  const set = await triggerSet(tx, actor.workspaceId, loc.appId, agentsHash);
  const matching = (set.get(loc.collection) ?? []).filter((t) => t.on === on);
  if (matching.length === 0) return;
  const from = await writer(ctx);
  const agents = matching.filter((t) => t.agentId !== from.agentId);
  if (agents.length === 0) return;
  // Refusals are audited in this transaction: they stand exactly when the write does.
  const deps: AgentRunDeps = {
    ...runs,
    auditRefusal: (who, entry) => recordAudit(tx, who, { ...entry, outcome: "denied" }),
  };
  let started = 0;
  let skipped = 0;
  for (const doc of docs)
    for (const t of agents) {
      if (started >= TRIGGER_LIMITS.runsPerWrite) {
        skipped++;
        continue;
      }
      const full = { documentId: doc._id, collection: loc.collection, document: doc };
      const input =
        inputSize(full) <= AGENT_RUN_LIMITS.inputBytes
          ? full
          : { documentId: doc._id, collection: loc.collection };
      try {
        await startAgentRun(ctx, deps, {
          appId: loc.appId,
          agentId: t.agentId,
          scope: loc.scope,
          input,
          trigger: {
            type: "document",
            collection: loc.collection,
            on,
            documentId: doc._id,
            depth: from.depth + 1,
          },
        });
        started++;
      } catch (err) {
        // A refused start (loop, approval changed, no permission…) never fails the write.
        if (!(err instanceof ServiceError)) throw err;
      }
    }
  if (skipped > 0)
    await recordAudit(tx, actor, {
      action: "app_agent_run.refused",
      outcome: "denied",
      summary: `${skipped} agent runs were not started: one write may start at most ${TRIGGER_LIMITS.runsPerWrite}.`,
      target: { type: "app", id: loc.appId },
      metadata: {
        appId: loc.appId,
        reason: "trigger_batch_limit",
        collection: loc.collection,
        skipped,
        limit: TRIGGER_LIMITS.runsPerWrite,
      },
    });
}

/**
 * Puts pending agent runs that never got their job (the process died between commit and
 * enqueue) back on the queue. Idempotent: the job id is the run's, so a run whose job exists
 * (waiting, delayed for a full workspace) is left alone. The runs are found across workspaces
 * through a SECURITY DEFINER function that returns ids only.
 */
export async function sweepUnqueuedRuns(
  db: Database,
  queue: Pick<QueueClient, "enqueue">,
  opts: { olderThanMs?: number; log?: Logger } = {},
) {
  const { olderThanMs = TRIGGER_LIMITS.unqueuedAfterMs, log } = opts;
  const rows = await db.sql<{ workspace_id: string; run_id: string }[]>`
    select workspace_id, run_id from agent_runs_unqueued(
      ${`${olderThanMs} milliseconds`}::interval, ${TRIGGER_LIMITS.sweepBatch})`;
  for (const r of rows)
    await queue.enqueue("agent.run", {
      workspaceId: r.workspace_id,
      runId: r.run_id,
      idempotencyKey: r.run_id,
    });
  if (rows.length > 0) log?.info("pending agent runs re-enqueued", { count: rows.length });
  return rows.length;
}
