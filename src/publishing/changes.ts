import stringify from "safe-stable-stringify";
import type { FileEntry } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import { MAX_VIEW_BYTES } from "../builds/builds";
import { readBlobs } from "../builds/store";
import { type RuleChangeEntry, ruleChanges } from "../data/rules";
import type { AgentDecl } from "../sdk/agents";
import { type CollectionRule, collectionsFileSchema } from "../sdk/collections";
import {
  agentsOfBuild,
  collectionsOfBuild,
  type PinnedAgents,
  type PinnedBuild,
  type VersionRow,
} from "./store";
import { type TextDiff, textDiff } from "./text-diff";

/** Text shown inline across all files of one summary; past it, files list their counts only. */
export const SUMMARY_LIMITS = { diffChars: 200_000, files: 500 };

export interface FileChange {
  path: string;
  status: "added" | "removed" | "changed";
  sizeBefore: number | null;
  sizeAfter: number | null;
  /** Line counts and the unified diff; null for binary or oversized files. */
  diff: TextDiff | null;
}

export interface AgentGrant {
  id: string;
  name: string;
  tools: string[];
  dataCollections: { name: string; access: string }[];
  triggers: string[];
}

/** What a reviewer reads before approving: everything that would go live, against the live version. */
export interface ChangeSummary {
  since: { versionNumber: number; sourceHash: string } | null;
  draft: { buildId: string; sourceHash: string };
  files: FileChange[];
  /** More files changed than listed. */
  filesCut: number;
  agents: {
    beforeHash: string | null;
    afterHash: string | null;
    changed: boolean;
    diff: TextDiff | null;
    /** The approval publishing grants: this payload, live, for the published app. */
    grants: { mode: "live"; hash: string; agents: AgentGrant[]; appTools: string[] } | null;
  };
  collections: {
    changed: boolean;
    /** collections.json as the draft holds it (types and any access rules). */
    declared: Record<string, unknown> | null;
    diff: TextDiff | null;
    /** Each collection's access rule in the draft (defaults filled in). */
    rules?: { collection: string; access: CollectionRule }[];
    /** The rules that differ from the live version's; empty for a first publish. */
    ruleChanges?: RuleChangeEntry[];
  };
}

const parsedCollections = (value: unknown) => {
  const parsed = collectionsFileSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

const pretty = (v: unknown) => (v == null ? "" : `${stringify(v, null, 2)}\n`);

function grantsOf(agents: PinnedAgents | null): ChangeSummary["agents"]["grants"] {
  if (!agents) return null;
  const list = (agents.payload.agents ?? []) as AgentDecl[];
  const appTools = (agents.payload.appTools ?? []) as { name: string }[];
  return {
    mode: "live",
    hash: agents.hash,
    agents: list.map((a) => ({
      id: a.id,
      name: a.name,
      tools: (a.tools ?? []).map((t) => t.name),
      dataCollections: (a.dataCollections ?? []).map((c) => ({ name: c.name, access: c.access })),
      triggers: a.triggers.map((t) =>
        t.type === "document"
          ? `when a ${t.collection} record is ${t.on}`
          : t.type === "schedule"
            ? `on schedule ${t.cron}`
            : "by hand",
      ),
    })),
    appTools: appTools.map((t) => t.name),
  };
}

const isText = (bytes: Uint8Array) => {
  const text = Buffer.from(bytes).toString("utf8");
  return text.includes("\u0000") || text.includes("\uFFFD") ? null : text;
};

/**
 * The change summary from the live version (or nothing, before the first publish) to a draft
 * build: files added, removed and changed with bounded unified diffs, the agents.json diff with
 * the live approval publishing it grants, and collections.json with its access rules.
 */
export async function summarizeChanges(
  tx: Tx,
  workspaceId: string,
  draft: PinnedBuild,
  live: { version: VersionRow; files: FileEntry[] } | null,
): Promise<ChangeSummary> {
  const before = new Map((live?.files ?? []).map((f) => [f.path, f]));
  const after = new Map(draft.files.map((f) => [f.path, f]));
  const touched: { path: string; a: FileEntry | undefined; b: FileEntry | undefined }[] = [];
  for (const [path, b] of after) {
    const a = before.get(path);
    if (!a || a.hash !== b.hash) touched.push({ path, a, b });
  }
  for (const [path, a] of before) if (!after.has(path)) touched.push({ path, a, b: undefined });
  touched.sort((x, y) => (x.path < y.path ? -1 : 1));
  const listed = touched.slice(0, SUMMARY_LIMITS.files);

  const readable = (f: FileEntry | undefined) => f && f.size <= MAX_VIEW_BYTES;
  const hashes = listed.flatMap(({ a, b }) => [
    ...(readable(a) ? [a!.hash] : []),
    ...(readable(b) ? [b!.hash] : []),
  ]);
  const blobs = await readBlobs(tx, workspaceId, hashes);
  const textOf = (f: FileEntry | undefined) => {
    if (!f) return "";
    const blob = readable(f) ? blobs.get(f.hash) : undefined;
    return blob ? isText(blob) : null;
  };
  let budget = SUMMARY_LIMITS.diffChars;
  const files: FileChange[] = listed.map(({ path, a, b }) => {
    const ta = textOf(a);
    const tb = textOf(b);
    let diff: TextDiff | null = null;
    if (ta !== null && tb !== null) {
      diff = textDiff(ta, tb);
      if (diff.unified !== null) {
        if (diff.unified.length > budget) diff = { ...diff, unified: null };
        else budget -= diff.unified.length;
      }
    }
    return {
      path,
      status: !a ? "added" : !b ? "removed" : "changed",
      sizeBefore: a?.size ?? null,
      sizeAfter: b?.size ?? null,
      diff,
    };
  });

  const draftAgents = await agentsOfBuild(tx, workspaceId, draft);
  const liveAgents = live?.version.agentsPayload ?? null;
  const draftCollections = await collectionsOfBuild(tx, workspaceId, draft);
  const liveCollections = live?.version.collections ?? null;
  const agentsChanged = (live?.version.agentsHash ?? null) !== (draftAgents?.hash ?? null);
  const collectionsChanged = stringify(liveCollections) !== stringify(draftCollections);
  const draftRules = parsedCollections(draftCollections);
  return {
    since: live
      ? { versionNumber: live.version.number, sourceHash: live.version.sourceHash }
      : null,
    draft: { buildId: draft.buildId, sourceHash: draft.sourceHash },
    files,
    filesCut: touched.length - listed.length,
    agents: {
      beforeHash: live?.version.agentsHash ?? null,
      afterHash: draftAgents?.hash ?? null,
      changed: agentsChanged,
      diff: agentsChanged ? textDiff(pretty(liveAgents), pretty(draftAgents?.payload)) : null,
      grants: grantsOf(draftAgents),
    },
    collections: {
      changed: collectionsChanged,
      declared: draftCollections,
      diff: collectionsChanged ? textDiff(pretty(liveCollections), pretty(draftCollections)) : null,
      rules: Object.entries(draftRules?.collections ?? {}).map(([collection, c]) => ({
        collection,
        access: c.access,
      })),
      ruleChanges: live ? ruleChanges(parsedCollections(liveCollections), draftRules) : [],
    },
  };
}
