import {
  COLLECTIONS_FILE,
  type CollectionsFileInput,
  type FieldDecl,
} from "../../../src/sdk/collections";
import type { AppPlan, FieldPlan } from "./plan";
import { syncCollections } from "./service-sync";
import type { GeneratedFile } from "./types";

type DeclaredField = Omit<FieldDecl, "required"> & { required?: boolean };

function declare(f: FieldPlan): DeclaredField {
  const base = { label: f.label, required: f.required };
  switch (f.type) {
    case "text":
      return { type: "string", ...base };
    case "longtext":
      return { type: "text", ...base };
    case "number":
      return { type: f.format === "integer" ? "integer" : "number", ...base };
    case "status":
      return { type: "select", ...base, options: f.options };
    case "relation":
      return { type: "reference", ...base, collection: f.target!.key };
    default:
      return { type: f.type, ...base };
  }
}

/** collections.json: every entity's fields as the generated code stores them. */
export function collectionsManifest(app: AppPlan): GeneratedFile {
  const manifest: CollectionsFileInput = {
    version: 1,
    collections: Object.fromEntries([
      ...app.entities.map((e) => [
        e.key,
        {
          label: e.plural,
          display: e.title.key,
          fields: Object.fromEntries(e.fields.map((f) => [f.key, declare(f)])),
          indexes: [],
          access: {
            viewers: e.access?.viewers ?? "write",
            agents:
              e.access?.agents ??
              (app.agents.some((a) => a.collections.includes(e.key)) ? "write" : "read"),
          },
        },
      ]),
      ...syncCollections(app.syncs),
    ]),
  };
  return { path: COLLECTIONS_FILE, content: `${JSON.stringify(manifest, null, 2)}\n` };
}
