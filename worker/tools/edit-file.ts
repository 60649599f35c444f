import { z } from "zod";
import { editFile } from "../workspace/files";
import { defineTool } from "./tool";

export const editFileTool = defineTool({
  name: "edit_file",
  description:
    "Replace exact text in a file of the app workspace. oldText must match the file exactly (whitespace included) and only once, unless replaceAll is set. Read the file first.",
  input: z.object({
    path: z.string().describe('File to edit, relative to the app workspace, e.g. "src/App.tsx".'),
    oldText: z
      .string()
      .min(1)
      .describe("The exact text to replace, with enough surrounding lines to be unique."),
    newText: z.string().describe("The text to put in its place."),
    replaceAll: z
      .boolean()
      .default(false)
      .describe("Replace every occurrence of oldText instead of requiring exactly one."),
  }),
  async run(ctx, input) {
    const result = await editFile(ctx, input.path, input);
    const times = result.replacements === 1 ? "1 occurrence" : `${result.replacements} occurrences`;
    return `Replaced ${times} in ${result.path}.`;
  },
});
