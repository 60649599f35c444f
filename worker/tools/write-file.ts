import { z } from "zod";
import { writeFile } from "../workspace/files";
import { LIMITS } from "../workspace/limits";
import { defineTool, formatBytes } from "./tool";

export const writeFileTool = defineTool({
  name: "write_file",
  description: `Create a file in the app workspace or replace its whole content. Parent directories are created. At most ${LIMITS.maxFileBytes / 1024} KB per file. For a small change to an existing file use edit_file.`,
  input: z.object({
    path: z.string().describe('File to write, relative to the app workspace, e.g. "src/App.tsx".'),
    content: z.string().describe("The complete new content of the file."),
  }),
  async run(ctx, input) {
    const result = await writeFile(ctx, input.path, input.content);
    return `${result.created ? "Created" : "Updated"} ${result.path} (${formatBytes(result.bytes)}).`;
  },
});
