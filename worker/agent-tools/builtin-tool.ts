import { z } from "zod";
import { defineTool } from "../tools/tool";
import type { AgentToolContext } from "./context";
import { underApproval } from "./context";

const INPUT = {
  WebFetch: z.strictObject({ url: z.string().max(2000).describe("The https URL to fetch.") }),
  WebSearch: z.strictObject({ query: z.string().max(500).describe("What to search for.") }),
};

/** WebFetch / WebSearch: approved, but this installation gives agents no way out to the web yet. */
export function builtinAgentTool(name: "WebFetch" | "WebSearch") {
  return defineTool({
    name,
    description:
      name === "WebFetch"
        ? "Fetch a web page and return its text."
        : "Search the web and return the top results.",
    input: INPUT[name],
    run: (ctx: AgentToolContext) =>
      underApproval(
        ctx,
        name,
        (agent) =>
          agent.tools.some((t) => t.type === "builtin" && t.name === name && t.enabled)
            ? null
            : { code: "tool_not_approved", message: `${name} is not approved for this agent.` },
        async () => ({
          output: `Error (not_reachable): ${name} is not available on this installation: agents cannot reach the web from here yet. Continue without it and say what you could not look up.`,
          isError: true,
        }),
      ),
  });
}
