import { withTenant } from "../../db/tenant";
import type {
  CredentialsResolver,
  ExecutorOptions,
  ToolOutcome,
} from "../../src/integrations/executor";
import type { ToolAudit } from "../../src/integrations/outcomes";
import { recordToolAudit } from "../../src/integrations/tool-audit";
import type { WebFetchOutcome } from "../../src/integrations/web-fetch";
import type { ToolResult } from "../tools/tool";
import { type AgentToolContext, agentActor } from "./context";

export type { CredentialsResolver };

/** What the model may read of one answer: a live response is cut to this many characters. */
export const OUTBOUND_OUTPUT_CHARS = 100_000;

/** Until integrations are set up on an installation, no app has a grant: mock data, said so. */
export const noGrants: CredentialsResolver = async () => null;

export interface Outbound {
  options: ExecutorOptions;
  credentials: CredentialsResolver;
}

/** Without a configured way out: production rules, no test stand-ins, no grants. */
export const outboundOf = (ctx: AgentToolContext): Outbound =>
  ctx.outbound ?? { options: { production: true }, credentials: noGrants };

const cap = (text: string) =>
  text.length > OUTBOUND_OUTPUT_CHARS
    ? `${text.slice(0, OUTBOUND_OUTPUT_CHARS)}\n…[cut at ${OUTBOUND_OUTPUT_CHARS} characters]`
    : text;

/** The executor's outcome as the model sees it; denials also go in the run's events. */
export async function toolResultOf(
  ctx: AgentToolContext,
  toolName: string,
  outcome: ToolOutcome | WebFetchOutcome,
): Promise<ToolResult> {
  switch (outcome.kind) {
    case "executed":
      return {
        output: cap(
          "text" in outcome
            ? JSON.stringify({
                status: outcome.status,
                truncated: outcome.truncated,
                text: outcome.text,
              })
            : JSON.stringify({ status: outcome.status, data: outcome.data }),
        ),
        isError: false,
      };
    case "mocked":
      return {
        output: JSON.stringify({
          mock: true,
          mockReason: outcome.reason,
          note: `Sample data, not a live answer: ${outcome.message} Say so when you use it.`,
          data: outcome.data,
        }),
        isError: false,
        mock: { reason: outcome.reason },
      };
    case "denied":
      await ctx.emit({
        type: "tool-refused",
        toolName,
        code: outcome.code,
        message: outcome.message,
      });
      return {
        output: `Refused (${outcome.code}): ${outcome.message} ${outcome.hint} Nothing was sent by ${toolName}.`,
        isError: true,
      };
    case "failed":
      return {
        output: `Error (${outcome.code}${outcome.status ? `, HTTP ${outcome.status}` : ""}): ${outcome.message} ${outcome.hint}`,
        isError: true,
      };
  }
}

/** The call's audit row, as the agent, in its own short transaction (none is held while calling). */
export async function auditOutbound(
  ctx: AgentToolContext,
  audit: ToolAudit,
  secrets: Record<string, string> | null,
): Promise<void> {
  await withTenant(ctx.db.db, { workspaceId: ctx.workspaceId }, (tx) =>
    recordToolAudit(tx, agentActor(ctx), audit, { appId: ctx.appId, runId: ctx.runId }, secrets),
  );
  ctx.audited?.(ctx.workspaceId);
}
