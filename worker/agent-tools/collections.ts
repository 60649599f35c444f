import type { Refusal } from "./context";
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

/** Tool output is capped so one call cannot flood the model's context. */
export const OUTPUT_CHARS = 32_000;

export function capped(text: string): string {
  return text.length <= OUTPUT_CHARS
    ? text
    : `${text.slice(0, OUTPUT_CHARS)}\n… (cut at ${OUTPUT_CHARS.toLocaleString("en")} characters; ask for fewer documents)`;
}
