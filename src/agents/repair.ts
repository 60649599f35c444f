import { and, eq, inArray } from "drizzle-orm";
import { agentRuns, runEvents } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { requireMaker } from "../apps/access";
import { type AuditInput, recordAudit } from "../audit/record";
import type { MasterKeys } from "../config";
import type { Actor, TenantCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import { resolveToolCredentials } from "../integrations/grants";
import { appendRunEvents } from "../runs/events";
import { createRun, type RunDeps, requireRun } from "../runs/runs";
import { type RepairRequest, redactNote, repairPrompt } from "./repair-prompt";
import { requireAgentRun } from "./runs";
import { toolFailureSchema } from "./tool-failure";

export interface RepairDeps {
  runs: RunDeps;
  /** To scrub the tool's own secret values from notes; without it only the patterns apply. */
  masterKeys?: MasterKeys;
  /** Writes a refusal's audit row beside the caller's transaction (which rolls back). */
  auditRefusal?(actor: Actor, entry: AuditInput): Promise<void>;
}

export interface RepairResult {
  builderRunId: string;
  status: string;
  /** False when this tool call had been reported already: the same builder run is returned. */
  created: boolean;
}

const EVENT_TYPES = [
  "tool-input-available",
  "tool-output",
  "tool-failure-reported",
  "repair-requested",
];

/** The events of the run that say which tool calls failed, how, and what was reported. */
async function callEvents(tx: Tx, workspaceId: string, runId: string) {
  return tx
    .select({ type: runEvents.type, data: runEvents.data })
    .from(runEvents)
    .where(
      and(
        eq(runEvents.workspaceId, workspaceId),
        eq(runEvents.runId, runId),
        inArray(runEvents.type, EVENT_TYPES),
      ),
    )
    .orderBy(runEvents.seq);
}

/** The latest failed custom-tool call of `toolName` in the run, for an agent's own report. */
export async function lastFailedCall(tx: Tx, workspaceId: string, runId: string, toolName: string) {
  const events = await callEvents(tx, workspaceId, runId);
  const named = new Set(
    events
      .filter((e) => e.type === "tool-input-available" && e.data.toolName === toolName)
      .map((e) => String(e.data.toolCallId)),
  );
  const failed = events.findLast(
    (e) => e.type === "tool-output" && named.has(String(e.data.toolCallId)) && !!e.data.failure,
  );
  return failed ? String(failed.data.toolCallId) : null;
}

async function toolSecrets(
  tx: Tx,
  keys: MasterKeys | undefined,
  at: { workspaceId: string; appId: string; domain: string; keySlug: string },
): Promise<string[]> {
  if (!keys) return [];
  try {
    const creds = await resolveToolCredentials(tx, keys, at);
    return Object.values(creds?.secrets ?? {});
  } catch {
    // A secret that cannot be decrypted cannot be in a note either way; the patterns still apply.
    return [];
  }
}

/**
 * Starts a builder run in the app's chat that asks the builder to repair one failed custom tool
 * call of an app agent ("Report to builder", or the agent's own report_tool_call_failed). Makers
 * only (others: NOT_FOUND, as for the app). Idempotent per tool call: a second report returns
 * the builder run the first started. The builder gets the platform's classification of the
 * failure and the spec's method, domain and path template, plus the agent's and the reporter's
 * notes redacted — never a header, secret, substituted URL or response body. One builder run per
 * app at a time: a busy builder is a CONFLICT. Audited as agent.tool_failure_reported.
 */
export async function reportToolFailure(
  ctx: TenantCtx,
  deps: RepairDeps,
  input: { runId: string; toolCallId: string; note?: string; agentNote?: string },
): Promise<RepairResult> {
  const { tx, actor } = ctx;
  const run = await requireAgentRun(tx, actor, input.runId);
  const app = await requireMaker(tx, actor, run.appId);
  // Reports of one run take turns, so a tool call is never reported twice.
  await tx
    .select({ id: agentRuns.id })
    .from(agentRuns)
    .where(and(eq(agentRuns.workspaceId, actor.workspaceId), eq(agentRuns.id, run.id)))
    .for("update");
  const events = await callEvents(tx, actor.workspaceId, run.id);
  const byCall = (type: string) =>
    events.find((e) => e.type === type && e.data.toolCallId === input.toolCallId);
  const reported = byCall("repair-requested");
  if (reported) {
    const builder = await requireRun(tx, actor, String(reported.data.builderRunId));
    return { builderRunId: builder.id, status: builder.status, created: false };
  }
  const call = byCall("tool-input-available");
  if (!call) throw notFound("Tool call");
  const toolName = String(call.data.toolName);
  const output = byCall("tool-output");
  if (!output)
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `The call of ${toolName} has not finished yet; report it once it has failed.`,
    );
  if (output.data.isError !== true)
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `The call of ${toolName} did not fail, so there is nothing to repair.`,
    );
  const failure = toolFailureSchema.safeParse(output.data.failure);
  if (!failure.success)
    throw new ServiceError(
      "PRECONDITION_FAILED",
      `Only a failed call of one of the agent's own HTTP tools can be sent to the builder; ${toolName} failed inside Second (its error says why).`,
    );
  const f = failure.data;
  const secrets = await toolSecrets(tx, deps.masterKeys, {
    workspaceId: actor.workspaceId,
    appId: app.id,
    domain: f.domain,
    keySlug: f.keySlug,
  });
  const agentSaid =
    input.agentNote ??
    events.findLast((e) => e.type === "tool-failure-reported" && e.data.toolName === toolName)?.data
      .reason;
  const agentNote = typeof agentSaid === "string" ? redactNote(agentSaid, secrets) : null;
  const note = input.note?.trim() ? redactNote(input.note, secrets) : null;
  const request: RepairRequest = {
    agentRunId: run.id,
    toolCallId: input.toolCallId,
    agentId: run.agentId,
    agentName: run.agentName,
    toolName,
    category: f.category,
    code: f.code,
    httpStatus: f.httpStatus,
    method: f.method,
    domain: f.domain,
    keySlug: f.keySlug,
    path: f.path,
    message: f.message,
    hint: f.hint,
    agentNote: agentNote || null,
    reportedBy:
      actor.kind === "agent"
        ? { kind: "agent" }
        : { kind: "person", name: actor.displayName, note: note || null },
  };
  const builder = await createRun(
    ctx,
    deps.runs,
    { appId: app.id, prompt: repairPrompt(request) },
    {
      // An agent's report counts as started by whoever started the agent's run (a trigger's or a
      // schedule's: the app's creator), so its build is saved and audited in someone's name.
      createdBy: actor.kind === "agent" ? (run.createdBy ?? app.createdBy) : actor.userId,
      message: { repair: request },
      busy: `The builder of “${app.name}” is busy with another run. Let it finish (or stop it), then report the failed call again.`,
    },
  ).catch(async (err) => {
    if (err instanceof ServiceError && err.code === "CONFLICT")
      await deps.auditRefusal?.(actor, {
        action: "agent.tool_failure_reported",
        summary: `A failed call of ${toolName} by “${run.agentName}” was not sent to the builder of “${app.name}”: it is busy`,
        target: { type: "run", id: run.id, name: run.agentName },
        metadata: {
          appId: app.id,
          agentId: run.agentId,
          toolCallId: input.toolCallId,
          tool: toolName,
          reason: "builder_busy",
        },
      });
    throw err;
  });
  await appendRunEvents(tx, actor.workspaceId, run.id, [
    {
      type: "repair-requested",
      data: { toolCallId: input.toolCallId, toolName, builderRunId: builder.id },
    },
  ]);
  await recordAudit(tx, actor, {
    action: "agent.tool_failure_reported",
    summary: `${actor.displayName} sent a failed call of ${toolName} by “${run.agentName}” to the builder of “${app.name}”`,
    target: { type: "run", id: run.id, name: run.agentName },
    metadata: {
      appId: app.id,
      agentId: run.agentId,
      toolCallId: input.toolCallId,
      tool: toolName,
      builderRunId: builder.id,
      category: f.category,
      code: f.code,
      httpStatus: f.httpStatus,
      domain: f.domain,
      noteLength: input.note?.length ?? 0,
    },
  });
  return { builderRunId: builder.id, status: builder.status, created: true };
}
