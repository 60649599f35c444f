import { rawOf, type Tx } from "../../db/tenant";
import { type AccessibleApp, appAccess } from "../apps/access";
import { type AuditInput, recordAudit } from "../audit/record";
import { currentBuildFile } from "../builds/current-file";
import type { Actor, TenantCtx } from "../context";
import { notFound, ServiceError } from "../errors";
import {
  COLLECTIONS_FILE,
  type CollectionDecl,
  type CollectionsFile,
  collectionsFileSchema,
  declaredCollection,
  parseCollectionsFile,
} from "../sdk/collections";
import type { Scope } from "./schemas";

/**
 * Per-collection access rules (collections.json `access`), enforced here and only here: the data
 * procedures (the explorer and every app's bridge call them with the person's session) ask
 * `guardCollection`, the agent data tools ask `agentRuleRefusal`. The rules that count are the
 * scope's: the draft's come from the app's current build, the published ones from the version
 * viewers run (app_versions.collections), so a rule change reaches viewers only by a publish.
 *
 * - Viewers work in published data only. A collection the published version declares with
 *   `viewers: write` is theirs to read and write; `read` lets them read; `none`, or not declared
 *   at all, hides it (reads answer NOT_FOUND, writes are refused).
 * - Creators and collaborators: draft data is theirs. In published data they are people using the
 *   published app, held to the viewers rule of every collection it declares; an undeclared one
 *   keeps working as before. Owners and admins may write any published collection (they can
 *   publish any rules anyway; the data explorer is how they fix data).
 * - Agents: agents.json grants and the rule must both allow it: writing needs `agents: write`.
 *   An app without collections.json has no rules; agents.json alone decides.
 * Refused writes throw FORBIDDEN naming the collection and the rule, change nothing and are
 * audited (`app_data.write_refused`); refused reads are not audited.
 */

export type ViewerRule = CollectionDecl["access"]["viewers"];
export type AgentRule = CollectionDecl["access"]["agents"];
export type CollectionRule = CollectionDecl["access"];
export type Need = "read" | "write";

/** The collections.json that governs a scope, or null when there is none. */
export async function scopeCollections(
  tx: Tx,
  actor: Actor,
  appId: string,
  scope: Scope,
): Promise<CollectionsFile | null> {
  if (scope === "draft") {
    const current = await currentBuildFile(tx, actor, appId, COLLECTIONS_FILE);
    if (current.buildId === null || current.text === null) return null;
    const parsed = parseCollectionsFile(current.text);
    return parsed.ok ? parsed.file : null;
  }
  // A prepared statement sent at once: the data router's check sends it with the app's access.
  const [row] = await rawOf(tx)`
    select v.collections from apps a
    join app_versions v on v.workspace_id = a.workspace_id and v.id = a.published_version_id
    where a.workspace_id = ${actor.workspaceId} and a.id = ${appId}`;
  if (!row?.collections) return null;
  const parsed = collectionsFileSchema.safeParse(row.collections);
  return parsed.success ? parsed.data : null;
}

/** A collection's rule in a file, or null when the file does not declare it. */
export function ruleOf(file: CollectionsFile | null, collection: string): CollectionRule | null {
  return declaredCollection(file, collection)?.access ?? null;
}

const VIEWER_WORDS: Record<ViewerRule, string> = {
  write: "viewers may read and write it",
  read: "viewers may only read it",
  none: "viewers may not see it",
};

/** What a person who uses the app (not the draft) may do with a collection, by its rule. */
function humanRefusal(
  who: "viewer" | "maker",
  collection: string,
  rule: CollectionRule | null,
  need: Need,
): ServiceError | null {
  if (rule === null) {
    if (who === "maker") return null;
    return need === "read"
      ? new ServiceError(
          "NOT_FOUND",
          `The published app does not declare the collection “${collection}”, so its viewers cannot see it.`,
        )
      : new ServiceError(
          "FORBIDDEN",
          `Viewers cannot change “${collection}”: the published app does not declare it in collections.json. A maker of the app can declare it (access.viewers "write") and publish again.`,
          { collection, rule: null },
        );
  }
  const viewers = rule.viewers;
  if (viewers === "write") return null;
  if (need === "read") {
    if (viewers === "read" || who === "maker") return null;
    return new ServiceError(
      "NOT_FOUND",
      `The collection “${collection}” is hidden from viewers of this app (access.viewers is "none").`,
    );
  }
  return new ServiceError(
    "FORBIDDEN",
    `“${collection}” cannot be changed in the published app: its rule says ${VIEWER_WORDS[viewers]} (access.viewers is "${viewers}"). A maker of the app can change the rule in collections.json and publish it through review.`,
    { collection, rule: viewers },
  );
}

export interface GuardDeps {
  /** Writes a refusal's audit row in a transaction of its own (the request's rolls back). */
  auditRefusal?(actor: Actor, entry: AuditInput): Promise<void>;
}

export interface Guarded {
  app: AccessibleApp;
  /** The scope's collections.json, when the check read it (published scope). */
  rules: CollectionsFile | null;
}

/**
 * May the person behind `ctx` read or write this collection in this scope? The app must be theirs
 * to see (else NOT_FOUND), a viewer never reaches draft data, and in published data the collection's
 * rule decides. A refused write is audited through `deps` before the error is thrown.
 */
export async function guardCollection(
  ctx: TenantCtx,
  loc: { appId: string; scope: Scope; collection?: string },
  need: Need,
  deps: GuardDeps = {},
): Promise<Guarded> {
  const { tx, actor } = ctx;
  // Both reads go out in one round trip, ahead of whatever the caller sends behind the check.
  const rulesRead =
    loc.scope === "published" && actor.kind === "user"
      ? scopeCollections(tx, actor, loc.appId, "published")
      : null;
  rulesRead?.catch(() => {});
  const app = await appAccess(tx, actor, loc.appId);
  if (app.access === "viewer" && loc.scope === "draft") throw notFound("App");
  if (!rulesRead) return { app, rules: null };
  const rules = await rulesRead;
  if (loc.collection === undefined) return { app, rules };
  if (app.access === "maker" && need === "write" && actor.role !== "member") return { app, rules };
  const rule = ruleOf(rules, loc.collection);
  const refusal = humanRefusal(app.access, loc.collection, rule, need);
  if (!refusal) return { app, rules };
  if (need === "write")
    await deps.auditRefusal?.(actor, {
      action: "app_data.write_refused",
      summary: `${actor.displayName} was refused a write to ${loc.collection} in “${app.name}”: ${rule ? `viewers ${rule.viewers}` : "not declared"}`,
      target: { type: "app", id: app.id, name: app.name },
      metadata: {
        appId: app.id,
        scope: loc.scope,
        collection: loc.collection,
        rule: rule?.viewers ?? "undeclared",
        access: app.access,
      },
    });
  throw refusal;
}

/** The published collections a person may see, for the collections listing. */
export function visibleTo(app: AccessibleApp, rules: CollectionsFile | null, collection: string) {
  if (app.access === "maker") return true;
  const rule = ruleOf(rules, collection);
  return rule !== null && rule.viewers !== "none";
}

/**
 * Why the scope's rules refuse an agent this collection, or null. Called inside the tool step's
 * transaction, after agents.json's own grant was checked: both must allow it.
 */
export async function agentRuleRefusal(
  tx: Tx,
  actor: Actor,
  loc: { appId: string; scope: Scope; collection: string },
  need: Need,
): Promise<{ code: string; message: string } | null> {
  if (need === "read") return null;
  const file = await scopeCollections(tx, actor, loc.appId, loc.scope);
  if (file === null) return null;
  const rule = ruleOf(file, loc.collection);
  if (rule?.agents === "write") return null;
  const where = loc.scope === "draft" ? "the draft's" : "the published version's";
  return {
    code: "collection_rule",
    message: rule
      ? `“${loc.collection}” is read-only for agents: ${where} collections.json says access.agents "${rule.agents}". Set it to "write" to let agents change it.`
      : `“${loc.collection}” is not declared in ${where} collections.json, so agents may only read it. Declare it with access.agents "write" to let agents change it.`,
  };
}

export interface CollectionSummary {
  name: string;
  count: number;
  /** The scope's rule for it; left out when collections.json does not declare it. */
  access?: CollectionRule;
}

/**
 * The scope's collections with their document counts and rules: every stored one and every one
 * its collections.json declares (count 0 until written). Viewers see only what the published
 * version lets them see.
 */
export async function collectionsWithRules(
  ctx: TenantCtx,
  loc: { appId: string; scope: Scope },
  stored: (ctx: TenantCtx) => Promise<{ name: string; count: number }[]>,
): Promise<CollectionSummary[]> {
  const { app } = await guardCollection(ctx, loc, "read");
  const rules = await scopeCollections(ctx.tx, ctx.actor, loc.appId, loc.scope);
  const byName = new Map((await stored(ctx)).map((c) => [c.name, c.count]));
  for (const name of Object.keys(rules?.collections ?? {}))
    if (!byName.has(name)) byName.set(name, 0);
  const out: CollectionSummary[] = [];
  for (const [name, count] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    if (loc.scope === "published" && !visibleTo(app, rules, name)) continue;
    const access = ruleOf(rules, name);
    out.push(access ? { name, count, access } : { name, count });
  }
  return out;
}

/**
 * For a live subscription to a scope's data: the collections the person may see, or null for all
 * (makers, the platform). A viewer's draft subscription is NOT_FOUND, like their draft reads.
 */
export async function visibleCollections(
  tx: Tx,
  actor: Actor,
  appId: string,
  scope: Scope,
): Promise<ReadonlySet<string> | null> {
  if (actor.kind !== "user") return null;
  // Whether the app is theirs to see at all is the stream's own check (requireApp); this one
  // narrows what a viewer of the published app is shown.
  const app = await appAccess(tx, actor, appId).catch((err: unknown) => {
    if (err instanceof ServiceError && err.code === "NOT_FOUND") return null;
    throw err;
  });
  if (app === null || app.access === "maker") return null;
  if (scope === "draft") throw notFound("App");
  const rules = await scopeCollections(tx, actor, appId, "published");
  return new Set(
    Object.entries(rules?.collections ?? {})
      .filter(([, c]) => c.access.viewers !== "none")
      .map(([name]) => name),
  );
}

export interface RuleChangeEntry {
  collection: string;
  /** Null: not declared. */
  before: CollectionRule | null;
  after: CollectionRule | null;
}

/** Every collection whose access rule differs between two collections.json files. */
export function ruleChanges(
  before: CollectionsFile | null,
  after: CollectionsFile | null,
): RuleChangeEntry[] {
  const names = new Set([
    ...Object.keys(before?.collections ?? {}),
    ...Object.keys(after?.collections ?? {}),
  ]);
  const same = (a: CollectionRule | null, b: CollectionRule | null) =>
    a?.viewers === b?.viewers && a?.agents === b?.agents;
  return [...names].sort().flatMap((collection) => {
    const was = ruleOf(before, collection);
    const now = ruleOf(after, collection);
    return same(was, now) ? [] : [{ collection, before: was, after: now }];
  });
}

const ruleWords = (r: CollectionRule | null) =>
  r ? `viewers ${r.viewers}, agents ${r.agents}` : "not declared";

/**
 * A build that changes the draft's rules is audited with each collection's rule before and after
 * (`app.collection_rules_changed`); the first collections.json of an app is no change.
 */
export async function auditRuleChanges(
  tx: Tx,
  actor: Actor,
  app: { id: string; name: string | null },
  before: CollectionsFile | null,
  after: CollectionsFile | null,
) {
  if (before === null) return;
  const changes = ruleChanges(before, after).slice(0, 50);
  if (changes.length === 0) return;
  const first = changes[0]!;
  const more = changes.length > 1 ? ` and ${changes.length - 1} more` : "";
  await recordAudit(tx, actor, {
    action: "app.collection_rules_changed",
    summary: `The draft of “${app.name ?? "an app"}” changed the access rule of ${first.collection} (${ruleWords(first.before)} → ${ruleWords(first.after)})${more}; viewers get it once it is published.`,
    target: { type: "app", id: app.id, name: app.name },
    changedFields: changes.map((c) => c.collection),
    metadata: { appId: app.id, changes },
  });
}
