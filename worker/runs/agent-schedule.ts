import { and, eq, sql } from "drizzle-orm";
import { appAgentRuns } from "../../db/schema";
import { withTenant } from "../../db/tenant";
import type { AgentRunDeps } from "../../src/agents/runs";
import { startAgentRun } from "../../src/agents/runs";
import {
  declaredSchedules,
  type ScheduleDeps,
  type SchedulePayload,
  scheduleApproval,
  schedulerActor,
  syncAgentSchedules,
} from "../../src/agents/schedules";
import type { TenantCtx } from "../../src/context";
import { ServiceError } from "../../src/errors";
import { JOBS } from "../../src/jobs/contracts";

export interface ScheduleJob {
  data: unknown;
  /** BullMQ's time for this iteration (the cron time it was scheduled for). */
  opts: { prevMillis?: number };
  timestamp: number;
}

export type ScheduleOutcome =
  | { status: "started"; runId: string }
  | { status: "duplicate" }
  | { status: "retired" }
  | { status: "refused"; code: string };

/**
 * One firing of an approved schedule trigger: starts a run of the agent with trigger
 * `{type: "schedule", cron, scheduledFor}`, as the system scheduler, in the scheduler's scope,
 * only if the approval that holds for the app's schedules (the live version's payload once
 * published, else the draft's approval) is still the one, with the hash, the scheduler was made
 * for. A scheduler whose approval no longer holds is retired instead (its app's schedulers are
 * synced). The same firing delivered twice starts one run.
 */
export async function processAgentSchedule(
  deps: ScheduleDeps & { runs: AgentRunDeps },
  job: ScheduleJob,
): Promise<ScheduleOutcome> {
  const payload: SchedulePayload = JOBS["agent.schedule"].payload.parse(job.data);
  const { workspaceId, appId, scope, agentId, triggerIndex, hash } = payload;
  const scheduledFor = new Date(job.opts.prevMillis ?? job.timestamp).toISOString();
  const committed: (() => Promise<unknown> | unknown)[] = [];
  const outcome = await withTenant(deps.db.db, { workspaceId }, async (tx) => {
    const approval = await scheduleApproval(tx, workspaceId, appId);
    const schedule =
      approval?.scope === scope && approval.hash === hash
        ? declaredSchedules(appId, scope, hash, approval.payload).find(
            (s) => s.agentId === agentId && s.triggerIndex === triggerIndex,
          )
        : undefined;
    if (!schedule) return { status: "retired" } as const;
    const [seen] = await tx
      .select({ runId: appAgentRuns.runId })
      .from(appAgentRuns)
      .where(
        and(
          eq(appAgentRuns.workspaceId, workspaceId),
          eq(appAgentRuns.appId, appId),
          eq(appAgentRuns.agentId, agentId),
          sql`${appAgentRuns.trigger} @> ${JSON.stringify({ type: "schedule", scheduledFor })}::jsonb`,
        ),
      )
      .limit(1);
    if (seen) return { status: "duplicate" } as const;
    const ctx: TenantCtx = {
      tx,
      actor: schedulerActor(workspaceId),
      afterCommit: (fn) => committed.push(fn),
    };
    try {
      const run = await startAgentRun(ctx, deps.runs, {
        appId,
        agentId,
        scope,
        input: { scheduledFor },
        trigger: { type: "schedule", cron: schedule.cron, scheduledFor },
      });
      return { status: "started", runId: run.id } as const;
    } catch (err) {
      // Refusals (the build changed under the approval, say) are audited by startAgentRun.
      if (err instanceof ServiceError) return { status: "refused", code: err.code } as const;
      throw err;
    }
  });
  deps.audited?.(workspaceId);
  for (const fn of committed) await fn();
  if (outcome.status === "retired") await syncAgentSchedules(deps, { workspaceId, appId });
  deps.log?.info("agent schedule fired", { workspaceId, appId, outcome: outcome.status });
  return outcome;
}
