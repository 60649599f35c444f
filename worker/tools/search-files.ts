import { z } from "zod";
import { searchFiles } from "../workspace/files";
import { LIMITS } from "../workspace/limits";
import { defineTool } from "./tool";

export const searchFilesTool = defineTool({
  name: "search_files",
  description: `Search the text files of the app workspace line by line. Returns up to ${LIMITS.maxSearchResults} matches as path:line:text. node_modules, dist and .git are skipped.`,
  input: z.object({
    query: z
      .string()
      .min(1)
      .max(LIMITS.maxQueryChars)
      .describe("Text to find; case-sensitive. A regular expression when regex is true."),
    glob: z
      .string()
      .optional()
      .describe('Only search paths matching this glob, e.g. "src/**/*.tsx" or "*.css".'),
    regex: z
      .boolean()
      .default(false)
      .describe("Treat query as a JavaScript regular expression instead of literal text."),
  }),
  async run(ctx, input) {
    const { matches, truncated } = await searchFiles(ctx, input.query, {
      glob: input.glob,
      regex: input.regex,
    });
    if (matches.length === 0) return `No matches for ${input.query}.`;
    const lines = matches.map((m) => `${m.path}:${m.line}:${m.text}`);
    if (truncated) lines.push("… more matches not shown; narrow the query or the glob.");
    return lines.join("\n");
  },
});
