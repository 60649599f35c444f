import { z } from "zod";
import { dataMigrations } from "../../src/data/migrate";
import { ToolInputError } from "../workspace/paths";
import { defineTool } from "./tool";

export const migrateDataTool = defineTool({
  name: "migrate_data",
  description:
    "After a successful done_building that renamed a collection or a field, or changed a field's type, move the app's existing draft records to match, so nothing the users typed is lost. Operations run in order: rename-collection (from, to), rename-field (collection, from, to), retype-field (collection, field, type, format, options). Values that do not fit a new type are kept as typed and counted.",
  input: z.object({
    operations: dataMigrations.describe("The changes, in the order they were made."),
  }),
  async run(ctx, input) {
    if (!ctx.build?.migrateData)
      throw new ToolInputError("Migrating data is not available in this session.");
    return ctx.build.migrateData(input.operations);
  },
});
