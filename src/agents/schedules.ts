import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { appAgentApprovals } from "../../db/schema";
import { rawOf, type Tx, withTenant } from "../../db/tenant";
import { requireApp } from "../apps/apps";
import { recordAudit } from "../audit/record";
import type { Actor, TenantCtx } from "../context";
import type { JobPayload } from "../jobs/contracts";
import type { Logger } from "../log";
import { publishedVersion } from "../publishing/store";
import type { QueueClient } from "../queue";
import { agentsFileSchema } from "../sdk/agents";
import type { Deps } from "../trpc/context";

/** The job a schedule trigger's scheduler puts on the agents queue at each cron time. */
export const SCHEDULE_JOB = "agent.schedule" as const;
export type SchedulePayload = JobPayload<typeof SCHEDULE_JOB>;
const PREFIX = "agent-schedule";

export type ScheduleScope = "draft" | "published";

/**
 * Scheduler ids name the app, the scope, the agent, the trigger's place in its list and the
 * approved hash, so a new approval of a changed file (or a publish) makes new schedulers and
 * retires the old ones. Dots, not colons: BullMQ reads some colon-separated ids as legacy
 * repeatable-job keys.
 */
export function schedulerId(
  appId: string,
  scope: ScheduleScope,
  agentId: string,
  triggerIndex: number,
  hash: string,
) {
  const short = hash.replace(/^v1:/, "").slice(0, 16);
  return `${PREFIX}.${appId}.${scope}.${agentId}.${triggerIndex}.${short}`;
}
const appPrefix = (appId: string) => `${PREFIX}.${appId}.`;
const appOfScheduler = (id: string) =>
  id.startsWith(`${PREFIX}.`) ? (id.split(".")[1] ?? null) : null;

export interface DeclaredSchedule {
  id: string;
  scope: ScheduleScope;
  agentId: string;
  agentName: string;
  triggerIndex: number;
  cron: string;
}

/** The schedule triggers of an approved payload, one scheduler each. */
export function declaredSchedules(
  appId: string,
  scope: ScheduleScope,
  hash: string,
  payload: Record<string, unknown>,
): DeclaredSchedule[] {
  const parsed = agentsFileSchema.safeParse(payload);
  if (!parsed.success) return [];
  return parsed.data.agents.flatMap((agent) =>
    agent.triggers.flatMap((t, triggerIndex) =>
      t.type === "schedule"
        ? [
            {
              id: schedulerId(appId, scope, agent.id, triggerIndex, hash),
              scope,
              agentId: agent.id,
              agentName: agent.name,
              triggerIndex,
              cron: t.cron,
            },
          ]
        : [],
    ),
  );
}

/** Who creates and removes schedules, and starts scheduled runs: the platform, for the approval. */
export const SCHEDULER_USER_ID = "00000000-0000-0000-0000-000000000000";
export const schedulerActor = (workspaceId: string): Actor => ({
  kind: "system",
  userId: SCHEDULER_USER_ID,
  displayName: "Scheduler",
  workspaceId,
  role: "member",
});

/**
 * Which approval an app's schedules run under, and so which data they write: a published app's
 * under its live version's payload (approved live when it was published), in the published
 * scope, whatever the draft's approval says; an app never published under the draft's approval
 * while it holds (live or mock, not stale), on draft data.
 */
export async function scheduleApproval(
  tx: Tx,
  workspaceId: string,
  appId: string,
): Promise<{ scope: ScheduleScope; hash: string; payload: Record<string, unknown> } | null> {
  const version = await publishedVersion(tx, workspaceId, appId);
  if (version)
    return version.agentsHash && version.agentsPayload
      ? { scope: "published", hash: version.agentsHash, payload: version.agentsPayload }
      : null;
  const [row] = await tx
    .select({ hash: appAgentApprovals.hash, payload: appAgentApprovals.payload })
    .from(appAgentApprovals)
    .where(
      and(
        eq(appAgentApprovals.workspaceId, workspaceId),
        eq(appAgentApprovals.appId, appId),
        isNull(appAgentApprovals.staleAt),
      ),
    );
  return row ? { scope: "draft", ...row } : null;
}

/** The app's schedules under the approval that holds for them (scheduleApproval). */
async function approvedSchedules(tx: Tx, workspaceId: string, appId: string) {
  const approval = await scheduleApproval(tx, workspaceId, appId);
  if (!approval) return [];
  const { scope, hash, payload } = approval;
  return declaredSchedules(appId, scope, hash, payload).map((s) => ({ ...s, hash }));
}

export interface ScheduleDeps {
  db: Database;
  queue: QueueClient;
  log?: Logger;
  /** Called after audit rows are written, so they get sealed. */
  audited?: (workspaceId: string) => void;
}

const templateOptions = {
  attempts: 1,
  removeOnComplete: { age: 3600 },
  removeOnFail: { age: 86_400 },
};

/** Every scheduler of our kind on the agents queue (one scan; schedulers are few per app). */
async function existingSchedulers(queue: QueueClient) {
  const all = await queue.queue("agents").getJobSchedulers(0, -1, true);
  return all.filter((s) => s.key.startsWith(`${PREFIX}.`));
}

/**
 * Makes the app's BullMQ job schedulers match its approval: one per schedule trigger of the
 * approved payload while the approval holds, none otherwise. Call it after the transaction that
 * changed the approval has committed (approve, stale, revoke, app deleted). Serialised per app,
 * so two syncs racing cannot leave a retired scheduler behind. Creations and removals are
 * audited as the system scheduler.
 */
export async function syncAgentSchedules(
  deps: ScheduleDeps,
  target: { workspaceId: string; appId: string },
): Promise<{ created: string[]; removed: string[] }> {
  const { workspaceId, appId } = target;
  const queue = deps.queue.queue("agents");
  const result = await withTenant(deps.db.db, { workspaceId }, async (tx) => {
    await rawOf(
      tx,
    )`select pg_advisory_xact_lock(hashtextextended(${`agent-schedules/${appId}`}, 0))`;
    const wanted = await approvedSchedules(tx, workspaceId, appId);
    const existing = (await existingSchedulers(deps.queue)).filter((s) =>
      s.key.startsWith(appPrefix(appId)),
    );
    const have = new Set(existing.map((s) => s.key));
    const want = new Set(wanted.map((s) => s.id));
    const created: typeof wanted = [];
    for (const s of wanted) {
      const data: SchedulePayload = {
        workspaceId,
        appId,
        scope: s.scope,
        agentId: s.agentId,
        triggerIndex: s.triggerIndex,
        hash: s.hash,
        idempotencyKey: s.id,
      };
      // Upserting an existing one keeps its next time (same pattern); a new one starts counting.
      await queue.upsertJobScheduler(
        s.id,
        { pattern: s.cron, tz: "UTC" },
        { name: SCHEDULE_JOB, data, opts: templateOptions },
      );
      if (!have.has(s.id)) created.push(s);
    }
    const removed = existing.filter((s) => !want.has(s.key));
    for (const s of removed) await queue.removeJobScheduler(s.key);
    const actor = schedulerActor(workspaceId);
    for (const s of created)
      await recordAudit(tx, actor, {
        action: "app.agent_schedule.created",
        summary: `Scheduled “${s.agentName}” at ${s.cron} (UTC) on ${s.scope} data.`,
        target: { type: "app", id: appId },
        metadata: {
          appId,
          scope: s.scope,
          agentId: s.agentId,
          triggerIndex: s.triggerIndex,
          cron: s.cron,
          hash: s.hash,
          schedulerId: s.id,
        },
      });
    for (const s of removed)
      await recordAudit(tx, actor, {
        action: "app.agent_schedule.removed",
        summary: `Removed the schedule ${s.pattern ?? ""} (UTC) of an agent: its approval no longer holds.`,
        target: { type: "app", id: appId },
        metadata: {
          appId,
          agentId: (s.template?.data as SchedulePayload | undefined)?.agentId ?? null,
          cron: s.pattern ?? null,
          schedulerId: s.key,
        },
      });
    return { created: created.map((s) => s.id), removed: removed.map((s) => s.key) };
  });
  if (result.created.length + result.removed.length > 0) {
    deps.audited?.(workspaceId);
    deps.log?.info("agent schedules synced", {
      workspaceId,
      appId,
      created: result.created.length,
      removed: result.removed.length,
    });
  }
  return result;
}

/**
 * Startup (and periodic) reconciliation: every app whose approval declares schedules gets its
 * schedulers back (after a Redis flush, say), and every scheduler of an app whose approval is
 * gone, stale or changed is removed. Apps are found through a SECURITY DEFINER function that
 * returns ids only; each app is then synced in its own tenant transaction.
 */
export async function reconcileAgentSchedules(deps: ScheduleDeps) {
  const rows = await deps.db.sql<{ workspace_id: string; app_id: string }[]>`
    select workspace_id, app_id from agent_schedule_apps()`;
  const apps = new Map(rows.map((r) => [r.app_id, r.workspace_id]));
  for (const s of await existingSchedulers(deps.queue)) {
    const appId = appOfScheduler(s.key);
    const workspaceId = (s.template?.data as SchedulePayload | undefined)?.workspaceId;
    if (appId && workspaceId && !apps.has(appId)) apps.set(appId, workspaceId);
  }
  let failed = 0;
  for (const [appId, workspaceId] of apps) {
    try {
      await syncAgentSchedules(deps, { workspaceId, appId });
    } catch (err) {
      failed++;
      deps.log?.warn("agent schedule sync failed", { workspaceId, appId, err });
    }
  }
  return { apps: apps.size, failed };
}

/** What syncing an app's schedulers needs from the server process. */
export const scheduleDeps = (deps: Deps): ScheduleDeps => ({
  db: deps.db,
  queue: deps.queue,
  log: deps.log,
  audited: (workspaceId) => deps.sealer.schedule(workspaceId),
});

/**
 * For a procedure that changed an app's approval (approve, revoke, app deleted): brings its
 * schedulers in line once the change has committed. A failure (queue down) is logged, not
 * thrown: the change stands, scheduled jobs re-check the approval when they fire, and the
 * worker's periodic reconciliation repairs the schedulers.
 */
export async function syncSchedulesAfterCommit(
  deps: Deps,
  target: { workspaceId: string; appId: string },
) {
  try {
    await syncAgentSchedules(scheduleDeps(deps), target);
  } catch (err) {
    deps.log.warn("agent schedule sync failed", { ...target, err });
  }
}

export interface AgentSchedule {
  agentId: string;
  agentName: string;
  triggerIndex: number;
  cron: string;
  timezone: "UTC";
  /** Whose approval the schedule runs under and which data it writes (scheduleApproval). */
  scope: ScheduleScope;
  /** When BullMQ will next fire it; null if the scheduler is missing (it is being restored). */
  nextRunAt: string | null;
}

/** The app's scheduled triggers with their next run time, under the approval that holds. */
export async function listAgentSchedules(
  ctx: TenantCtx,
  queue: QueueClient,
  appId: string,
): Promise<AgentSchedule[]> {
  await requireApp(ctx.tx, ctx.actor, appId);
  const wanted = await approvedSchedules(ctx.tx, ctx.actor.workspaceId, appId);
  const q = queue.queue("agents");
  return Promise.all(
    wanted.map(async (s) => {
      const found = await q.getJobScheduler(s.id);
      return {
        agentId: s.agentId,
        agentName: s.agentName,
        triggerIndex: s.triggerIndex,
        cron: s.cron,
        timezone: "UTC" as const,
        scope: s.scope,
        nextRunAt: found?.next ? new Date(found.next).toISOString() : null,
      };
    }),
  );
}
