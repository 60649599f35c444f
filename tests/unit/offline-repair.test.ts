import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  parseRepairPrompt,
  type RepairRequest,
  redactNote,
  repairPrompt,
} from "../../src/agents/repair-prompt";
import type { RunEvent } from "../../worker/agent/events";
import { runAgentLoop } from "../../worker/agent/loop";
import type { BuildServices } from "../../worker/build/service";
import { requestsOf } from "../../worker/offline/builder";
import { createOfflineProvider } from "../../worker/providers/offline";
import { allBuilderTools, approvalStopToolNames } from "../../worker/tools/builder-specs";

// The offline builder's side of a repair request: what it reads, what it changes, what it says.
let root: string;
let events: RunEvent[];
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "offline-repair-"));
  events = [];
});
afterEach(() => rm(root, { recursive: true, force: true }));

const tool = (name: string, endpoint: string, domain: string) => ({
  type: "custom",
  name,
  description: "A tool.",
  method: "GET",
  endpoint,
  integration: { domain },
  mockData: [{}, {}, {}],
});
const AGENTS = {
  version: 1,
  agents: [
    {
      id: "helper",
      name: "Helper",
      description: "Helps.",
      systemPrompt: "Help.",
      tools: [
        tool(
          "lookup",
          "https://api.tickets-old.com/v1/customers/{{input.id}}",
          "api.tickets-old.com",
        ),
        tool("list", "https://api.tickets-old.com/v1/tickets", "api.tickets-old.com"),
      ],
      dataCollections: [],
      triggers: [{ type: "manual" }],
    },
  ],
};
const SETUP = {
  version: 1,
  services: [{ name: "Tickets", domain: "api.tickets-old.com", auth: "none" }],
};

const request = (over: Partial<RepairRequest> = {}): RepairRequest => ({
  agentRunId: "r1",
  toolCallId: "t1",
  agentId: "helper",
  agentName: "Helper",
  toolName: "lookup",
  category: "not_found",
  code: "not_found",
  httpStatus: 404,
  method: "GET",
  domain: "api.tickets-old.com",
  keySlug: "default",
  path: "/v1/customers/{{input.id}}",
  message: "The service answered 404 Not Found.",
  hint: "Check the input identifiers and the endpoint path.",
  agentNote: null,
  reportedBy: { kind: "person", name: "Pat", note: null },
  ...over,
});

const build: BuildServices = {
  doneBuilding: async () => "Built and saved in 1.0 s.",
  addDependency: async () => "unused",
  migrateData: async () => "unused",
};

async function repair(r: RepairRequest) {
  await writeFile(path.join(root, "agents.json"), JSON.stringify(AGENTS, null, 2));
  await writeFile(path.join(root, "integration-setup.json"), JSON.stringify(SETUP, null, 2));
  return runAgentLoop({
    provider: createOfflineProvider(),
    model: "offline-builder",
    system: "",
    messages: [{ role: "user", content: [{ type: "text", text: repairPrompt(r) }] }],
    tools: allBuilderTools,
    toolContext: { root, build },
    maxTurns: 8,
    approvalTools: approvalStopToolNames,
    emit: (e) => {
      events.push(e);
    },
  });
}
const said = () => events.map((e) => (e.type === "text-delta" ? e.text : "")).join("");
const called = () => events.flatMap((e) => (e.type === "tool-input-available" ? [e.toolName] : []));
const file = async (name: string) => JSON.parse(await readFile(path.join(root, name), "utf8"));

describe("the offline builder repairs a tool", () => {
  test("a wrong domain named in the note: every tool on it and the setup's service move, built, agents card again", async () => {
    const result = await repair(
      request({
        category: "network",
        code: "dns_failed",
        httpStatus: null,
        reportedBy: { kind: "person", name: "Pat", note: "The API moved to api.tickets.com" },
      }),
    );
    // The agents card needs a saved build to show; here it is only asked for.
    expect(result.status).not.toBe("failed");
    expect(called()).toEqual([
      "read_file",
      "read_file",
      "write_file",
      "write_file",
      "done_building",
      "present_agents",
    ]);
    const agents = await file("agents.json");
    expect(agents.agents[0].tools.map((t: { endpoint: string }) => t.endpoint)).toEqual([
      "https://api.tickets.com/v1/customers/{{input.id}}",
      "https://api.tickets.com/v1/tickets",
    ]);
    expect(agents.agents[0].tools[0].integration.domain).toBe("api.tickets.com");
    expect((await file("integration-setup.json")).services[0].domain).toBe("api.tickets.com");
    expect(said()).toContain("the domain of 2 tools from api.tickets-old.com to api.tickets.com");
  });

  test("a 404 with a path in the note changes only that tool's path", async () => {
    await repair(
      request({
        reportedBy: { kind: "person", name: "Pat", note: "It is /v3/clients/{{input.id}} now." },
      }),
    );
    const agents = await file("agents.json");
    expect(agents.agents[0].tools[0].endpoint).toBe(
      "https://api.tickets-old.com/v3/clients/{{input.id}}",
    );
    expect(agents.agents[0].tools[1].endpoint).toBe("https://api.tickets-old.com/v1/tickets");
    expect(said()).toContain("from /v1/customers/{{input.id}} to /v3/clients/{{input.id}}");
  });

  test("refused credentials: no file changes, Settings → Integrations explained", async () => {
    const result = await repair(
      request({ category: "auth", code: "auth", httpStatus: 401, agentNote: "Got 401 on /x" }),
    );
    expect(result.status).toBe("completed");
    expect(called()).toEqual(["read_file", "read_file"]);
    expect(said()).toContain("Settings → Integrations");
    expect(await file("agents.json")).toEqual(AGENTS);
  });

  test("a 404 with nothing to go on: it asks for the path and changes nothing", async () => {
    const result = await repair(request({ toolName: "list", path: "/v1/tickets" }));
    expect(result.status).toBe("completed");
    expect(said()).toContain("Tell me the correct path");
    expect(await file("agents.json")).toEqual(AGENTS);
  });

  test("a repair request is not part of what the app is", () => {
    const messages = [
      { role: "user" as const, content: [{ type: "text" as const, text: "A reading list" }] },
      {
        role: "user" as const,
        content: [{ type: "text" as const, text: repairPrompt(request()) }],
      },
    ];
    expect(requestsOf(messages)).toEqual(["A reading list"]);
  });
});

describe("repair prompts", () => {
  test("round trip: the builder reads back the facts", () => {
    const r = request({ agentNote: "It said 404.", httpStatus: 404 });
    expect(parseRepairPrompt(repairPrompt(r))).toEqual({
      agentId: "helper",
      toolName: "lookup",
      method: "GET",
      domain: "api.tickets-old.com",
      path: "/v1/customers/{{input.id}}",
      keySlug: "default",
      category: "not_found",
      code: "not_found",
      httpStatus: 404,
      notes: ["It said 404."],
    });
    expect(parseRepairPrompt("Add a due date")).toBeNull();
  });

  test("notes lose secrets, tokens, credentials and query strings, on one bounded line", () => {
    const secret = "s3cr3t-value-123";
    const note = `Sent ${secret} as Bearer abc.def and api_key=zzz;\nsee https://x.example.com/a/b?token=${secret}&q=1 and ${"A".repeat(40)}`;
    const out = redactNote(note, [secret]);
    expect(out).not.toContain(secret);
    expect(out).not.toContain("abc.def");
    expect(out).not.toContain("zzz");
    expect(out).not.toContain("?");
    expect(out).not.toContain("A".repeat(40));
    expect(out).not.toContain("\n");
    expect(out).toContain("https://x.example.com/a/b");
    expect(redactNote("x".repeat(2000)).length).toBeLessThanOrEqual(500);
  });
});
