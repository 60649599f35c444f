import { z } from "zod";
import {
  type AppDocument,
  insertDocument,
  removeDocument,
  updateDocument,
  upsertDocument,
} from "../../src/data/documents";
import { collection, documentId } from "../../src/data/schemas";
import { defineTool, type ToolResult } from "../tools/tool";
import { dataAccess } from "./collections";
import { type AgentToolContext, agentActor, asToolError, underApproval } from "./context";

const OPS = ["insert", "update", "upsert", "delete"] as const;

// One flat object (the model's tool schemas may not branch at the top), checked per operation.
const input = z
  .strictObject({
    collection: collection.describe("The collection to change; it must be approved for writing."),
    op: z
      .enum(OPS)
      .describe("insert a new document, update (merge fields), upsert by key, or delete."),
    id: documentId.optional().describe("The document id: required for update and delete."),
    data: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("insert/upsert: the document's fields; update: only the fields to change."),
    key: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(3)
      .optional()
      .describe("upsert: the fields that identify the document."),
  })
  .superRefine((v, ctx) => {
    const need = (field: "id" | "data" | "key") =>
      v[field] === undefined &&
      ctx.addIssue({ code: "custom", path: [field], message: `${v.op} needs ${field}` });
    if (v.op === "update" || v.op === "delete") need("id");
    if (v.op !== "delete") need("data");
    if (v.op === "upsert") need("key");
  });

export const updateAppDataTool = defineTool({
  name: "update_app_data",
  description:
    "Change the app's data: insert, update, upsert or delete one document in a collection this agent is approved to write. People viewing the app see the change at once.",
  input,
  run: async (ctx: AgentToolContext, call): Promise<ToolResult> => {
    let written: { id: string; doc: AppDocument | null } | null = null;
    const committed: (() => unknown)[] = [];
    const result = await asToolError(() =>
      underApproval(
        ctx,
        "update_app_data",
        (agent, tx) => dataAccess(ctx, tx, agent, call.collection, "write"),
        async (tx) => {
          // Writes may start other agents' runs (document triggers): enqueued once committed.
          const tenant = {
            tx,
            actor: agentActor(ctx),
            agentRuns: ctx.agentRuns,
            afterCommit: (fn: () => unknown) => committed.push(fn),
          };
          const loc = { appId: ctx.appId, scope: ctx.scope, collection: call.collection };
          const data = call.data ?? {};
          if (call.op === "insert") {
            const doc = await insertDocument(tenant, loc, { id: call.id, data });
            written = { id: doc._id, doc };
          } else if (call.op === "update") {
            const doc = await updateDocument(tenant, loc, { id: call.id!, patch: data });
            written = { id: doc._id, doc };
          } else if (call.op === "upsert") {
            const doc = await upsertDocument(tenant, loc, { key: call.key!, data });
            written = { id: doc._id, doc };
          } else {
            await removeDocument(tenant, loc, call.id!);
            written = { id: call.id!, doc: null };
          }
          return { output: "", isError: false };
        },
      ),
    );
    if (!written) return result;
    const { id, doc } = written as { id: string; doc: AppDocument | null };
    for (const fn of committed) await fn();
    ctx.notifier.changed(ctx.workspaceId);
    ctx.audited?.(ctx.workspaceId);
    await ctx.emit({
      type: "data-change",
      collection: call.collection,
      documentId: id,
      op: call.op,
    });
    const verb = { insert: "Inserted", update: "Updated", upsert: "Saved", delete: "Deleted" }[
      call.op
    ];
    return {
      output: JSON.stringify({
        ok: true,
        message: `${verb} ${call.collection}/${id}.`,
        document: doc,
      }),
      isError: false,
    };
  },
});
