import { z } from "zod";
import { readFile } from "../workspace/files";
import { LIMITS } from "../workspace/limits";
import { defineTool } from "./tool";

export const readFileTool = defineTool({
  name: "read_file",
  description: `Read a text file from the app workspace (up to ${LIMITS.maxFileBytes / 1024} KB). Give offset and/or limit to get a numbered slice of lines instead of the whole file.`,
  input: z.object({
    path: z.string().describe('File to read, relative to the app workspace, e.g. "src/App.tsx".'),
    offset: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("First line to return, counting from 1. Returns numbered lines."),
    limit: z
      .number()
      .int()
      .min(1)
      .max(LIMITS.maxReadLines)
      .optional()
      .describe(
        `How many lines to return, at most ${LIMITS.maxReadLines}. Returns numbered lines.`,
      ),
  }),
  async run(ctx, input) {
    const file = await readFile(ctx, input.path, { offset: input.offset, limit: input.limit });
    if (!file.numbered) return file.content === "" ? `${file.path} is empty.` : file.content;
    return `${file.path}, lines ${file.fromLine}–${file.toLine} of ${file.totalLines}:\n${file.content}`;
  },
});
