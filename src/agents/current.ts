import type { Tx } from "../../db/tenant";
import { currentBuildFile } from "../builds/current-file";
import type { Actor } from "../context";
import { AGENTS_FILE, type AgentsFile, parseAgentsFile } from "../sdk/agents";
import { canonicalAgents } from "./canonical";

export type CurrentAgents =
  | { kind: "none"; problems: string[] }
  | { kind: "declared"; hash: string; payload: Record<string, unknown>; file: AgentsFile };

/** The agents.json of the app's current build, canonicalised; the app must be checked first. */
export async function currentAgents(tx: Tx, actor: Actor, appId: string): Promise<CurrentAgents> {
  const current = await currentBuildFile(tx, actor, appId, AGENTS_FILE);
  if (current.buildId === null || current.text === null)
    return {
      kind: "none",
      problems: current.buildId !== null && current.tooLarge ? [`${AGENTS_FILE} is too large`] : [],
    };
  const parsed = parseAgentsFile(current.text);
  if (!parsed.ok) return { kind: "none", problems: parsed.problems };
  return { kind: "declared", ...canonicalAgents(parsed.file), file: parsed.file };
}
