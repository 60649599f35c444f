import { z } from "zod";
import { defineTool } from "./tool";

export const presentSuggestionsTool = defineTool({
  name: "present_suggestions",
  description:
    "Offer the user 2 to 6 next steps as clickable suggestions, then stop. Use it when a piece of work is finished and there are natural follow-ups. The user's choice or their own message arrives as this tool's result.",
  input: z.object({
    suggestions: z
      .array(
        z.object({
          title: z
            .string()
            .min(1)
            .max(80)
            .describe('A short imperative label, e.g. "Add a due date to tasks".'),
          subtitle: z
            .string()
            .max(220)
            .optional()
            .describe("One sentence on what the suggestion changes or why it helps."),
        }),
      )
      .min(2)
      .max(6)
      .describe("The follow-ups to offer, most useful first."),
  }),
  async run(_ctx, input) {
    return `Presented ${input.suggestions.length} suggestions; waiting for the user's choice.`;
  },
});
