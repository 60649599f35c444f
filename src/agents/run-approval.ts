import { and, eq } from "drizzle-orm";
import { type ApprovalMode, appAgentApprovals } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { MAX_VIEW_BYTES } from "../builds/builds";
import { currentBuildEntry } from "../builds/current-file";
import { readBlobs } from "../builds/store";
import type { Actor } from "../context";
import { publishedVersion } from "../publishing/store";
import {
  AGENTS_FILE,
  type AgentDecl,
  agentsFileSchema,
  declaredAgent,
  parseAgentsFile,
} from "../sdk/agents";
import { canonicalAgents } from "./canonical";

export type ApprovedAgent =
  | { ok: true; hash: string; mode: ApprovalMode; agent: AgentDecl }
  | {
      ok: false;
      /**
       * none: never approved (or revoked); stale: the file changed since; unknown_agent: not in
       * the approved payload; not_published: the published scope of an app with no live version.
       */
      reason: "none" | "stale" | "unknown_agent" | "not_published";
      message: string;
    };

function agentIn(payload: unknown, agentId: string) {
  const parsed = agentsFileSchema.safeParse(payload);
  return parsed.success ? declaredAgent(parsed.data, agentId) : null;
}

/**
 * The published scope runs under the live version's payload, approved live when it was published
 * (docs/decisions/0014): the draft's approval row and file play no part. The app row is
 * share-locked with `lock`, so a tool step orders against a publish or rollback switching versions.
 */
async function publishedAgentNow(
  tx: Tx,
  actor: Pick<Actor, "workspaceId">,
  appId: string,
  agentId: string,
  lock: boolean,
): Promise<ApprovedAgent> {
  const version = await publishedVersion(tx, actor.workspaceId, appId, { lock });
  if (!version)
    return {
      ok: false,
      reason: "not_published",
      message: "This app has no published version yet, so its agents run on draft data only.",
    };
  if (!version.agentsPayload || !version.agentsHash || !version.agentsMode)
    return {
      ok: false,
      reason: "none",
      message: `The published version (${version.number}) of this app declares no agents.`,
    };
  const agent = agentIn(version.agentsPayload, agentId);
  if (!agent)
    return {
      ok: false,
      reason: "unknown_agent",
      message: `Unknown agent “${agentId}” in the published version (${version.number}).`,
    };
  return { ok: true, hash: version.agentsHash, mode: version.agentsMode, agent };
}

/**
 * The agent as its scope's approval says NOW. Draft: the app's approval row re-read, its hash
 * compared with the current build's agents.json, and the agent looked up in the approved payload
 * (never in the file a run started from). Published: the live version's payload. Both the start
 * of a run and every tool call go through here.
 */
export async function approvedAgentNow(
  tx: Tx,
  actor: Pick<Actor, "workspaceId">,
  appId: string,
  agentId: string,
  options: { lock?: boolean; scope?: "draft" | "published" } = {},
): Promise<ApprovedAgent> {
  if (options.scope === "published")
    return publishedAgentNow(tx, actor, appId, agentId, options.lock ?? false);
  const query = tx
    .select()
    .from(appAgentApprovals)
    .where(
      and(eq(appAgentApprovals.workspaceId, actor.workspaceId), eq(appAgentApprovals.appId, appId)),
    );
  // A shared lock orders a tool step against a concurrent re-approval or revoke of the row.
  const [row] = options.lock ? await query.for("share") : await query;
  if (!row)
    return {
      ok: false,
      reason: "none",
      message:
        "This app's agents are not approved. An owner or admin approves them in Second, on the app's Agents tab.",
    };
  const currentHash = await currentAgentsHash(tx, actor, appId);
  if (row.staleAt !== null || row.hash !== currentHash)
    return {
      ok: false,
      reason: "stale",
      message:
        "This app's agents changed since they were approved. An owner or admin reviews and approves them again in Second, on the app's Agents tab.",
    };
  const agent = agentIn(row.payload, agentId);
  if (!agent) return { ok: false, reason: "unknown_agent", message: `Unknown agent “${agentId}”.` };
  return { ok: true, hash: row.hash, mode: row.mode, agent };
}

// Canonical hashes by content hash: a blob's content never changes, so neither does its hash.
const CANONICAL = new Map<string, string | null>();
const CANONICAL_CACHE_MAX = 1000;

/** The canonical hash of the current build's agents.json (null: none, or not valid). */
async function currentAgentsHash(tx: Tx, actor: Pick<Actor, "workspaceId">, appId: string) {
  const current = await currentBuildEntry(tx, actor as Actor, appId, AGENTS_FILE);
  const entry = current?.entry;
  if (!entry || entry.size > MAX_VIEW_BYTES) return null;
  const known = CANONICAL.get(entry.hash);
  if (known !== undefined) return known;
  const blob = (await readBlobs(tx, actor.workspaceId, [entry.hash])).get(entry.hash);
  if (!blob) return null;
  const parsed = parseAgentsFile(Buffer.from(blob).toString("utf8"));
  const hash = parsed.ok ? canonicalAgents(parsed.file).hash : null;
  if (CANONICAL.size >= CANONICAL_CACHE_MAX) CANONICAL.delete(CANONICAL.keys().next().value!);
  CANONICAL.set(entry.hash, hash);
  return hash;
}
