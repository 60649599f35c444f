import { createHash } from "node:crypto";
import stringify from "safe-stable-stringify";
import type { AgentsFile } from "../sdk/agents";

export const CANONICAL_VERSION = "v1";

/**
 * The payload an approval pins: the parsed file (defaults filled in, so leaving a default out and
 * writing it are the same file) without empty lists, which carry no permission.
 */
export function normaliseAgents(file: AgentsFile): Record<string, unknown> {
  const out: Record<string, unknown> = { version: file.version };
  if (file.agents.length > 0)
    out.agents = file.agents.map(({ tools, dataCollections, ...agent }) => ({
      ...agent,
      ...(tools.length > 0 ? { tools } : {}),
      ...(dataCollections.length > 0 ? { dataCollections } : {}),
    }));
  if (file.appTools.length > 0) out.appTools = file.appTools;
  return out;
}

/** `v1:<sha256 hex>` of the normalised payload stringified with sorted keys. */
export function canonicalAgents(file: AgentsFile): {
  hash: string;
  payload: Record<string, unknown>;
} {
  const payload = normaliseAgents(file);
  const hex = createHash("sha256")
    .update(stringify(payload) ?? "")
    .digest("hex");
  return { hash: `${CANONICAL_VERSION}:${hex}`, payload };
}
