import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { apps } from "../../db/schema";
import type { TenantCtx } from "../context";
import { notFound } from "../errors";
import { type AppDocument, insertDocument, removeDocument, updateDocument } from "./documents";
import { DATA_LIMITS, SYSTEM_FIELDS } from "./limits";
import { listDocuments } from "./list";
import { collection } from "./schemas";

/**
 * Moves an app's stored draft records along with a change to its data design: a collection
 * renamed, a field renamed, a field given a new type. Every write goes through the document
 * service, so each is versioned, audited and delivered live. Nothing typed is dropped: a value
 * that does not fit its new type is kept as it was and counted.
 */

const field = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "Field names are identifiers.");
const FIELD_TYPES = [
  "text",
  "longtext",
  "number",
  "date",
  "datetime",
  "status",
  "email",
  "url",
  "boolean",
  "relation",
] as const;

export const MIGRATION_LIMITS = { operations: 20, options: 100 } as const;

export const dataMigration = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("rename-collection"), from: collection, to: collection }),
  z.strictObject({ op: z.literal("rename-field"), collection, from: field, to: field }),
  z.strictObject({
    op: z.literal("retype-field"),
    collection,
    field,
    type: z.enum(FIELD_TYPES),
    format: z.enum(["integer", "decimal", "currency", "percent"]).optional(),
    options: z.array(z.string().min(1).max(100)).max(MIGRATION_LIMITS.options).optional(),
  }),
]);
export type DataMigration = z.infer<typeof dataMigration>;

export const dataMigrations = z
  .array(dataMigration)
  .min(1, "Name at least one change.")
  .max(MIGRATION_LIMITS.operations, `At most ${MIGRATION_LIMITS.operations} changes at once.`);

export interface MigrationResult {
  /** Records moved to a renamed collection. */
  moved: number;
  /** Values moved to a renamed field. */
  renamed: number;
  /** Values converted to a field's new type. */
  converted: number;
  /** Values left as typed: they do not fit the new type, or the new field already held one. */
  kept: number;
}

const PAGE = DATA_LIMITS.pageSize;

/** Applies the changes in order to the app's draft records. Another workspace's app is NOT_FOUND. */
export async function migrateDocuments(
  ctx: TenantCtx,
  appId: string,
  operations: DataMigration[],
): Promise<MigrationResult> {
  const ops = dataMigrations.parse(operations);
  const [app] = await ctx.tx
    .select({ id: apps.id })
    .from(apps)
    .where(and(eq(apps.workspaceId, ctx.actor.workspaceId), eq(apps.id, appId)));
  if (!app) throw notFound("App");
  const result: MigrationResult = { moved: 0, renamed: 0, converted: 0, kept: 0 };
  for (const op of ops) {
    if (op.op === "rename-collection") {
      if (op.from === op.to) continue;
      const from = { appId, scope: "draft" as const, collection: op.from };
      const to = { appId, scope: "draft" as const, collection: op.to };
      for (const doc of await allDocuments(ctx, appId, op.from)) {
        await insertDocument(ctx, to, { id: doc._id, data: dataOf(doc) });
        await removeDocument(ctx, from, doc._id);
        result.moved++;
      }
      continue;
    }
    const loc = { appId, scope: "draft" as const, collection: op.collection };
    for (const doc of await allDocuments(ctx, appId, op.collection)) {
      if (op.op === "rename-field") {
        if (op.from === op.to || !Object.hasOwn(doc, op.from)) continue;
        const existing = doc[op.to];
        if (existing !== undefined && existing !== null && existing !== "") {
          result.kept++;
          continue;
        }
        await updateDocument(ctx, loc, {
          id: doc._id,
          patch: { [op.to]: doc[op.from] },
          unset: [op.from],
          expectedVersion: doc._version,
        });
        result.renamed++;
        continue;
      }
      if (!Object.hasOwn(doc, op.field)) continue;
      const value = doc[op.field];
      if (value === null || value === "") continue;
      const next = convert(value, op);
      if (next === undefined) {
        result.kept++;
        continue;
      }
      if (next === value) continue;
      await updateDocument(ctx, loc, {
        id: doc._id,
        patch: { [op.field]: next },
        expectedVersion: doc._version,
      });
      result.converted++;
    }
  }
  return result;
}

async function allDocuments(ctx: TenantCtx, appId: string, name: string) {
  const out: AppDocument[] = [];
  let cursor: string | null = null;
  do {
    const page = await listDocuments(ctx, {
      appId,
      scope: "draft",
      collection: name,
      limit: PAGE,
      cursor,
    });
    out.push(...page.documents);
    cursor = page.nextCursor;
  } while (cursor && out.length < DATA_LIMITS.documentsPerCollection);
  return out;
}

function dataOf(doc: AppDocument): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(doc).filter(([k]) => !(SYSTEM_FIELDS as readonly string[]).includes(k)),
  );
}

type Retype = Extract<DataMigration, { op: "retype-field" }>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TRUE = /^(?:yes|y|true|1|x|✓|✔|done|on|checked)$/i;
const FALSE = /^(?:no|n|false|0|off|unchecked)$/i;

/** The value in the field's new type; undefined when it does not fit (it is then kept as typed). */
export function convert(value: unknown, op: Retype): unknown {
  switch (op.type) {
    case "text":
    case "longtext":
    case "email":
    case "url":
      if (typeof value === "string") return value;
      if (typeof value === "number" || typeof value === "boolean") return String(value);
      return undefined;
    case "number": {
      const n =
        typeof value === "number"
          ? value
          : typeof value === "string"
            ? Number(value.trim().replace(/[\s,%$€£¥]/g, ""))
            : Number.NaN;
      if (!Number.isFinite(n) || (typeof value === "string" && value.trim() === ""))
        return undefined;
      if (op.format === "integer" && !Number.isInteger(n)) return undefined;
      return n;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "number" && (value === 0 || value === 1)) return value === 1;
      if (typeof value === "string" && TRUE.test(value.trim())) return true;
      if (typeof value === "string" && FALSE.test(value.trim())) return false;
      return undefined;
    case "date":
    case "datetime": {
      if (typeof value !== "string") return undefined;
      const text = value.trim();
      const time = Date.parse(DATE.test(text) ? `${text}T00:00:00Z` : text);
      if (Number.isNaN(time)) return undefined;
      const iso = new Date(time).toISOString();
      return op.type === "date" ? iso.slice(0, 10) : iso;
    }
    case "status": {
      if (typeof value !== "string" && typeof value !== "number") return undefined;
      const text = String(value).trim().toLowerCase();
      return op.options?.find((o) => o.toLowerCase() === text);
    }
    case "relation":
      return typeof value === "string" ? value : undefined;
  }
}
