import { z } from "zod";
import { INT4_MAX, storableJson, text } from "../safe-input";
import { MAX_CURSOR } from "./cursor";
import { DATA_LIMITS } from "./limits";

export const scope = z.enum(["draft", "published"], { error: "Scope must be draft or published." });
export const collection = z
  .string()
  .regex(
    DATA_LIMITS.collectionName,
    "Collection names start with a letter and use up to 64 letters, digits, _ or -.",
  );
export const documentId = z
  .string()
  .regex(DATA_LIMITS.documentId, "Document ids use 1–128 letters, digits, _ or -.");
const appId = z.uuid("That is not a valid app id.");
const data = storableJson(
  z.record(text(), z.unknown(), { error: "Document data must be a JSON object." }),
);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const AppScopeInput = z.object({ appId, scope });
export const CollectionInput = AppScopeInput.extend({ collection });

export const ListInput = CollectionInput.extend({
  filter: storableJson(z.record(text(), scalar))
    .refine((f) => Object.keys(f).length <= DATA_LIMITS.filterFields, {
      message: `Filter on at most ${DATA_LIMITS.filterFields} fields.`,
    })
    .optional(),
  sort: z
    .object({ field: text().min(1).max(64), direction: z.enum(["asc", "desc"]).default("asc") })
    .optional(),
  limit: z
    .number()
    .int()
    .min(1)
    .max(DATA_LIMITS.pageSize, `At most ${DATA_LIMITS.pageSize} documents per page.`)
    .default(DATA_LIMITS.defaultPageSize),
  /** The previous page's nextCursor (src/data/cursor.ts checks what it holds). */
  cursor: z
    .string()
    .max(MAX_CURSOR, "That is not a valid cursor.")
    .regex(/^k1\.[A-Za-z0-9_-]+$/, "That is not a valid cursor.")
    .nullish(),
});
export const GetInput = CollectionInput.extend({ id: documentId });
export const InsertInput = CollectionInput.extend({ id: documentId.optional(), data });
export const InsertManyInput = CollectionInput.extend({
  documents: z
    .array(z.object({ id: documentId.optional(), data }))
    .min(1, "Send at least one document.")
    .max(DATA_LIMITS.bulkInsert, `Insert at most ${DATA_LIMITS.bulkInsert} documents at once.`),
});
export const UpdateInput = CollectionInput.extend({
  id: documentId,
  patch: data,
  expectedVersion: z.number().int().positive().max(INT4_MAX).optional(),
});
export const UpsertInput = CollectionInput.extend({
  key: z
    .array(text().min(1).max(64))
    .min(1, "Name at least one key field.")
    .max(DATA_LIMITS.upsertKeyFields, `Use at most ${DATA_LIMITS.upsertKeyFields} key fields.`),
  data,
});
export const RemoveInput = CollectionInput.extend({ id: documentId });

export type ListInput = z.infer<typeof ListInput>;
export type Scope = z.infer<typeof scope>;
