import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { createLogger } from "../../src/log";
import { LiveNotifier } from "../../src/realtime/hub";
import { type AgentDecl, agentsFileSchema } from "../../src/sdk/agents";
import type { PlatformMessage } from "../../src/sdk/protocol";
import { AppBridge, type BridgeClient } from "../../web/src/bridge/relay";
import type { RunEvent } from "../../worker/agent/events";
import type { AgentToolContext } from "../../worker/agent-tools/context";
import { agentToolsFor } from "../../worker/agent-tools/index";
import { findTool } from "../../worker/tools/registry";
import { setupAgentApps } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import { follow } from "../support/live";
import { type Client, failure } from "../support/server";
import { setupWorld } from "../support/world";

// Per-collection access rules (collections.json `access`) as the data service enforces them for
// people using the published app, for its makers, for agents, and through the preview's bridge.

let database: Database | undefined;
let notifier: LiveNotifier | undefined;
afterAll(async () => {
  notifier?.close();
  await database?.close();
});
const storeBuild = setupAgentApps(() => world.db);
const world = setupWorld();
const builds = setupBuilds(() => world.db);
// The rule-change audit test type-checks and bundles a real app twice.
setDefaultTimeout(60_000);

const field = { title: { type: "string" } };
/** notes: the default (viewers write, agents read); reports read-only for viewers; audit the agents' own. */
const RULES = {
  version: 1,
  collections: {
    notes: { fields: field },
    reports: { fields: field, access: { viewers: "read" } },
    audit: { fields: field, access: { viewers: "read", agents: "write" } },
    salaries: { fields: field, access: { viewers: "none" } },
  },
};

const AGENTS = {
  version: 1,
  agents: [
    {
      id: "auditor",
      name: "Auditor",
      description: "Writes an audit line for each note.",
      systemPrompt: "Read the notes and write one audit line per note.",
      dataCollections: [
        { name: "audit", access: "write" },
        { name: "notes", access: "write" },
        { name: "reports", access: "read" },
      ],
      triggers: [{ type: "manual" }],
    },
  ],
};
const AGENT: AgentDecl = agentsFileSchema.parse(AGENTS).agents[0]!;

async function owner<T>(fn: (sql: postgres.Sql) => Promise<T>) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

/** An admin publishes the app's current draft build (and its collections.json) to the team. */
async function publish(
  admin: Client,
  scope: { workspaceId: string; appId: string },
  teamId: string,
) {
  return admin.publishing.publish.mutate({ ...scope, teamIds: [teamId] });
}

async function counts(workspaceId: string, appId: string) {
  return owner(async (sql) => {
    const rows = await sql<{ scope: string; collection: string; n: number }[]>`
      select scope, collection, count(*)::int as n from app_documents
      where workspace_id = ${workspaceId} and app_id = ${appId}
      group by scope, collection order by scope, collection`;
    return rows.map((r) => `${r.scope}/${r.collection}:${r.n}`);
  });
}

async function refusals(workspaceId: string) {
  return owner((sql) =>
    sql<{ outcome: string; actor_id: string; metadata: Record<string, string> }[]>`
      select outcome, actor_id, metadata from audit_events
      where workspace_id = ${workspaceId} and action = 'app_data.write_refused'
      order by occurred_at`.then((rows) => [...rows]),
  );
}

/**
 * A workspace whose owner is its admin, a member who made the app (its creator), a member of the
 * team it is published to (a viewer), and one who is neither. The app's draft and its published
 * version both declare RULES unless a test changes one.
 */
async function scene(name: string) {
  const admin = await world.person(`${name} admin`, `${name} Co`);
  const ws = admin.workspaceId;
  const maker = await world.member(ws, "member", `${name} maker`);
  const viewer = await world.member(ws, "member", `${name} viewer`);
  const stranger = await world.member(ws, "member", `${name} stranger`);
  const { app, at } = await newApp(maker.c, ws);
  const target = { workspaceId: ws, appId: app.id };
  await storeBuild(target, { "collections.json": RULES, "agents.json": AGENTS });
  const team = await admin.c.teams.create.mutate({ workspaceId: ws, name: `${name} readers` });
  await admin.c.teams.addMember.mutate({ workspaceId: ws, teamId: team.id, userId: viewer.userId });
  await publish(admin.c, target, team.id);
  const pub = (collection: string) => at(collection, "published");
  return { admin, maker, viewer, stranger, app, at, pub, target, team, ws };
}

describe("collection rules for people", () => {
  test("a viewer writes a write collection, reads a read-only one, and cannot see a hidden or undeclared one", async () => {
    const s = await scene("Viewer");
    const v = s.viewer.c;
    const note = await v.data.insert.mutate({ ...s.pub("notes"), data: { title: "hello" } });
    await v.data.update.mutate({ ...s.pub("notes"), id: note._id, patch: { title: "hi" } });
    const report = await s.admin.c.data.insert.mutate({
      ...s.pub("reports"),
      data: { title: "Q3" },
    });
    await s.admin.c.data.insert.mutate({ ...s.pub("salaries"), data: { title: "secret" } });
    await s.admin.c.data.insert.mutate({ ...s.pub("scratch"), data: { title: "loose" } });
    const before = await counts(s.ws, s.app.id);

    expect((await v.data.list.query(s.pub("reports"))).documents).toHaveLength(1);
    expect(await v.data.get.query({ ...s.pub("reports"), id: report._id })).toMatchObject({
      title: "Q3",
    });
    const readOnly = await failure(
      v.data.insert.mutate({ ...s.pub("reports"), data: { title: "x" } }),
    );
    expect(readOnly).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(readOnly.message).toContain("“reports”");
    expect(readOnly.message).toContain('access.viewers is "read"');
    for (const call of [
      () => v.data.update.mutate({ ...s.pub("reports"), id: report._id, patch: { title: "y" } }),
      () => v.data.remove.mutate({ ...s.pub("reports"), id: report._id }),
      () => v.data.upsert.mutate({ ...s.pub("reports"), key: ["title"], data: { title: "Q3" } }),
      () =>
        v.data.insertMany.mutate({ ...s.pub("reports"), documents: [{ data: { title: "z" } }] }),
    ])
      expect(await failure(call())).toMatchObject({ code: "FORBIDDEN" });

    // Hidden: reads are NOT_FOUND, a write is refused and says why.
    const hidden = await failure(v.data.list.query(s.pub("salaries")));
    expect(hidden).toMatchObject({ code: "NOT_FOUND" });
    expect(hidden.message).toContain('access.viewers is "none"');
    const hiddenWrite = await failure(
      v.data.insert.mutate({ ...s.pub("salaries"), data: { title: "raise" } }),
    );
    expect(hiddenWrite).toMatchObject({ code: "FORBIDDEN" });
    expect(hiddenWrite.message).toContain("“salaries”");
    // Undeclared: no access for viewers at all.
    expect(await failure(v.data.list.query(s.pub("scratch")))).toMatchObject({ code: "NOT_FOUND" });
    const undeclared = await failure(
      v.data.insert.mutate({ ...s.pub("scratch"), data: { title: "mine" } }),
    );
    expect(undeclared).toMatchObject({ code: "FORBIDDEN" });
    expect(undeclared.message).toContain("does not declare it in collections.json");

    // The collections a viewer is shown: declared and visible, with their rules.
    const listed = await v.data.collections.query({
      workspaceId: s.ws,
      appId: s.app.id,
      scope: "published",
    });
    expect(listed).toEqual([
      { name: "audit", count: 0, access: { viewers: "read", agents: "write" } },
      { name: "notes", count: 1, access: { viewers: "write", agents: "read" } },
      { name: "reports", count: 1, access: { viewers: "read", agents: "read" } },
    ]);
    // Draft data is the makers': a viewer's draft call is as if the app did not exist.
    expect(await failure(v.data.list.query(s.at("notes")))).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(v.data.insert.mutate({ ...s.at("notes"), data: { title: "d" } })),
    ).toMatchObject({ code: "NOT_FOUND" });
    // Someone the app is not published to: NOT_FOUND everywhere.
    expect(
      await failure(s.stranger.c.data.insert.mutate({ ...s.pub("notes"), data: { title: "s" } })),
    ).toMatchObject({ code: "NOT_FOUND" });

    // Nothing changed, and every refused write is audited as denied, naming the rule.
    expect(await counts(s.ws, s.app.id)).toEqual(before);
    const audited = await refusals(s.ws);
    expect(audited).toHaveLength(7);
    expect(audited.every((r) => r.outcome === "denied" && r.actor_id === s.viewer.userId)).toBe(
      true,
    );
    expect(audited.map((r) => `${r.metadata.collection}:${r.metadata.rule}`)).toEqual([
      "reports:read",
      "reports:read",
      "reports:read",
      "reports:read",
      "reports:read",
      "salaries:none",
      "scratch:undeclared",
    ]);
  });

  test("makers keep their draft; in published data the creator is held to the rules and an admin is not", async () => {
    const s = await scene("Maker");
    const m = s.maker.c;
    for (const collection of ["notes", "reports", "audit", "salaries", "scratch"])
      await m.data.insert.mutate({ ...s.at(collection), data: { title: "draft" } });
    // Published: the creator uses the app like anyone it is published to…
    await m.data.insert.mutate({ ...s.pub("notes"), data: { title: "p" } });
    const refused = await failure(
      m.data.insert.mutate({ ...s.pub("reports"), data: { title: "p" } }),
    );
    expect(refused).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await failure(m.data.insert.mutate({ ...s.pub("salaries"), data: { title: "p" } })),
    ).toMatchObject({ code: "FORBIDDEN" });
    // …but reads everything, and an undeclared collection keeps working as before.
    expect(await m.data.list.query(s.pub("salaries"))).toMatchObject({ documents: [] });
    await m.data.insert.mutate({ ...s.pub("scratch"), data: { title: "p" } });
    // Owners and admins fix published data (the data explorer), whatever the rule.
    await s.admin.c.data.insert.mutate({ ...s.pub("reports"), data: { title: "fixed" } });
    await s.admin.c.data.insert.mutate({ ...s.pub("salaries"), data: { title: "fixed" } });

    const listed = await m.data.collections.query({
      workspaceId: s.ws,
      appId: s.app.id,
      scope: "published",
    });
    expect(listed.map((c) => `${c.name}:${c.count}:${c.access?.viewers ?? "-"}`)).toEqual([
      "audit:0:read",
      "notes:1:write",
      "reports:1:read",
      "salaries:1:none",
      "scratch:1:-",
    ]);
    const audited = await refusals(s.ws);
    expect(audited.map((r) => `${r.metadata.collection}:${r.metadata.access}`)).toEqual([
      "reports:maker",
      "salaries:maker",
    ]);
  });

  test("viewers are held to the published version's rules, not the draft's, until it is published again", async () => {
    const s = await scene("Versions");
    const loosened = {
      ...RULES,
      collections: { ...RULES.collections, reports: { fields: field } },
    };
    await storeBuild(s.target, { "collections.json": loosened, "agents.json": AGENTS });
    // The draft now says viewers write reports; its explorer shows that rule.
    const draft = await s.maker.c.data.collections.query({
      workspaceId: s.ws,
      appId: s.app.id,
      scope: "draft",
    });
    expect(draft.find((c) => c.name === "reports")?.access?.viewers).toBe("write");
    expect(
      await failure(
        s.viewer.c.data.insert.mutate({ ...s.pub("reports"), data: { title: "too early" } }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    // What a reviewer sees: every rule of the draft, and the one that changed with what it was.
    const changes = await s.admin.c.publishing.changes.query(s.target);
    expect(changes.collections.rules).toContainEqual({
      collection: "reports",
      access: { viewers: "write", agents: "read" },
    });
    expect(changes.collections.ruleChanges).toEqual([
      {
        collection: "reports",
        before: { viewers: "read", agents: "read" },
        after: { viewers: "write", agents: "read" },
      },
    ]);
    await publish(s.admin.c, s.target, s.team.id);
    await s.viewer.c.data.insert.mutate({ ...s.pub("reports"), data: { title: "now" } });
    expect(await counts(s.ws, s.app.id)).toEqual(["published/reports:1"]);
  });
});

describe("collection rules on the live stream", () => {
  test("a viewer's published data stream carries no change of a collection hidden from them", async () => {
    const s = await scene("Live");
    const all = { kind: "data" as const, key: "all", appId: s.app.id, scope: "published" as const };
    const viewer = follow(s.viewer.c, { workspaceId: s.ws, topics: [all] });
    const maker = follow(s.maker.c, { workspaceId: s.ws, topics: [all] });
    try {
      await viewer.ready();
      await maker.ready();
      await s.admin.c.data.insert.mutate({ ...s.pub("salaries"), data: { title: "secret" } });
      await s.admin.c.data.insert.mutate({ ...s.pub("notes"), data: { title: "shared" } });
      const collections = (f: ReturnType<typeof follow>) =>
        f.messages.flatMap((m) =>
          m.events.flatMap((e) =>
            e.kind === "data" ? e.changes.map((c) => (c as { collection: string }).collection) : [],
          ),
        );
      await viewer.until(() => collections(viewer).includes("notes"), "the notes change");
      await maker.until(() => collections(maker).includes("notes"), "the notes change");
      expect(collections(viewer)).toEqual(["notes"]);
      expect(collections(maker)).toEqual(["salaries", "notes"]);
    } finally {
      viewer.close();
      maker.close();
    }
    // The draft is the makers': a viewer cannot follow it.
    const draft = follow(s.viewer.c, { workspaceId: s.ws, topics: [{ ...all, scope: "draft" }] });
    await draft.ends();
    expect(String(draft.failed)).toContain("not found");
  });
});

describe("collection rules through the bridge", () => {
  /** The preview's bridge with the viewer's session, pinned to the published app. */
  function bridgeFor(c: Client, pin: { workspaceId: string; appId: string }) {
    const frame = {};
    const answers = new Map<string, (m: PlatformMessage) => void>();
    const bridge = new AppBridge({
      pin: { ...pin, scope: "published" },
      client: c as unknown as BridgeClient,
      watch: () => () => {},
      watchRuns: () => () => {},
      frame: () => frame as MessageEventSource,
      post: (m) => {
        if (m.kind === "response") answers.get(m.id)?.(m);
      },
      theme: () => "light",
    });
    let n = 0;
    return async (op: string, params: unknown) => {
      const id = `r${++n}`;
      const answer = new Promise<PlatformMessage>((resolve) => answers.set(id, resolve));
      await bridge.onMessage({
        source: frame as MessageEventSource,
        data: { source: "second-app", id, op, params },
      });
      return answer;
    };
  }

  test("an app's writes through the bridge meet the same rules, and a refusal reaches the app typed", async () => {
    const s = await scene("Bridge");
    const ask = bridgeFor(s.viewer.c, s.target);
    expect(
      await ask("insert", { collection: "notes", data: { title: "from the app" } }),
    ).toMatchObject({
      ok: true,
    });
    const refused = await ask("insert", { collection: "audit", data: { title: "forged" } });
    expect(refused).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(JSON.stringify(refused)).toContain("“audit”");
    expect(await ask("list", { collection: "salaries" })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await ask("list", { collection: "audit" })).toMatchObject({ ok: true });
    expect(await counts(s.ws, s.app.id)).toEqual(["published/notes:1"]);
    expect((await refusals(s.ws)).map((r) => r.metadata.collection)).toEqual(["audit"]);
  });
});

describe("collection rules for agents", () => {
  async function agentScene(name: string) {
    const s = await scene(name);
    await s.admin.c.agents.approve.mutate(s.target);
    database ??= createDatabase(world.db.appUrl, { max: 3 });
    notifier ??= new LiveNotifier(database.sql, null, createLogger("silent", "test"));
    const events: RunEvent[] = [];
    const ctx = (scope: "draft" | "published"): AgentToolContext => ({
      db: database!,
      notifier: notifier!,
      workspaceId: s.ws,
      appId: s.app.id,
      runId: crypto.randomUUID(),
      agentId: "auditor",
      agentName: "Auditor",
      scope,
      emit: (e) => {
        events.push(e);
      },
    });
    const call = (scope: "draft" | "published", name: string, input: unknown) =>
      findTool(name, agentToolsFor(AGENT))!.invoke(ctx(scope), input);
    return { ...s, call, events };
  }

  test("an agent writes only where agents.json grants write and the rule says agents: write", async () => {
    const s = await agentScene("Agent");
    // audit: granted write, rule agents write → written. Viewers can read it, never write it.
    const ok = await s.call("draft", "update_app_data", {
      collection: "audit",
      op: "insert",
      data: { title: "note 1 checked" },
    });
    expect(ok.isError).toBe(false);
    // notes: granted write, but the rule leaves agents read-only.
    const ruled = await s.call("draft", "update_app_data", {
      collection: "notes",
      op: "insert",
      data: { title: "agent note" },
    });
    expect(ruled.isError).toBe(true);
    expect(ruled.output).toContain("collection_rule");
    expect(ruled.output).toContain('access.agents "read"');
    // reports: the rule would not matter; agents.json grants reading only.
    const granted = await s.call("draft", "update_app_data", {
      collection: "reports",
      op: "insert",
      data: { title: "agent report" },
    });
    expect(granted.output).toContain("read_only_collection");
    // Reading needs both to allow reading: notes and reports are readable.
    expect((await s.call("draft", "read_app_data", { collection: "notes" })).isError).toBe(false);
    expect(await counts(s.ws, s.app.id)).toEqual(["draft/audit:1"]);
    const refused = await owner(
      (sql) =>
        sql<{ metadata: { code: string } }[]>`select metadata from audit_events
        where workspace_id = ${s.ws} and action = 'app_agent.tool_refused' order by occurred_at`,
    );
    expect(refused.map((r) => r.metadata.code)).toEqual([
      "collection_rule",
      "read_only_collection",
    ]);
    expect(s.events.filter((e) => e.type === "tool-refused")).toHaveLength(2);
  });

  test("in the published scope the agent is held to the published version's rules", async () => {
    const s = await agentScene("Agent published");
    // The draft lets agents write notes; the published version does not.
    const draftRules = {
      ...RULES,
      collections: { ...RULES.collections, notes: { fields: field, access: { agents: "write" } } },
    };
    await storeBuild(s.target, { "collections.json": draftRules, "agents.json": AGENTS });
    await s.admin.c.agents.approve.mutate(s.target);
    const write = (scope: "draft" | "published") =>
      s.call(scope, "update_app_data", {
        collection: "notes",
        op: "insert",
        data: { title: scope },
      });
    expect((await write("draft")).isError).toBe(false);
    const published = await write("published");
    expect(published.isError).toBe(true);
    expect(published.output).toContain("the published version's collections.json");
    expect(
      (
        await s.call("published", "update_app_data", {
          collection: "audit",
          op: "insert",
          data: { title: "published audit line" },
        })
      ).isError,
    ).toBe(false);
    expect(await counts(s.ws, s.app.id)).toEqual(["draft/notes:1", "published/audit:1"]);
    // A viewer reads the agent's audit line and cannot add one.
    expect((await s.viewer.c.data.list.query(s.pub("audit"))).documents).toHaveLength(1);
    expect(
      await failure(s.viewer.c.data.insert.mutate({ ...s.pub("audit"), data: { title: "me" } })),
    ).toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("rule changes are audited", () => {
  test("a build that changes a collection's rule is audited with the rule before and after", async () => {
    const s = await world.person("Rule changer", "Rule changes");
    const { app } = await newApp(s.c, s.workspaceId);
    const w = await builds.worker({ workspaceId: s.workspaceId, appId: app.id, userId: s.userId });
    await writeFile(
      w.file("src/App.tsx"),
      "export default function App() {\n  return <main />;\n}\n",
    );
    await writeFile(w.file("collections.json"), JSON.stringify(RULES));
    expect((await w.build("First")).status).toBe("succeeded");
    const changed = {
      ...RULES,
      collections: {
        ...RULES.collections,
        reports: { fields: field },
        audit: { fields: field, access: { viewers: "none", agents: "write" } },
      },
    };
    await writeFile(w.file("collections.json"), JSON.stringify(changed));
    expect((await w.build("Rules")).status).toBe("succeeded");
    // A build that leaves the rules alone adds no row.
    expect((await w.build("Same rules")).status).toBe("succeeded");
    const rows = await owner(
      (sql) =>
        sql<
          {
            category: string;
            summary: string;
            changed_fields: string[];
            metadata: { changes: unknown };
          }[]
        >`
        select category, summary, changed_fields, metadata from audit_events
        where workspace_id = ${s.workspaceId} and action = 'app.collection_rules_changed'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.category).toBe("publishing");
    expect(rows[0]!.changed_fields).toEqual(["audit", "reports"]);
    expect(rows[0]!.metadata.changes).toEqual([
      {
        collection: "audit",
        before: { viewers: "read", agents: "write" },
        after: { viewers: "none", agents: "write" },
      },
      {
        collection: "reports",
        before: { viewers: "read", agents: "read" },
        after: { viewers: "write", agents: "read" },
      },
    ]);
    expect(rows[0]!.summary).toContain(
      "audit (viewers read, agents write → viewers none, agents write) and 1 more",
    );
  });
});
