import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { agentRuns } from "../../db/schema";
import { rawOf } from "../../db/tenant";
import { assertCanManage, requireApp } from "../apps/apps";
import { recordAudit } from "../audit/record";
import { currentBuild, storedText } from "../builds/current-file";
import { insertBuild, insertSnapshot, manifestHash, putBlobs } from "../builds/store";
import type { TenantCtx } from "../context";
import { conflict, notFound, ServiceError } from "../errors";
import { supersedePendingReview } from "../publishing/reviews";
import { AGENTS_FILE, agentCollectionProblems, parseAgentsFile } from "../sdk/agents";
import { COLLECTIONS_FILE, parseCollectionsFile } from "../sdk/collections";
import { markApprovalStale } from "./approvals";
import { canonicalAgents } from "./canonical";

type RawTool = { name?: unknown; enabled?: unknown };
type RawFile = { agents?: { id?: unknown; tools?: RawTool[] }[] };

/**
 * Switches one tool of one agent on or off. That changes agents.json — so its hash, so any
 * approval goes stale — exactly as a build would: a new saved version whose only difference is
 * agents.json, and a new current build serving the same bundle (the app's code does not read
 * agents.json; the platform does). The builder's workspace picks the version up on its next run.
 */
export async function setToolEnabled(
  ctx: TenantCtx,
  input: { appId: string; agentId: string; toolName: string; enabled: boolean; hash: string },
) {
  const { tx, actor } = ctx;
  const app = await requireApp(tx, actor, input.appId);
  assertCanManage(actor, app);
  const [busy] = await tx
    .select({ id: agentRuns.id })
    .from(agentRuns)
    .where(
      and(
        eq(agentRuns.workspaceId, actor.workspaceId),
        eq(agentRuns.appId, app.id),
        eq(agentRuns.kind, "builder"),
        inArray(agentRuns.status, ["pending", "running"]),
      ),
    )
    .limit(1);
  if (busy)
    throw conflict("The builder is working on this app. Wait for it to finish, then try again.");
  // Two edits of one app take turns, so the second reads the version the first made.
  await rawOf(tx)`select pg_advisory_xact_lock(hashtextextended(${`agents-file:${app.id}`}, 0))`;
  const current = await currentBuild(tx, actor, app.id);
  const entry = current?.files.find((f) => f.path === AGENTS_FILE);
  const text = current ? await storedText(tx, actor.workspaceId, entry) : null;
  const parsed = text === null ? null : parseAgentsFile(text);
  if (!current || !parsed?.ok)
    throw new ServiceError("PRECONDITION_FAILED", `This app has no valid ${AGENTS_FILE}.`);
  const before = canonicalAgents(parsed.file).hash;
  if (before !== input.hash)
    throw conflict(`${AGENTS_FILE} changed since you looked at it. Review the agents again.`);

  const raw = JSON.parse(text!) as RawFile;
  const agent = raw.agents?.find((a) => a.id === input.agentId);
  if (!agent) throw notFound("Agent");
  const tool = agent.tools?.find((t) => t.name === input.toolName);
  if (!tool) throw notFound("Tool");
  if ((tool.enabled ?? true) === input.enabled) return { hash: before, changed: false };
  tool.enabled = input.enabled;
  const nextText = `${JSON.stringify(raw, null, 2)}\n`;
  const next = parseAgentsFile(nextText);
  const collections = parseCollectionsFile(
    (await storedText(
      tx,
      actor.workspaceId,
      current.files.find((f) => f.path === COLLECTIONS_FILE),
    )) ?? "",
  );
  const problems = next.ok
    ? agentCollectionProblems(next.file, collections.ok ? collections.file : null)
    : next.problems;
  if (!next.ok || problems.length > 0)
    throw new ServiceError(
      "VALIDATION",
      `That would make ${AGENTS_FILE} invalid — ${problems[0]}.`,
    );
  const after = canonicalAgents(next.file).hash;

  const content = Buffer.from(nextText, "utf8");
  const stored = {
    path: AGENTS_FILE,
    content,
    hash: createHash("sha256").update(content).digest("hex"),
    size: content.length,
  };
  await putBlobs(tx, actor.workspaceId, [stored]);
  const files = current.files.map((f) =>
    f.path === AGENTS_FILE ? { path: f.path, hash: stored.hash, size: stored.size } : f,
  );
  const snapshotId = await insertSnapshot(tx, {
    workspaceId: actor.workspaceId,
    appId: app.id,
    runId: null,
    createdBy: actor.userId,
    files,
    sourceHash: manifestHash(files),
  });
  const verb = input.enabled ? "Turned on" : "Turned off";
  const buildId = await insertBuild(tx, {
    workspaceId: actor.workspaceId,
    appId: app.id,
    runId: null,
    snapshotId,
    status: "succeeded",
    summary: `${verb} the tool ${input.toolName} of the agent ${input.agentId}.`,
    problems: [],
    artifacts: current.build.artifacts,
    typecheckMs: 0,
    buildMs: 0,
    totalMs: 0,
  });
  await markApprovalStale(tx, {
    workspaceId: actor.workspaceId,
    appId: app.id,
    newHash: after,
    auditAs: actor,
  });
  await supersedePendingReview(
    tx,
    { workspaceId: actor.workspaceId, appId: app.id },
    "new_build",
    actor,
  );
  await recordAudit(tx, actor, {
    action: "app.agents_config.tool_toggled",
    target: { type: "app", id: app.id, name: app.name },
    summary: `${actor.displayName} ${verb.toLowerCase()} a tool of an agent of “${app.name}”.`,
    metadata: {
      agentId: input.agentId,
      toolName: input.toolName,
      enabled: input.enabled,
      previousHash: before,
      hash: after,
      snapshotId,
      buildId,
    },
  });
  return { hash: after, changed: true };
}
