import { z } from "zod";
import { ToolInputError } from "../workspace/paths";
import { defineTool, type ToolContext } from "./tool";

const input = z.object({
  summary: z
    .string()
    .max(1000)
    .optional()
    .describe("One or two sentences on what the agents do, for the person approving them."),
});

async function card(ctx: ToolContext, given: z.output<typeof input>) {
  if (!ctx.build?.reviewAgents)
    throw new ToolInputError("Presenting agents is not available in this session.");
  const review = await ctx.build.reviewAgents();
  return { ...given, ...review };
}

export const presentAgentsTool = defineTool({
  name: "present_agents",
  description:
    "After done_building succeeded with an agents.json, show the user the app's agents for approval, then stop. The card lists every agent, its tools with the domains they reach, the collections it reads or writes and what starts it; approving pins the file's exact contents. The answer arrives as this tool's result: an approval (live, or for mock data only), or feedback to change the agents.",
  input,
  present: card,
  async run(ctx, given) {
    const shown = await card(ctx, given);
    return `Presented ${shown.agents.length} agent(s) for approval; waiting for the user's answer.`;
  },
});
