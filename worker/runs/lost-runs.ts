import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { agentRuns, appAgentRuns } from "../../db/schema";
import { withTenant } from "../../db/tenant";
import { AGENT_RUN_LIMITS } from "../../src/agents/runs";
import { schedulerActor } from "../../src/agents/schedules";
import { recordAudit } from "../../src/audit/record";
import type { Logger } from "../../src/log";
import type { QueueClient } from "../../src/queue";
import type { LiveNotifier } from "../../src/realtime/hub";
import { appendRunEvents } from "../../src/runs/events";
import { workerLost } from "./run-io";

/** Job states in which the run's job will still be processed (or is being processed now). */
const LIVE_STATES = new Set(["active", "waiting", "delayed", "prioritized", "waiting-children"]);

export interface LostRunSweepDeps {
  db: Database;
  queue: Pick<QueueClient, "jobState">;
  notifier?: Pick<LiveNotifier, "changed">;
  audited?: (workspaceId: string) => void;
  log?: Logger;
}

/**
 * Fails app agent runs that are still `running` past their hard deadline while no job of theirs
 * is alive (gone with a flushed queue, or failed for good): such a run would hold one of its
 * workspace's running slots forever. A run whose job is active or waiting is left to it — a
 * redelivered job ends its run as worker_lost itself. Found across workspaces through a
 * SECURITY DEFINER function that returns ids only; each run is then failed in its own tenant
 * transaction, re-checked there, and audited.
 */
export async function sweepLostAgentRuns(
  deps: LostRunSweepDeps,
  opts: { olderThanMs?: number } = {},
): Promise<string[]> {
  const { db, log } = deps;
  const olderThanMs = opts.olderThanMs ?? AGENT_RUN_LIMITS.runningDeadlineMs;
  const rows = await db.sql<{ workspace_id: string; run_id: string }[]>`
    select workspace_id, run_id from agent_runs_overdue(
      ${`${olderThanMs} milliseconds`}::interval, ${AGENT_RUN_LIMITS.sweepBatch})`;
  const failed: string[] = [];
  for (const r of rows) {
    const state = await deps.queue.jobState("agent.run", r.run_id);
    if (state !== null && LIVE_STATES.has(state)) continue;
    const ended = await withTenant(db.db, { workspaceId: r.workspace_id }, async (tx) => {
      const lost = workerLost("agent run");
      const [run] = await tx
        .update(agentRuns)
        .set({ ...lost.values, updatedAt: new Date() })
        .where(
          and(
            eq(agentRuns.workspaceId, r.workspace_id),
            eq(agentRuns.id, r.run_id),
            eq(agentRuns.kind, "agent"),
            eq(agentRuns.status, "running"),
          ),
        )
        .returning({ appId: agentRuns.appId, startedAt: agentRuns.startedAt });
      if (!run) return false;
      await appendRunEvents(tx, r.workspace_id, r.run_id, lost.events);
      const [details] = await tx
        .select({ agentId: appAgentRuns.agentId, agentName: appAgentRuns.agentName })
        .from(appAgentRuns)
        .where(and(eq(appAgentRuns.workspaceId, r.workspace_id), eq(appAgentRuns.runId, r.run_id)));
      await recordAudit(tx, schedulerActor(r.workspace_id), {
        action: "app_agent_run.worker_lost",
        outcome: "failure",
        summary: `A run of “${details?.agentName ?? "an agent"}” was failed: its worker was lost and no job was left to finish it`,
        target: { type: "run", id: r.run_id, name: details?.agentName ?? null },
        metadata: {
          appId: run.appId,
          agentId: details?.agentId ?? null,
          failureCode: "worker_lost",
          jobState: state ?? "missing",
          runningMs: run.startedAt ? Date.now() - run.startedAt.getTime() : null,
        },
      });
      return true;
    });
    if (!ended) continue;
    failed.push(r.run_id);
    deps.audited?.(r.workspace_id);
    deps.notifier?.changed(r.workspace_id);
  }
  if (failed.length > 0) log?.info("lost agent runs failed", { count: failed.length });
  return failed;
}
