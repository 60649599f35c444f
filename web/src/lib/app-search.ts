import type { Scope } from "./types";

export type AppView = "preview" | "data";

/** The app page's state that belongs in the URL: tab, scope, collection, open document and chat. */
export interface AppSearch {
  view?: AppView;
  scope?: Scope;
  collection?: string;
  doc?: string;
  /** The builder chat is open unless hidden. */
  chat?: "hidden";
}

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);

export function validateAppSearch(raw: Record<string, unknown>): AppSearch {
  return {
    view: raw.view === "data" || raw.view === "preview" ? raw.view : undefined,
    scope: raw.scope === "published" || raw.scope === "draft" ? raw.scope : undefined,
    collection: text(raw.collection),
    doc: text(raw.doc),
    chat: raw.chat === "hidden" ? "hidden" : undefined,
  };
}
