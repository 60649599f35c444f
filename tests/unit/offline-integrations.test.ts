import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAgentsFile } from "../../src/sdk/agents";
import {
  integrationSetupProblems,
  parseIntegrationSetupFile,
} from "../../src/sdk/integration-setup";
import type { RunEvent } from "../../worker/agent/events";
import { approvalReply, runAgentLoop } from "../../worker/agent/loop";
import type { BuildServices } from "../../worker/build/service";
import { generateApp } from "../../worker/offline/codegen";
import { deriveSpec } from "../../worker/offline/spec";
import { createOfflineProvider } from "../../worker/providers/offline";
import type { ProviderMessage } from "../../worker/providers/types";
import { allBuilderTools, approvalStopToolNames } from "../../worker/tools/builder-specs";

let root: string;
let events: RunEvent[];
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "offline-integrations-"));
  events = [];
});
afterEach(() => rm(root, { recursive: true, force: true }));

const build: BuildServices = {
  doneBuilding: async () => "Built and saved in 1.2 s.",
  addDependency: async () => "unused",
  reviewAgents: async () => ({ hash: `v1:${"0".repeat(64)}`, agents: [], appTools: [] }),
};
const loop = (messages: ProviderMessage[]) =>
  runAgentLoop({
    provider: createOfflineProvider(),
    model: "offline-builder",
    system: "",
    messages,
    tools: allBuilderTools,
    toolContext: { root, build },
    maxTurns: 12,
    approvalTools: approvalStopToolNames,
    emit: (e) => {
      events.push(e);
    },
  });
const answer = (run: Awaited<ReturnType<typeof loop>>, text = "Approved.") => [
  ...run.messages,
  approvalReply(run.pendingToolResults ?? [], [
    { toolCallId: run.approvals![0]!.toolCallId, answer: text },
  ]),
];

/** The app's integration-setup.json and agents.json as the offline builder writes them. */
function filesFor(prompt: string) {
  const files = generateApp(deriveSpec([prompt]));
  const text = (p: string) => files.find((f) => f.path === p)?.content ?? null;
  return { setup: text("integration-setup.json"), agents: text("agents.json") };
}

describe("offline builder and outside services", () => {
  test.each([
    [
      "A CRM for leads. Look up the company in HubSpot when a lead is added",
      "HubSpot",
      ["hubspot_find_company"],
    ],
    ["Track incidents and create a Jira ticket for each one", "Jira", ["jira_create_issue"]],
    ["A task tracker that posts to Slack when a task is done", "Slack", ["slack_post_message"]],
    [
      "Customer accounts; check Stripe for unpaid invoices",
      "Stripe",
      ["stripe_find_customer", "stripe_list_invoices"],
    ],
  ])("%s → %s", (prompt, service, tools) => {
    const { setup, agents } = filesFor(prompt);
    const s = parseIntegrationSetupFile(setup!);
    const a = parseAgentsFile(agents!);
    if (!s.ok || !a.ok) throw new Error(JSON.stringify([s, a]));
    expect(s.file.services.map((x) => x.name)).toEqual([service]);
    const custom = a.file.agents[0]!.tools.filter((t) => t.type === "custom");
    expect(custom.map((t) => t.name)).toEqual(tools);
    for (const t of custom)
      if (t.type === "custom") expect(t.mockData.length).toBeGreaterThanOrEqual(3);
    expect(integrationSetupProblems(a.file, s.file)).toEqual([]);
  });

  test.each([
    "A reading list",
    "Team directory: people with name, role, team and slack handle",
    "A bug tracker like Jira",
    "Track our GitHub repositories with owner and stars",
  ])("%s → no integration-setup.json (a service named, not reached)", (prompt) => {
    expect(filesFor(prompt)).toMatchObject({ setup: null });
  });

  test("after a successful build and the agents card it presents the integration setup, then wraps up", async () => {
    const planned = await loop([
      {
        role: "user",
        content: [{ type: "text", text: "A CRM for leads that looks up each company in HubSpot" }],
      },
    ]);
    expect(planned.approvals?.[0]?.toolName).toBe("present_plan");
    // The agent that reaches HubSpot is presented for approval first, then what HubSpot needs.
    const agents = await loop(answer(planned));
    expect(agents.approvals?.[0]?.toolName).toBe("present_agents");
    const built = await loop(answer(agents));
    expect(built.status).toBe("awaiting_approval");
    expect(built.approvals?.[0]).toMatchObject({
      toolName: "present_integration_setup",
      input: { summary: expect.stringContaining("HubSpot") },
    });
    const setup = JSON.parse(await readFile(path.join(root, "integration-setup.json"), "utf8"));
    expect(setup.services[0]).toMatchObject({ name: "HubSpot", domain: "api.hubapi.com" });
    events = [];
    const done = await loop(answer(built, "Approved."));
    expect(done.status).toBe("completed");
    const said = events
      .filter((e) => e.type === "text-delta")
      .map((e) => (e.type === "text-delta" ? e.text : ""))
      .join("");
    expect(said).toContain("Settings → Integrations");
    expect(
      events.some((e) => e.type === "tool-input-available" && e.toolName === "write_file"),
    ).toBe(false);
  });
});
