import { z } from "zod";
import { defineTool } from "./tool";

export const presentPlanTool = defineTool({
  name: "present_plan",
  description:
    "Show the user a short build plan as a card with Approve and Request changes, then stop. Use it before building a new app or making a large change. The user's answer arrives as this tool's result: an approval means build it, anything else is feedback to revise the plan.",
  input: z.object({
    title: z.string().min(1).max(120).describe('What will be built, e.g. "Build a CRM for leads".'),
    steps: z
      .array(z.string().min(1).max(300))
      .min(1)
      .max(20)
      .describe("The steps in order, one short sentence each, in terms the user understands."),
    summary: z
      .string()
      .max(1000)
      .optional()
      .describe("One or two sentences on the approach or trade-offs, when worth saying."),
  }),
  async run(_ctx, input) {
    return `Presented the plan "${input.title}" (${input.steps.length} steps); waiting for the user's answer.`;
  },
});
