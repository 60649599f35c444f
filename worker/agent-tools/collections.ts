import type { Tx } from "../../db/tenant";
import { agentRuleRefusal } from "../../src/data/rules";
import { type AgentToolContext, agentActor, type Refusal } from "./context";
import type { AgentDecl } from "./types";

/** Whether the approved agent may read (any access) or write (write access) the collection. */
export function collectionAccess(
  agent: AgentDecl,
  collection: string,
  need: "read" | "write",
): Refusal | null {
  const entry = agent.dataCollections.find((c) => c.name === collection);
  if (!entry)
    return {
      code: "collection_not_approved",
      message: `“${collection}” is not one of the collections this agent was approved to use.`,
    };
  if (need === "write" && entry.access !== "write")
    return {
      code: "read_only_collection",
      message: `“${collection}” is approved for reading only; this agent may not change it.`,
    };
  return null;
}

/**
 * Both must allow it: the approved agents.json grant, then the collection's rule in the run's
 * scope (collections.json `access.agents`, src/data/rules.ts).
 */
export async function dataAccess(
  ctx: AgentToolContext,
  tx: Tx,
  agent: AgentDecl,
  collection: string,
  need: "read" | "write",
): Promise<Refusal | null> {
  const granted = collectionAccess(agent, collection, need);
  if (granted) return granted;
  const loc = { appId: ctx.appId, scope: ctx.scope, collection };
  return agentRuleRefusal(tx, agentActor(ctx), loc, need);
}

/** Tool output is capped so one call cannot flood the model's context. */
export const OUTPUT_CHARS = 32_000;

export function capped(text: string): string {
  return text.length <= OUTPUT_CHARS
    ? text
    : `${text.slice(0, OUTPUT_CHARS)}\n… (cut at ${OUTPUT_CHARS.toLocaleString("en")} characters; ask for fewer documents)`;
}
