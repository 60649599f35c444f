import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { parseAgentsFile } from "../../src/sdk/agents";
import { newApp } from "../support/apps";
import { offlineBuilder, setupBuilds, userSays } from "../support/builds";
import { setupWorld } from "../support/world";

// Each test type-checks and bundles real apps: seconds apiece, more on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);

/** Varied on purpose: domains, explicit fields, bullets, typos, agents, odd and tiny prompts. */
const PROMPTS = [
  "A CRM for our sales team",
  "Track support tickets with priority, status and the customer's email; an agent should triage new tickets",
  "inventory for our warehouse: products, suppliers and stock levels",
  "a table of books with title, author, ISBN, published date and rating",
  "Applicant tracking system for hiring: candidates, job openings and interviews",
  "Expense tracker where each expense has an amount, a date, a category and a receipt link",
  "team OKRs",
  "Event planning: events with venue, date and budget, and the guests attending each",
  "- vendors\n- contracts with a renewal date\n- a yes/no field for whether the vendor is approved",
  "equipmnt checkout for the IT team (laptops, monitors) with who has what and when it is due back",
  "content calendar for the marketing team",
  "Restaurant reservations with party size, time and phone number",
  "todo",
  "Gestion des clients et des factures",
  "🙂",
  "gym members and classes, with membership status and an AI assistant that drafts reminder emails",
];

async function buildFromPrompt(prompt: string, n: number) {
  const { c, workspaceId, userId } = await world.person(`Prompter ${n}`, `Prompts ${n}`);
  const { app } = await newApp(c, workspaceId);
  const w = await builds.worker({ workspaceId, appId: app.id, userId });
  const { built } = await offlineBuilder(w).planAndBuild(userSays([], prompt));
  return { built, w, c, workspaceId, app };
}

describe("the offline builder writes apps that build", () => {
  for (const [n, prompt] of PROMPTS.entries()) {
    test(`"${prompt.replaceAll("\n", " ").slice(0, 60)}"`, async () => {
      const { built, w, c, workspaceId, app } = await buildFromPrompt(prompt, n);
      const finished = w.events.filter((e) => e.type === "build-finish");
      expect(finished.map((e) => e.type === "build-finish" && e.problems)).toEqual([[]]);
      // An app with agents ends on the present_agents card: nothing runs until someone approves.
      const withAgents = /agent|assistant/i.test(prompt);
      expect(built.status).toBe(withAgents ? "awaiting_approval" : "completed");
      if (withAgents) {
        const approval = await c.agents.approval.query({ workspaceId, appId: app.id });
        expect(built.approvals?.map((a) => a.toolName)).toEqual(["present_agents"]);
        expect(built.approvals![0]!.input).toMatchObject({ hash: approval.currentHash });
      }
      const status = await c.builds.status.query({ workspaceId, appId: app.id });
      expect(status.current?.previewUrl).toBeDefined();
      const files = (await c.builds.files.query({ workspaceId, appId: app.id })).files.map(
        (f) => f.path,
      );
      expect(files.filter((f) => f.startsWith("src/entities/")).length).toBeGreaterThanOrEqual(1);
      expect(files.filter((f) => f.startsWith("src/pages/")).length).toBeGreaterThanOrEqual(1);
      expect(files.includes("agents.json")).toBe(withAgents);
      if (files.includes("agents.json")) {
        const stored = await c.builds.file.query({
          workspaceId,
          appId: app.id,
          path: "agents.json",
        });
        const agents = parseAgentsFile(stored.content ?? "");
        if (!agents.ok) throw new Error(agents.problems.join("\n"));
        expect(agents.file.agents.length).toBeGreaterThanOrEqual(1);
        for (const agent of agents.file.agents)
          expect(agent.dataCollections.length).toBeGreaterThanOrEqual(1);
        // Each agent gets a working run button on the records it works on (type-checked above).
        expect(files).toContain("src/components/agent-action.tsx");
        for (const agent of agents.file.agents) {
          const entity = agent.dataCollections[0]!.name;
          const details = files.find(
            (f) =>
              f.startsWith("src/pages/") && f.endsWith("Details.tsx") && f.includes(`/${entity}/`),
          );
          const source = await c.builds.file.query({ workspaceId, appId: app.id, path: details! });
          expect(source.content).toContain(`agentId={${JSON.stringify(agent.id)}}`);
        }
      }
      // collections.json declares exactly the entities, each titled by one of its own fields.
      const declared = await c.builds.collections.query({ workspaceId, appId: app.id });
      expect(declared.problems).toEqual([]);
      const entities = files
        .filter((f) => f.startsWith("src/entities/"))
        .map((f) => f.slice("src/entities/".length, -".ts".length));
      const collections = declared.declared!.collections;
      expect(Object.keys(collections).sort()).toEqual(entities.sort());
      for (const collection of Object.values(collections)) {
        expect(Object.hasOwn(collection.fields, collection.display!)).toBe(true);
      }
    });
  }
});

describe("an app that names an outside service", () => {
  test("calls the service's read tool itself: appTools in agents.json, a Sync page on useAppTool, its answers kept in a declared collection", async () => {
    const { built, w, c, workspaceId, app } = await buildFromPrompt(
      "A CRM for leads that looks up each company in HubSpot",
      100,
    );
    const finished = w.events.filter((e) => e.type === "build-finish");
    expect(finished.map((e) => e.type === "build-finish" && e.problems)).toEqual([[]]);
    expect(built.approvals?.map((a) => a.toolName)).toEqual(["present_agents"]);
    const read = async (path: string) =>
      (await c.builds.file.query({ workspaceId, appId: app.id, path })).content ?? "";
    const agents = parseAgentsFile(await read("agents.json"));
    if (!agents.ok) throw new Error(agents.problems.join("\n"));
    expect(agents.file.appTools.map((t) => [t.name, t.method, t.integration.domain])).toEqual([
      ["hubspot_find_company", "GET", "api.hubapi.com"],
    ]);
    const page = await read("src/pages/SyncHubspot.tsx");
    expect(page).toContain("useAppTool(tool.name)");
    expect(page).toContain("Sync from {SERVICE}");
    expect(await read("src/agent-ids.ts")).toContain('"hubspot_find_company": true;');
    const declared = await c.builds.collections.query({ workspaceId, appId: app.id });
    expect(declared.problems).toEqual([]);
    expect(declared.declared!.collections.hubspot_lookups?.fields).toMatchObject({
      tool: { type: "string" },
      answer: { type: "json" },
      sample: { type: "boolean" },
    });
  });
});

describe("an app whose rules make a collection read-only for viewers", () => {
  test("builds, declares the rule, and offers no edits of it in the published app", async () => {
    const { w, c, workspaceId, app } = await buildFromPrompt(
      "Reports with a title and a quarter, and notes with a body. Viewers can only read reports.",
      101,
    );
    const finished = w.events.filter((e) => e.type === "build-finish");
    expect(finished.map((e) => e.type === "build-finish" && e.problems)).toEqual([[]]);
    const declared = await c.builds.collections.query({ workspaceId, appId: app.id });
    expect(declared.declared?.collections.reports?.access).toEqual({
      viewers: "read",
      agents: "read",
    });
    expect(declared.declared?.collections.notes?.access.viewers).toBe("write");
    const read = async (path: string) =>
      (await c.builds.file.query({ workspaceId, appId: app.id, path })).content ?? "";
    expect(await read("src/pages/ReportsPage.tsx")).toContain('useAppScope() === "draft"');
    expect(await read("src/pages/NotesPage.tsx")).not.toContain("useAppScope");
  });
});
