import { z } from "zod";
import { webFetch } from "../../src/integrations/web-fetch";
import { defineTool } from "../tools/tool";
import type { AgentToolContext } from "./context";
import { underApproval } from "./context";
import { auditOutbound, outboundOf, toolResultOf } from "./outbound";

const INPUT = {
  WebFetch: z.strictObject({ url: z.string().max(2000).describe("The https URL to fetch.") }),
  WebSearch: z.strictObject({ query: z.string().max(500).describe("What to search for.") }),
};

/**
 * WebFetch: a GET of a public https page through the guarded executor, after the approval step
 * and outside its transaction, audited like a custom tool. WebSearch: approved, but this
 * installation has no search service to ask.
 */
export function builtinAgentTool(name: "WebFetch" | "WebSearch") {
  return defineTool({
    name,
    description:
      name === "WebFetch"
        ? "Fetch a web page and return its text."
        : "Search the web and return the top results.",
    input: INPUT[name],
    run: async (ctx: AgentToolContext, input: { url?: string; query?: string }) => {
      let approved = false;
      const gate = await underApproval(
        ctx,
        name,
        (agent) =>
          agent.tools.some((t) => t.type === "builtin" && t.name === name && t.enabled)
            ? null
            : { code: "tool_not_approved", message: `${name} is not approved for this agent.` },
        async () => {
          approved = true;
          return { output: "", isError: false };
        },
      );
      if (!approved) return gate;
      if (name === "WebSearch" || input.url === undefined)
        return {
          output: `Error (not_reachable): ${name} is not available on this installation. Continue without it and say what you could not look up.`,
          isError: true,
        };
      const outcome = await webFetch(input.url, { agentId: ctx.agentId }, outboundOf(ctx).options);
      await auditOutbound(ctx, outcome.audit, null);
      return toolResultOf(ctx, name, outcome);
    },
  });
}
