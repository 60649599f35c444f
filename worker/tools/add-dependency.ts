import { z } from "zod";
import { ALLOWED_PACKAGES } from "../build/deps";
import { ToolInputError } from "../workspace/paths";
import { defineTool } from "./tool";

export const addDependencyTool = defineTool({
  name: "add_dependency",
  description: `Make an npm package available to the app. Only these are allowed: ${Object.keys(ALLOWED_PACKAGES).join(", ")}. React, Tailwind, zod, clsx, tailwind-merge and lucide-react are already there. Pass the bare package name; the platform picks the version.`,
  input: z.object({
    name: z.string().min(1).max(214).describe('The package name, e.g. "date-fns".'),
  }),
  async run(ctx, input) {
    if (!ctx.build) throw new ToolInputError("Adding packages is not available in this session.");
    return ctx.build.addDependency(input.name);
  },
});
