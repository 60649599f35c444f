import { afterAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { createLogger } from "../../src/log";
import { LiveNotifier } from "../../src/realtime/hub";
import { type AgentDecl, agentsFileSchema } from "../../src/sdk/agents";
import type { RunEvent } from "../../worker/agent/events";
import type { AgentToolContext } from "../../worker/agent-tools/context";
import { agentToolsFor, unofferedTool } from "../../worker/agent-tools/index";
import { findTool } from "../../worker/tools/registry";
import {
  LOOKUP_TOOL,
  setupAgentApps,
  TICKETS_COLLECTIONS,
  triageAgents,
} from "../support/agent-apps";
import { addCollaborator, newApp } from "../support/apps";
import { setupWorld } from "../support/world";

// Tools are checked when they run, against the approval row as it is then: these call them the
// way a run does, with the approval in each state, and look at what was written.
let database: Database | undefined;
let notifier: LiveNotifier | undefined;

// Registered before setupWorld: after-all hooks run in order of registration, so these
// close the file's connections before the test database is dropped.
afterAll(async () => {
  notifier?.close();
  await database?.close();
});
const storeBuild = setupAgentApps(() => world.db);
const world = setupWorld();

type Approval = "none" | "stale" | "mock" | "live";

const FILE = triageAgents({
  tools: [LOOKUP_TOOL, { ...LOOKUP_TOOL, name: "old_lookup", enabled: false }],
});
// The agent as a run holds it: parsed, defaults filled in.
const AGENT: AgentDecl = agentsFileSchema.parse(FILE).agents[0]!;

/** An app whose agents are in the given approval state, and a context to call its tools with. */
async function scene(approval: Approval) {
  database ??= createDatabase(world.db.appUrl, { max: 3 });
  notifier ??= new LiveNotifier(database.sql, null, createLogger("silent", "test"));
  const person = await world.person(`Matrix ${approval}`, `Matrix ${approval} Co`);
  const { app, at } = await newApp(person.c, person.workspaceId);
  const target = { workspaceId: person.workspaceId, appId: app.id };
  await storeBuild(target, { "collections.json": TICKETS_COLLECTIONS, "agents.json": FILE });
  if (approval === "live" || approval === "stale") await person.c.agents.approve.mutate(target);
  if (approval === "mock") {
    const member = await world.member(person.workspaceId, "member");
    await addCollaborator(person.c, target, member.userId);
    await member.c.agents.approve.mutate(target);
  }
  if (approval === "stale") {
    const changed = triageAgents({ description: "Changed after approval." });
    await storeBuild(target, { "collections.json": TICKETS_COLLECTIONS, "agents.json": changed });
  }
  const ticket = await person.c.data.insert.mutate({
    ...at("tickets"),
    data: { title: "Printer jam", customer: "Ada" },
  });
  const customer = await person.c.data.insert.mutate({ ...at("customers"), data: { name: "Ada" } });
  const events: RunEvent[] = [];
  const ctx: AgentToolContext = {
    db: database,
    notifier,
    workspaceId: person.workspaceId,
    appId: app.id,
    runId: crypto.randomUUID(),
    agentId: "triage",
    agentName: "Triage assistant",
    scope: "draft",
    emit: (e) => {
      events.push(e);
    },
  };
  const call = async (name: string, input: unknown) => {
    const tool = findTool(name, agentToolsFor(AGENT));
    if (tool) return tool.invoke(ctx, input);
    return (await unofferedTool(AGENT)(ctx, name))!;
  };
  return { ...person, app, at, ctx, events, call, ticket, customer };
}

async function audit(workspaceId: string, action: string) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql<
      { actor_kind: string; actor_id: string; metadata: { code?: string; tool?: string } }[]
    >`
      select actor_kind, actor_id, metadata from audit_events
      where workspace_id = ${workspaceId} and action = ${action} order by occurred_at`;
  } finally {
    await sql.end();
  }
}

type Case = {
  what: string;
  tool: string;
  input: (s: Awaited<ReturnType<typeof scene>>) => unknown;
  /** The outcome per approval state: ok, "mock:<reason>", "error:<code>" or a refusal code. */
  expect: Record<Approval, string>;
  /** Whether an allowed call writes the ticket. */
  writes?: boolean;
};

const refusedAll = (code: string): Record<Approval, string> => ({
  none: "not_approved",
  stale: "stale",
  mock: code,
  live: code,
});

const CASES: Case[] = [
  {
    what: "read a read collection",
    tool: "read_app_data",
    input: (s) => ({ collection: "customers", id: s.customer._id }),
    expect: { none: "not_approved", stale: "stale", mock: "ok", live: "ok" },
  },
  {
    what: "read a write collection (list)",
    tool: "read_app_data",
    input: () => ({ collection: "tickets", filter: { customer: "Ada" } }),
    expect: { none: "not_approved", stale: "stale", mock: "ok", live: "ok" },
  },
  {
    what: "read a collection not approved",
    tool: "read_app_data",
    input: () => ({ collection: "payroll" }),
    expect: refusedAll("collection_not_approved"),
  },
  {
    what: "update a write collection",
    tool: "update_app_data",
    input: (s) => ({
      collection: "tickets",
      op: "update",
      id: s.ticket._id,
      data: { priority: "high" },
    }),
    expect: { none: "not_approved", stale: "stale", mock: "ok", live: "ok" },
    writes: true,
  },
  {
    what: "write a read-only collection",
    tool: "update_app_data",
    input: () => ({ collection: "customers", op: "insert", data: { name: "Eve" } }),
    expect: refusedAll("read_only_collection"),
  },
  {
    what: "write a collection not approved",
    tool: "update_app_data",
    input: () => ({ collection: "payroll", op: "insert", data: { amount: 1 } }),
    expect: refusedAll("collection_not_approved"),
  },
  {
    what: "call a custom tool",
    tool: "lookup_customer",
    input: () => ({ name: "Ada" }),
    expect: {
      none: "not_approved",
      stale: "stale",
      mock: "mock:mock_only_approval",
      live: "mock:no_grant",
    },
  },
  {
    what: "call a disabled tool",
    tool: "old_lookup",
    input: () => ({ name: "Ada" }),
    expect: {
      none: "tool_disabled",
      stale: "tool_disabled",
      mock: "tool_disabled",
      live: "tool_disabled",
    },
  },
  {
    what: "delete a missing document",
    tool: "update_app_data",
    input: () => ({ collection: "tickets", op: "delete", id: "nope" }),
    expect: {
      none: "not_approved",
      stale: "stale",
      mock: "error:NOT_FOUND",
      live: "error:NOT_FOUND",
    },
  },
];

describe("agent tools: the enforcement matrix (draft)", () => {
  for (const approval of ["none", "stale", "mock", "live"] as const) {
    test(`approval ${approval}`, async () => {
      const s = await scene(approval);
      const seen: string[] = [];
      const want: string[] = [];
      let refusals = 0;
      for (const c of CASES) {
        const before = await s.c.data.get.query({ ...s.at("tickets"), id: s.ticket._id });
        const r = await s.call(c.tool, c.input(s));
        const refused = /^Refused \((\w+)\)/.exec(r.output)?.[1];
        const failed = /^Error \((\w+)\)/.exec(r.output)?.[1];
        const outcome = refused
          ? refused
          : failed
            ? `error:${failed}`
            : r.mock
              ? `mock:${r.mock.reason}`
              : r.isError
                ? `error:${r.output}`
                : "ok";
        if (refused) refusals++;
        seen.push(`${c.what}: ${outcome}`);
        want.push(`${c.what}: ${c.expect[approval]}`);
        const after = await s.c.data.get.query({ ...s.at("tickets"), id: s.ticket._id });
        const wrote = after._version !== before._version;
        expect(`${c.what} wrote: ${wrote}`).toBe(
          `${c.what} wrote: ${outcome === "ok" && !!c.writes}`,
        );
        if (outcome.startsWith("mock:")) {
          const body = JSON.parse(r.output);
          expect(body).toMatchObject({ mock: true, mockReason: r.mock!.reason });
          expect(LOOKUP_TOOL.mockData).toContainEqual(body.data);
        }
      }
      expect(seen).toEqual(want);
      const refusedRows = await audit(s.workspaceId, "app_agent.tool_refused");
      expect(refusedRows.length).toBe(refusals);
      expect(refusedRows.every((r) => r.actor_kind === "agent" && r.actor_id === s.ctx.runId)).toBe(
        true,
      );
      expect(s.events.filter((e) => e.type === "tool-refused").length).toBe(refusals);
      const writes = s.events.filter((e) => e.type === "data-change");
      expect(writes.length).toBe(approval === "mock" || approval === "live" ? 1 : 0);
      const nothingElse = await s.c.data.list.query(s.at("customers"));
      expect(nothingElse.documents.map((d) => d.name)).toEqual(["Ada"]);
    });
  }

  test("the approval is re-read at every call: a tool disabled and re-approved mid-run is refused; an agent dropped from the approval is unknown", async () => {
    const s = await scene("live");
    expect((await s.call("lookup_customer", { name: "Ada" })).mock).toEqual({
      reason: "no_grant",
    });
    const disabled = triageAgents({ tools: [{ ...LOOKUP_TOOL, enabled: false }] });
    await storeBuild(
      { workspaceId: s.workspaceId, appId: s.app.id },
      { "collections.json": TICKETS_COLLECTIONS, "agents.json": disabled },
    );
    expect((await s.call("lookup_customer", { name: "Ada" })).output).toStartWith(
      "Refused (stale)",
    );
    await s.c.agents.approve.mutate({ workspaceId: s.workspaceId, appId: s.app.id });
    expect((await s.call("lookup_customer", { name: "Ada" })).output).toStartWith(
      "Refused (tool_disabled)",
    );
    const other = {
      version: 1,
      agents: [{ ...triageAgents().agents[0], id: "someone-else" }],
    };
    await storeBuild(
      { workspaceId: s.workspaceId, appId: s.app.id },
      { "collections.json": TICKETS_COLLECTIONS, "agents.json": other },
    );
    await s.c.agents.approve.mutate({ workspaceId: s.workspaceId, appId: s.app.id });
    const r = await s.call("update_app_data", {
      collection: "tickets",
      op: "update",
      id: s.ticket._id,
      data: { priority: "low" },
    });
    expect(r.output).toStartWith("Refused (unknown_agent)");
    const doc = await s.c.data.get.query({ ...s.at("tickets"), id: s.ticket._id });
    expect(doc._version).toBe(1);
    const codes = (await audit(s.workspaceId, "app_agent.tool_refused")).map(
      (a) => a.metadata.code,
    );
    expect(codes).toEqual(["stale", "tool_disabled", "unknown_agent"]);
  });

  test("agent writes go through the document service: stamped, audited as the agent, with bad input refused by type", async () => {
    const s = await scene("live");
    const inserted = await s.call("update_app_data", {
      collection: "tickets",
      op: "insert",
      data: { title: "Filed by the agent" },
    });
    expect(inserted.isError).toBe(false);
    const doc = JSON.parse(inserted.output).document;
    expect(doc._createdBy).toEqual({ kind: "agent", id: s.ctx.runId });
    const upserted = await s.call("update_app_data", {
      collection: "tickets",
      op: "upsert",
      key: ["title"],
      data: { title: "Filed by the agent", priority: "medium" },
    });
    expect(JSON.parse(upserted.output).document).toMatchObject({
      _id: doc._id,
      priority: "medium",
    });
    const removed = await s.call("update_app_data", {
      collection: "tickets",
      op: "delete",
      id: doc._id,
    });
    expect(removed.isError).toBe(false);
    expect(
      s.events.filter((e) => e.type === "data-change").map((e) => ("op" in e ? e.op : "")),
    ).toEqual(["insert", "upsert", "delete"]);
    const rows = [
      ...(await audit(s.workspaceId, "app_data.document.inserted")),
      ...(await audit(s.workspaceId, "app_data.document.deleted")),
    ].filter((r) => r.actor_kind === "agent");
    expect(rows.map((r) => r.actor_id)).toEqual([s.ctx.runId, s.ctx.runId]);
    const bad = await s.call("update_app_data", { collection: "tickets", op: "update", data: {} });
    expect(bad).toMatchObject({ isError: true });
    expect(bad.output).toContain("update needs id");
    const web = await s.call("report_tool_call_failed", {
      toolName: "lookup_customer",
      reason: "timeout",
    });
    expect(web).toEqual({ output: expect.stringContaining("Recorded"), isError: false });
    expect(
      (await audit(s.workspaceId, "app_agent.tool_failed")).map((r) => r.metadata.tool),
    ).toEqual(["lookup_customer"]);
  });
});
