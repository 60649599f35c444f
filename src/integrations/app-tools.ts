import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { appAgentApprovals } from "../../db/schema";
import { type Tx, withTenant } from "../../db/tenant";
import { currentAgents } from "../agents/current";
import { requireApp } from "../apps/apps";
import type { Actor } from "../context";
import { notFound, ServiceError } from "../errors";
import { agentsFileSchema } from "../sdk/agents";
import {
  type CredentialsResolver,
  type ExecutorOptions,
  executeTool,
  type ToolCall,
} from "./executor";
import { recordToolAudit } from "./tool-audit";

export const APP_TOOL_LIMITS = { inputBytes: 16 * 1024 };

export interface AppToolDeps {
  db: Database;
  options: ExecutorOptions;
  credentials: CredentialsResolver;
  audited?: (workspaceId: string) => void;
}

/** What the app receives: the answer, mock data with its reason, or a typed refusal/failure. */
export type AppToolResult =
  | { kind: "executed"; status: number; data: unknown }
  | { kind: "mocked"; reason: string; message: string; data: unknown }
  | {
      kind: "denied" | "failed";
      code: string;
      message: string;
      hint: string;
      status: number | null;
    };

/**
 * The app's approved tool by name, as the approval row says now: the app's agents must be
 * approved for the current build's agents.json (else PRECONDITION_FAILED), and the tool must be
 * one of its approved appTools (else NOT_FOUND). The iframe supplies only the name.
 */
async function approvedAppTool(tx: Tx, actor: Actor, appId: string, name: string) {
  await requireApp(tx, actor, appId);
  const [row] = await tx
    .select()
    .from(appAgentApprovals)
    .where(
      and(eq(appAgentApprovals.workspaceId, actor.workspaceId), eq(appAgentApprovals.appId, appId)),
    );
  const current = await currentAgents(tx, actor, appId);
  const currentHash = current.kind === "declared" ? current.hash : null;
  if (!row || row.staleAt !== null || row.hash !== currentHash)
    throw new ServiceError(
      "PRECONDITION_FAILED",
      "This app's tools are not approved for its current version. An owner or admin approves them in Second, on the app's Agents tab.",
    );
  const parsed = agentsFileSchema.safeParse(row.payload);
  const tool = parsed.success ? parsed.data.appTools.find((t) => t.name === name) : undefined;
  if (!tool) throw notFound("App tool");
  return { tool, mode: row.mode, payload: row.payload };
}

/**
 * Runs one of the app's backend functions for the viewer: the spec and the credentials are read
 * in a short transaction, the call goes through the guarded executor outside it, and the outcome
 * is audited as the viewer, from the app, in a transaction of its own.
 */
export async function callAppTool(
  deps: AppToolDeps,
  actor: Actor,
  input: { appId: string; name: string; input: Record<string, unknown> },
): Promise<AppToolResult> {
  if (new TextEncoder().encode(JSON.stringify(input.input)).length > APP_TOOL_LIMITS.inputBytes)
    throw new ServiceError(
      "LIMIT_EXCEEDED",
      `A tool's input may be at most ${APP_TOOL_LIMITS.inputBytes / 1024} KB.`,
    );
  const scope = { workspaceId: actor.workspaceId, userId: actor.userId };
  const call: ToolCall = await withTenant(deps.db.db, scope, async (tx) => {
    const { tool, mode, payload } = await approvedAppTool(tx, actor, input.appId, input.name);
    const credentials =
      mode === "live"
        ? await deps.credentials(tx, {
            workspaceId: actor.workspaceId,
            appId: input.appId,
            domain: tool.integration.domain,
            keySlug: tool.integration.keySlug,
            userId: actor.userId,
          })
        : null;
    return {
      source: { kind: "app" },
      tool,
      input: input.input,
      approval: { mode, payload },
      credentials,
    };
  });
  const outcome = await executeTool(call, deps.options);
  await withTenant(deps.db.db, scope, (tx) =>
    recordToolAudit(
      tx,
      actor,
      outcome.audit,
      { appId: input.appId },
      call.credentials?.secrets ?? null,
    ),
  );
  deps.audited?.(actor.workspaceId);
  switch (outcome.kind) {
    case "executed":
      return { kind: "executed", status: outcome.status, data: outcome.data };
    case "mocked":
      return {
        kind: "mocked",
        reason: outcome.reason,
        message: outcome.message,
        data: outcome.data,
      };
    case "denied":
      return {
        kind: "denied",
        code: outcome.code,
        message: outcome.message,
        hint: outcome.hint,
        status: null,
      };
    case "failed":
      return {
        kind: "failed",
        code: outcome.code,
        message: outcome.message,
        hint: outcome.hint,
        status: outcome.status,
      };
  }
}
