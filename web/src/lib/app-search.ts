import type { Scope } from "./types";

export type AppView = "preview" | "data" | "files" | "agents";

/** The app page's state that belongs in the URL: tab, scope, collection, document, file and chat. */
export interface AppSearch {
  view?: AppView;
  scope?: Scope;
  collection?: string;
  doc?: string;
  /** The source file open in the Files tab. */
  file?: string;
  /** `demo` shows the sample Notes app instead of the app's build (for trying the SDK). */
  preview?: "demo";
  /** The builder chat is open unless hidden. */
  chat?: "hidden";
  /** The Agent Runs drawer: "all" lists the runs, a run id shows that run. */
  runs?: string;
}

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : undefined);

export function validateAppSearch(raw: Record<string, unknown>): AppSearch {
  return {
    view:
      raw.view === "data" || raw.view === "files" || raw.view === "preview" || raw.view === "agents"
        ? raw.view
        : undefined,
    scope: raw.scope === "published" || raw.scope === "draft" ? raw.scope : undefined,
    collection: text(raw.collection),
    doc: text(raw.doc),
    file: text(raw.file),
    preview: raw.preview === "demo" ? "demo" : undefined,
    chat: raw.chat === "hidden" ? "hidden" : undefined,
    runs: text(raw.runs),
  };
}
