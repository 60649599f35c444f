import { z } from "zod";
import { listFiles } from "../workspace/files";
import { LIMITS } from "../workspace/limits";
import { defineTool, formatBytes } from "./tool";

export const listFilesTool = defineTool({
  name: "list_files",
  description: `List files and directories in the app workspace. node_modules, dist and .git are skipped. Returns at most ${LIMITS.maxListEntries} entries.`,
  input: z.object({
    path: z
      .string()
      .default(".")
      .describe(
        'Directory to list, relative to the app workspace, e.g. "src". Defaults to the root.',
      ),
    recursive: z
      .boolean()
      .default(false)
      .describe("List everything below the directory too, not just its direct children."),
  }),
  async run(ctx, input) {
    const { path, entries, truncated } = await listFiles(ctx, input.path, {
      recursive: input.recursive,
    });
    if (entries.length === 0) return `${path} is empty.`;
    const lines = entries.map((e) =>
      e.type === "file" ? `${e.path} (${formatBytes(e.bytes ?? 0)})` : `${e.path}/ (${e.type})`,
    );
    if (truncated)
      lines.push(`… stopped at ${LIMITS.maxListEntries} entries; list a subdirectory.`);
    return lines.join("\n");
  },
});
