import { z } from "zod";
import { deleteFile } from "../workspace/files";
import { defineTool } from "./tool";

export const deleteFileTool = defineTool({
  name: "delete_file",
  description: "Delete one file from the app workspace. Directories are not deleted.",
  input: z.object({
    path: z.string().describe('File to delete, relative to the app workspace, e.g. "src/Old.tsx".'),
  }),
  async run(ctx, input) {
    const result = await deleteFile(ctx, input.path);
    return `Deleted ${result.path}.`;
  },
});
