import type { Tx } from "../../db/tenant";
import { recordAudit } from "../audit/record";
import type { Actor } from "../context";
import { scrubSecrets } from "./executor";
import type { ToolAudit } from "./outcomes";

const ACTIONS = {
  executed: "integration.tool.executed",
  mocked: "integration.tool.mocked",
  denied: "integration.tool.denied",
  failed: "integration.tool.failed",
} as const;

const RESULT = {
  executed: "success",
  mocked: "success",
  denied: "denied",
  failed: "failure",
} as const;

/** Where the call came from: the app, its scope for an app tool, the run for an agent's. */
export interface ToolAuditContext {
  appId: string;
  runId?: string | null;
  scope?: "draft" | "published";
}

/**
 * The audit metadata of one tool call: only the named fields of its ToolAudit (never a header,
 * URL, body or value), with any secret value scrubbed from the strings for good measure.
 */
export function toolAuditMetadata(
  audit: ToolAudit,
  context: ToolAuditContext,
  secrets: Record<string, string> | null = null,
): Record<string, string | number | null> {
  const text = (s: string | null) => (s === null ? null : scrubSecrets(s, secrets));
  return {
    appId: context.appId,
    runId: context.runId ?? null,
    ...(context.scope ? { scope: context.scope } : {}),
    tool: text(audit.tool),
    source: audit.source,
    agentId: text(audit.agentId),
    domain: text(audit.domain),
    grantId: audit.grantId,
    method: audit.method,
    httpStatus: audit.httpStatus,
    durationMs: audit.durationMs,
    responseBytes: audit.responseBytes,
    code: text(audit.code),
    address: audit.address,
  };
}

/** Writes the tool call's audit row in the caller's transaction. */
export async function recordToolAudit(
  tx: Tx,
  actor: Actor,
  audit: ToolAudit,
  context: ToolAuditContext,
  secrets: Record<string, string> | null = null,
): Promise<void> {
  const metadata = toolAuditMetadata(audit, context, secrets);
  await recordAudit(tx, actor, {
    action: ACTIONS[audit.outcome],
    outcome: RESULT[audit.outcome],
    summary: `${metadata.tool} on ${metadata.domain}: ${audit.outcome}${audit.code ? ` (${metadata.code})` : ""}`,
    target: { type: "app", id: context.appId },
    metadata,
  });
}
