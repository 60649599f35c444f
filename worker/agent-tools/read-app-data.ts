import { z } from "zod";
import { getDocument, listDocuments } from "../../src/data/list";
import { collection, documentId } from "../../src/data/schemas";
import { defineTool } from "../tools/tool";
import { capped, dataAccess } from "./collections";
import { type AgentToolContext, agentActor, asToolError, underApproval } from "./context";

export const READ_LIMIT_MAX = 50;

export const readAppDataTool = defineTool({
  name: "read_app_data",
  description:
    "Read the app's data: one document by id, or a list (optionally filtered by exact field values). Only collections this agent is approved to use.",
  input: z.strictObject({
    collection: collection.describe("The collection to read."),
    id: documentId.optional().describe("A document id: read just that document."),
    filter: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .describe("Only documents whose fields equal these values."),
    limit: z.number().int().min(1).max(READ_LIMIT_MAX).default(20).describe("At most this many."),
  }),
  run: (ctx: AgentToolContext, input) =>
    asToolError(() =>
      underApproval(
        ctx,
        "read_app_data",
        (agent, tx) => dataAccess(ctx, tx, agent, input.collection, "read"),
        async (tx) => {
          const tenant = { tx, actor: agentActor(ctx) };
          const loc = { appId: ctx.appId, scope: ctx.scope, collection: input.collection };
          if (input.id) {
            const doc = await getDocument(tenant, loc, input.id);
            return { output: capped(JSON.stringify({ document: doc })), isError: false };
          }
          const page = await listDocuments(tenant, {
            ...loc,
            filter: input.filter,
            limit: input.limit,
          });
          const out = { documents: page.documents, more: page.nextCursor !== null };
          return { output: capped(JSON.stringify(out)), isError: false };
        },
      ),
    ),
});
