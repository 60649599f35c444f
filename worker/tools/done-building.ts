import { z } from "zod";
import { ToolInputError } from "../workspace/paths";
import { defineTool } from "./tool";

export const doneBuildingTool = defineTool({
  name: "done_building",
  description:
    "Call when the app's code is ready: the platform type-checks and builds it, saves the source as a new version and updates the preview. If it fails, the result lists the problems by file and line; fix them and call it again. Never run npm, tsc or vite yourself.",
  input: z.object({
    summary: z
      .string()
      .min(1)
      .max(500)
      .describe("One or two sentences on what changed in this version, for the user."),
  }),
  async run(ctx, input) {
    if (!ctx.build) throw new ToolInputError("Building is not available in this session.");
    return ctx.build.doneBuilding(input.summary);
  },
});
