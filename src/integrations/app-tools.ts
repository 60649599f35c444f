import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { appAgentApprovals, appVersions } from "../../db/schema";
import { type Tx, withTenant } from "../../db/tenant";
import { currentAgents } from "../agents/current";
import { requireMaker, requireViewer } from "../apps/access";
import { recordAudit } from "../audit/record";
import type { Actor } from "../context";
import { ServiceError } from "../errors";
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

export type AppToolScope = "draft" | "published";

/** A call refused before it reached the executor, for a reason worth an audit row. */
class AppToolRefusal extends ServiceError {
  constructor(
    code: "PRECONDITION_FAILED" | "NOT_FOUND",
    message: string,
    readonly reason: "not_approved" | "not_published" | "unknown_tool",
  ) {
    super(code, message);
  }
}

const NOT_APPROVED =
  "This app's tools are not approved for its current version. An owner or admin approves them in Second, on the app's Agents tab.";

/** The approval a call in this scope runs under: its mode and the payload whose hash was approved. */
async function approvalInScope(tx: Tx, actor: Actor, appId: string, scope: AppToolScope) {
  if (scope === "published") {
    // Anyone who may open the published app; its version fixes the payload and the mode.
    const app = await requireViewer(tx, actor, appId);
    const [version] = app.publishedVersionId
      ? await tx
          .select({ payload: appVersions.agentsPayload, mode: appVersions.agentsMode })
          .from(appVersions)
          .where(
            and(
              eq(appVersions.workspaceId, actor.workspaceId),
              eq(appVersions.id, app.publishedVersionId),
            ),
          )
      : [];
    if (!version)
      throw new AppToolRefusal(
        "PRECONDITION_FAILED",
        "This app has no published version yet, so its tools run in the draft only.",
        "not_published",
      );
    if (!version.payload || !version.mode)
      throw new AppToolRefusal(
        "PRECONDITION_FAILED",
        "The published version of this app declares no approved tools.",
        "not_approved",
      );
    return { mode: version.mode, payload: version.payload as unknown };
  }
  // The draft is its makers' own: it runs under the approval of the current build's file.
  await requireMaker(tx, actor, appId);
  const [row] = await tx
    .select()
    .from(appAgentApprovals)
    .where(
      and(eq(appAgentApprovals.workspaceId, actor.workspaceId), eq(appAgentApprovals.appId, appId)),
    );
  const current = await currentAgents(tx, actor, appId);
  const currentHash = current.kind === "declared" ? current.hash : null;
  if (!row || row.staleAt !== null || row.hash !== currentHash)
    throw new AppToolRefusal("PRECONDITION_FAILED", NOT_APPROVED, "not_approved");
  return { mode: row.mode, payload: row.payload as unknown };
}

/**
 * The app's approved tool by name, in the frame's scope: the draft runs under the approval of
 * the current build's agents.json (else PRECONDITION_FAILED), the published app under its
 * version's approved payload; the tool must be one of that payload's appTools (else NOT_FOUND).
 * The iframe supplies only the name.
 */
async function approvedAppTool(
  tx: Tx,
  actor: Actor,
  appId: string,
  scope: AppToolScope,
  name: string,
) {
  const { mode, payload } = await approvalInScope(tx, actor, appId, scope);
  const parsed = agentsFileSchema.safeParse(payload);
  const tool = parsed.success ? parsed.data.appTools.find((t) => t.name === name) : undefined;
  if (!tool)
    throw new AppToolRefusal(
      "NOT_FOUND",
      `This app has no approved tool named “${name}”. Its tools are the appTools of its agents.json.`,
      "unknown_tool",
    );
  return { tool, mode, payload };
}

/**
 * Runs one of the app's backend functions for the viewer: the spec and the credentials are read
 * in a short transaction, the call goes through the guarded executor outside it, and the outcome
 * is audited as the viewer, from the app, in a transaction of its own.
 */
export async function callAppTool(
  deps: AppToolDeps,
  actor: Actor,
  input: {
    appId: string;
    scope: AppToolScope;
    name: string;
    input: Record<string, unknown>;
  },
): Promise<AppToolResult> {
  const bytes = new TextEncoder().encode(JSON.stringify(input.input)).length;
  if (bytes > APP_TOOL_LIMITS.inputBytes)
    throw new ServiceError(
      "LIMIT_EXCEEDED",
      `A tool's input may be at most ${APP_TOOL_LIMITS.inputBytes / 1024} KB (this one is ${(bytes / 1024).toFixed(1)} KB).`,
    );
  const scope = { workspaceId: actor.workspaceId, userId: actor.userId };
  let call: ToolCall;
  try {
    call = await withTenant(deps.db.db, scope, async (tx) => {
      const { tool, mode, payload } = await approvedAppTool(
        tx,
        actor,
        input.appId,
        input.scope,
        input.name,
      );
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
      } satisfies ToolCall;
    });
  } catch (err) {
    // The app is one the caller may open: its refused call is audited (the tool's name only).
    if (err instanceof AppToolRefusal) {
      await withTenant(deps.db.db, scope, (tx) =>
        recordAudit(tx, actor, {
          action: "integration.tool.denied",
          outcome: "denied",
          summary: `${input.name} (an app tool) was refused: ${err.reason.replaceAll("_", " ")}`,
          target: { type: "app", id: input.appId },
          metadata: {
            appId: input.appId,
            scope: input.scope,
            source: "app",
            tool: input.name,
            code: err.reason,
          },
        }),
      );
      deps.audited?.(actor.workspaceId);
    }
    throw err;
  }
  const outcome = await executeTool(call, deps.options);
  await withTenant(deps.db.db, scope, (tx) =>
    recordToolAudit(
      tx,
      actor,
      outcome.audit,
      { appId: input.appId, scope: input.scope },
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
