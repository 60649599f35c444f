import { z } from "zod";
import { type ParsedFile, parseJsonFile } from "./json-file";

/**
 * `collections.json` at an app's root: the one declaration of its collections — fields and their
 * types, the field that names a record, indexes and access rules. The builder writes it,
 * done_building validates it, the server hands it to the data explorer, and apps may import its
 * types. Indexes and access rules are declared here now; the data service enforces them later.
 */
export const COLLECTIONS_FILE = "collections.json";

export const FIELD_TYPES = [
  "string",
  "text",
  "number",
  "integer",
  "boolean",
  "date",
  "datetime",
  "email",
  "url",
  "select",
  "reference",
  "json",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const LIMITS = { collections: 50, fields: 100, options: 100, indexes: 10, indexFields: 4 };

const collectionName = z
  .string()
  .regex(COLLECTION_NAME, "use a letter, then up to 63 letters, digits, _ or -");
const fieldName = z.string().regex(FIELD_NAME, "use a letter, then up to 63 letters, digits or _");
const label = z.string().trim().min(1).max(80);

export const fieldSchema = z
  .strictObject({
    type: z.enum(FIELD_TYPES, { error: `type must be one of: ${FIELD_TYPES.join(", ")}` }),
    label: label.optional(),
    required: z.boolean().default(false),
    /** `select`: the allowed values, in order. */
    options: z.array(z.string().min(1).max(100)).min(1).max(LIMITS.options).optional(),
    /** `reference`: the collection whose record `_id` the field holds. */
    collection: collectionName.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.type === "select" && !f.options)
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: "a select field lists its options",
      });
    if (f.type !== "select" && f.options)
      ctx.addIssue({
        code: "custom",
        path: ["options"],
        message: "only select fields have options",
      });
    if (f.type === "reference" && !f.collection)
      ctx.addIssue({
        code: "custom",
        path: ["collection"],
        message: "a reference field names the collection it points at",
      });
    if (f.type !== "reference" && f.collection)
      ctx.addIssue({
        code: "custom",
        path: ["collection"],
        message: "only reference fields name a collection",
      });
  });

export const collectionSchema = z
  .strictObject({
    label: label.optional(),
    fields: z
      .record(fieldName, fieldSchema)
      .refine((f) => Object.keys(f).length >= 1, "declare at least one field")
      .refine((f) => Object.keys(f).length <= LIMITS.fields, `at most ${LIMITS.fields} fields`),
    /** The field that names a record: its title in lists, references and pickers. */
    display: fieldName.optional(),
    indexes: z
      .array(
        z.strictObject({
          fields: z.array(fieldName).min(1).max(LIMITS.indexFields),
          unique: z.boolean().default(false),
        }),
      )
      .max(LIMITS.indexes)
      .default([]),
    access: z
      .strictObject({
        viewers: z.enum(["read", "write", "none"]).default("write"),
        agents: z.enum(["read", "write"]).default("read"),
      })
      .default({ viewers: "write", agents: "read" }),
  })
  .superRefine((c, ctx) => {
    const has = (name: string) => Object.hasOwn(c.fields, name);
    if (c.display !== undefined && !has(c.display))
      ctx.addIssue({ code: "custom", path: ["display"], message: `no field named "${c.display}"` });
    c.indexes.forEach((index, i) => {
      for (const name of index.fields)
        if (!has(name))
          ctx.addIssue({
            code: "custom",
            path: ["indexes", i, "fields"],
            message: `no field named "${name}"`,
          });
    });
  });

export const collectionsFileSchema = z
  .strictObject({
    version: z.literal(1, { error: "version must be 1" }),
    collections: z
      .record(collectionName, collectionSchema)
      .refine(
        (c) => Object.keys(c).length <= LIMITS.collections,
        `at most ${LIMITS.collections} collections`,
      ),
  })
  .superRefine((file, ctx) => {
    for (const [name, collection] of Object.entries(file.collections)) {
      for (const [key, field] of Object.entries(collection.fields)) {
        if (field.collection !== undefined && !Object.hasOwn(file.collections, field.collection))
          ctx.addIssue({
            code: "custom",
            path: ["collections", name, "fields", key, "collection"],
            message: `no collection named "${field.collection}"`,
          });
      }
    }
  });

export type FieldDecl = z.infer<typeof fieldSchema>;
export type CollectionDecl = z.infer<typeof collectionSchema>;
export type CollectionRule = CollectionDecl["access"];
export type CollectionsFile = z.infer<typeof collectionsFileSchema>;
/** What an app writes: defaults may be left out. */
export type CollectionsFileInput = z.input<typeof collectionsFileSchema>;

/** The file's text parsed, or its first problems as "path: problem" lines a person can act on. */
export const parseCollectionsFile = (text: string): ParsedFile<CollectionsFile> =>
  parseJsonFile(collectionsFileSchema, text);

/** A declared collection by name (own keys only: a name like "constructor" is data, not a method). */
export function declaredCollection(file: CollectionsFile | null | undefined, name: string) {
  return file && Object.hasOwn(file.collections, name) ? file.collections[name]! : null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const validDate = (s: string) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s));

function shown(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the text ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === "number" || typeof value === "boolean")
    return `the ${typeof value} ${value}`;
  return `a ${typeof value}`;
}

/** What a field of this type holds, as a person reads it. */
export function expectedOf(field: FieldDecl): string {
  switch (field.type) {
    case "string":
    case "text":
      return "text";
    case "number":
      return "a number";
    case "integer":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "date":
      return "a date (YYYY-MM-DD)";
    case "datetime":
      return "a date and time (ISO 8601)";
    case "email":
      return "an email address";
    case "url":
      return "a web address (http or https)";
    case "select":
      return `one of ${(field.options ?? []).map((o) => JSON.stringify(o)).join(", ")}`;
    case "reference":
      return `the id of a record in ${field.collection}`;
    case "json":
      return "any JSON value";
  }
}

function fits(field: FieldDecl, value: unknown): boolean {
  switch (field.type) {
    case "json":
      return true;
    case "string":
    case "text":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "date":
      return typeof value === "string" && DATE.test(value) && validDate(value);
    case "datetime":
      return typeof value === "string" && DATETIME.test(value) && validDate(value);
    case "email":
      return typeof value === "string" && EMAIL.test(value);
    case "url":
      return typeof value === "string" && /^https?:\/\/\S+$/.test(value);
    case "select":
      return typeof value === "string" && (field.options ?? []).includes(value);
    case "reference":
      return typeof value === "string" && value.length > 0;
  }
}

/**
 * Why a stored value does not match its declared field, or null when it does. Missing (or null)
 * is a problem only for a required field; an empty string counts as missing for text-like fields.
 */
export function valueProblem(field: FieldDecl, value: unknown): string | null {
  const missing = value === undefined || value === null || (value === "" && field.type !== "json");
  if (missing) return field.required && field.type !== "boolean" ? "required, but empty" : null;
  return fits(field, value) ? null : `expected ${expectedOf(field)}, found ${shown(value)}`;
}

/** Every mismatch in a document's fields against its collection, as "field: problem". */
export function documentProblems(
  collection: CollectionDecl,
  data: Record<string, unknown>,
): { field: string; problem: string }[] {
  const out: { field: string; problem: string }[] = [];
  for (const [name, field] of Object.entries(collection.fields)) {
    const problem = valueProblem(field, Object.hasOwn(data, name) ? data[name] : undefined);
    if (problem) out.push({ field: name, problem });
  }
  return out;
}
