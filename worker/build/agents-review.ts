import { readFile } from "node:fs/promises";
import path from "node:path";
import { withTenant } from "../../db/tenant";
import { canonicalAgents } from "../../src/agents/canonical";
import { currentAgents } from "../../src/agents/current";
import { type AgentsSummary, summariseAgents } from "../../src/agents/summary";
import { AGENTS_FILE, parseAgentsFile } from "../../src/sdk/agents";
import { ToolInputError } from "../workspace/paths";
import { builderActor } from "./audit";
import type { BuildContext } from "./service";

/**
 * What present_agents puts on its card: the agents.json of the app's current build — the file an
 * approval pins — refused when there is none, or when the workspace's copy changed since that build.
 */
export async function reviewAgents(
  ctx: Pick<BuildContext, "db" | "workspaceId" | "appId" | "runId" | "userId" | "root">,
): Promise<AgentsSummary> {
  const actor = builderActor({ ...ctx, userId: ctx.userId ?? ctx.appId });
  const current = await withTenant(ctx.db.db, { workspaceId: ctx.workspaceId }, (tx) =>
    currentAgents(tx, actor, ctx.appId),
  );
  if (current.kind === "none")
    throw new ToolInputError(
      current.problems.length > 0
        ? `The current build's ${AGENTS_FILE} is not valid — ${current.problems[0]}. Fix it and call done_building, then present_agents.`
        : `The app's current build has no ${AGENTS_FILE}. Write it, call done_building, then present_agents.`,
    );
  const text = await readFile(path.join(ctx.root, AGENTS_FILE), "utf8").catch(() => null);
  const parsed = text === null ? null : parseAgentsFile(text);
  if (!parsed?.ok || canonicalAgents(parsed.file).hash !== current.hash)
    throw new ToolInputError(
      `${AGENTS_FILE} changed since the last build. Call done_building first, then present_agents.`,
    );
  return summariseAgents(current.file, current.hash);
}
