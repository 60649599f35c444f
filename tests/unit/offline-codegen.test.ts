import { describe, expect, test } from "bun:test";
import { parseAgentsFile } from "../../src/sdk/agents";
import { parseCollectionsFile } from "../../src/sdk/collections";
import { generateApp } from "../../worker/offline/codegen";
import { deriveSpec } from "../../worker/offline/spec";
import type { AppSpec, EntitySpec } from "../../worker/offline/spec-types";

const tasks: EntitySpec = {
  key: "tasks",
  singular: "Task",
  plural: "Tasks",
  titleField: "title",
  fields: [
    { key: "title", label: "Title", type: "text", required: true },
    { key: "status", label: "Status", type: "status", required: true, options: ["Todo", "Done"] },
    { key: "project", label: "Project", type: "relation", required: false, relation: "projects" },
    { key: "due", label: "Due", type: "date", required: false },
    { key: "hours", label: "Hours", type: "number", required: true, format: "decimal" },
    { key: "urgent", label: "Urgent", type: "boolean", required: false },
    { key: "notes", label: "Notes", type: "longtext", required: false },
    { key: "owner", label: "Owner", type: "email", required: false },
    { key: "link", label: "Link", type: "url", required: false },
  ],
};

const projects: EntitySpec = {
  key: "projects",
  singular: "Project",
  plural: "Projects",
  titleField: "name",
  fields: [{ key: "name", label: "Name", type: "text", required: true }],
};

const app = (overrides: Partial<AppSpec> = {}): AppSpec => ({
  name: "Team tasks",
  summary: "Track the team's tasks.",
  entities: [tasks, projects],
  dashboard: true,
  agents: [],
  ...overrides,
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: the label is meant to look like a template.
const HOSTILE = "a \"q\" 's' {b} <i>x</i> ${c} `d` \\ e */ // ü 🚀 \u2028";

const hostile: AppSpec = {
  name: HOSTILE,
  summary: HOSTILE,
  dashboard: true,
  agents: [
    {
      id: "sneaky",
      name: HOSTILE,
      description: HOSTILE,
      instructions: HOSTILE,
      collections: ["events"],
    },
  ],
  entities: [
    {
      key: "events",
      singular: "Event",
      plural: HOSTILE,
      titleField: "name",
      fields: [
        { key: "name", label: HOSTILE, type: "text", required: true },
        { key: "state", label: HOSTILE, type: "status", required: true, options: [HOSTILE, "B"] },
        { key: "parent", label: HOSTILE, type: "relation", required: false, relation: "events" },
        { key: "default", label: HOSTILE, type: "boolean", required: false },
        {
          key: "missing",
          label: "Missing",
          type: "relation",
          required: false,
          relation: "nowhere",
        },
      ],
    },
  ],
};

const transpiler = new Bun.Transpiler({ loader: "tsx" });

describe("generateApp", () => {
  test("the same spec gives byte-identical files", () => {
    expect(generateApp(app())).toEqual(generateApp(structuredClone(app())));
    expect(generateApp(hostile)).toEqual(generateApp(structuredClone(hostile)));
  });

  test("writes only app source, never the platform's config or the SDK", () => {
    for (const spec of [app(), hostile]) {
      for (const { path } of generateApp(spec)) {
        expect(
          path === "agents.json" || path === "collections.json" || path.startsWith("src/"),
        ).toBe(true);
        expect(path).not.toStartWith("src/second/");
        expect(path).not.toContain("..");
        expect(path).toMatch(/^[A-Za-z0-9_./-]+$/);
      }
    }
  });

  test("every entity gets its model, page, form and details", () => {
    const paths = generateApp(app()).map((f) => f.path);
    expect(paths).toContain("src/App.tsx");
    expect(paths).toContain("src/pages/Dashboard.tsx");
    for (const path of [
      "src/entities/tasks.ts",
      "src/pages/TasksPage.tsx",
      "src/pages/tasks/TaskForm.tsx",
      "src/pages/tasks/TaskDetails.tsx",
      "src/entities/projects.ts",
      "src/pages/ProjectsPage.tsx",
    ]) {
      expect(paths).toContain(path);
    }
    expect(new Set(paths).size).toBe(paths.length);
  });

  test("collections.json declares every entity with typed fields, its title and access", () => {
    const file = generateApp(app()).find((f) => f.path === "collections.json")!;
    const parsed = parseCollectionsFile(file.content);
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(Object.keys(parsed.file.collections)).toEqual(["tasks", "projects"]);
    const declared = parsed.file.collections.tasks!;
    expect(declared.display).toBe("title");
    expect(declared.access).toEqual({ viewers: "write", agents: "read" });
    expect(declared.fields).toEqual({
      title: { type: "string", label: "Title", required: true },
      status: { type: "select", label: "Status", required: true, options: ["Todo", "Done"] },
      project: { type: "reference", label: "Project", required: false, collection: "projects" },
      due: { type: "date", label: "Due", required: false },
      hours: { type: "number", label: "Hours", required: true },
      urgent: { type: "boolean", label: "Urgent", required: false },
      notes: { type: "text", label: "Notes", required: false },
      owner: { type: "email", label: "Owner", required: false },
      link: { type: "url", label: "Link", required: false },
    });
    // Hostile labels stay data; an agent's collections are writable by agents.
    const odd = parseCollectionsFile(
      generateApp(hostile).find((f) => f.path === "collections.json")!.content,
    );
    if (!odd.ok) throw new Error(odd.problems.join("\n"));
    expect(odd.file.collections.events!.fields.name!.label).toBe(HOSTILE.trim());
    expect(odd.file.collections.events!.fields.missing!.type).toBe("string");
    expect(odd.file.collections.events!.access.agents).toBe("write");
  });

  test("no dashboard when the spec asks for none", () => {
    const paths = generateApp(app({ dashboard: false })).map((f) => f.path);
    expect(paths).not.toContain("src/pages/Dashboard.tsx");
  });

  test("agents.json only with agents, in the version 1 format, naming their collections", () => {
    expect(generateApp(app()).some((f) => f.path === "agents.json")).toBe(false);
    const manifest = generateApp(hostile).find((f) => f.path === "agents.json");
    expect(manifest).toBeDefined();
    expect(JSON.parse(manifest!.content)).toEqual({
      version: 1,
      agents: [
        {
          id: "sneaky",
          name: HOSTILE,
          description: HOSTILE,
          systemPrompt: HOSTILE,
          tools: [],
          dataCollections: [{ name: "events", access: "write" }],
          triggers: [{ type: "manual" }],
        },
      ],
    });
    const parsed = parseAgentsFile(manifest!.content);
    if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
    expect(parsed.file.agents[0]!.name).toBe(HOSTILE.trim());
  });

  test("each record an agent works on gets its run button, with the record as the input", () => {
    const withAgent = app({
      agents: [
        {
          id: "triage-assistant",
          name: "Triage assistant",
          description: "Sorts each new task.",
          instructions: "Set the status.",
          collections: ["tasks"],
        },
      ],
    });
    const files = new Map(generateApp(withAgent).map((f) => [f.path, f.content]));
    const details = files.get("src/pages/tasks/TaskDetails.tsx")!;
    expect(details).toContain('import { AgentAction } from "../../components/agent-action";');
    expect(details).toContain('agentId={"triage-assistant"}');
    expect(details).toContain('name={"Triage assistant"}');
    expect(details).toMatch(/input=\{\{ documentId: record\._id, collection: \w+Collection \}\}/);
    expect(details).toContain("documentId={record._id}");
    // Projects are not the agent's: no button there.
    expect(files.get("src/pages/projects/ProjectDetails.tsx")).not.toContain("AgentAction");
    // The button itself, and the ids useAgent accepts.
    expect(files.get("src/components/agent-action.tsx")).toContain("useAgent(agentId)");
    expect(files.get("src/agent-ids.ts")).toContain('"triage-assistant": true;');
    expect(files.get("src/pages/AgentsOverview.tsx")).toContain("<AgentAction");
    // Without agents, none of it.
    const plain = generateApp(app()).map((f) => f.path);
    expect(plain).not.toContain("src/components/agent-action.tsx");
    expect(plain).not.toContain("src/agent-ids.ts");
    expect(
      generateApp(app()).find((f) => f.path === "src/pages/tasks/TaskDetails.tsx")!.content,
    ).not.toContain("AgentAction");
  });

  test("hostile labels stay text: every file parses and keeps them as string data", () => {
    for (const file of generateApp(hostile)) {
      if (!/\.tsx?$/.test(file.path)) continue;
      expect(() => transpiler.transformSync(file.content), file.path).not.toThrow();
      // Unescaped, the label's quotes would show up as written: only its JSON form may appear.
      expect(file.content, file.path).not.toContain('a "q"');
    }
    const page = generateApp(hostile).find((f) => f.path === "src/pages/EventsPage.tsx")!;
    expect(page.content).toContain(JSON.stringify(HOSTILE));
  });

  test("names that would shadow globals get a suffix", () => {
    const model = generateApp(hostile).find((f) => f.path === "src/entities/events.ts")!;
    expect(model.content).toContain("export interface EventRecord {");
    expect(model.content).not.toContain("export interface Event {");
  });

  test("a relation to an unknown entity falls back to text", () => {
    const model = generateApp(hostile).find((f) => f.path === "src/entities/events.ts")!;
    expect(model.content).toContain("  missing: string;\n");
  });

  test("the app never reaches for storage or the network", () => {
    for (const file of [...generateApp(app()), ...generateApp(hostile)]) {
      for (const banned of [
        "localStorage",
        "sessionStorage",
        "document.cookie",
        "fetch(",
        "XMLHttpRequest",
        "WebSocket",
        "window.open",
        "history.pushState",
      ]) {
        expect(file.content.includes(banned), `${file.path} uses ${banned}`).toBe(false);
      }
    }
  });
});

describe("generateApp from the grammar's specs", () => {
  const files = (prompt: string) =>
    new Map(generateApp(deriveSpec([prompt])).map((f) => [f.path, f.content]));

  test("a parent's details list its children and hold deletion while they point at it", () => {
    const app = files(
      "Projects with name; tasks under each project with title and status (todo, done)",
    );
    const details = app.get("src/pages/projects/ProjectDetails.tsx")!;
    expect(details).toContain("useCollection<Task>(taskCollection)");
    expect(details).toContain("child.project === record._id");
    expect(details).toContain("disabled={linked > 0}");
    expect(details).toContain("linked records point");
    // The child's own page is unchanged: it has no children of its own.
    expect(app.get("src/pages/tasks/TaskDetails.tsx")).not.toContain("useCollection");
  });

  test("date-times and bounded numbers reach the form, the checks and collections.json", () => {
    const app = files("Bugs with title, reported at (date and time) and severity from 1 to 5");
    const model = app.get("src/entities/bugs.ts")!;
    expect(model).toContain("toIsoDateTime(draft.reportedAt)");
    expect(model).toContain("Enter a number from 1 to 5.");
    expect(app.get("src/pages/bugs/BugForm.tsx")).toContain('type="datetime-local"');
    const declared = parseCollectionsFile(app.get("collections.json")!);
    if (!declared.ok) throw new Error(declared.problems.join("\n"));
    expect(declared.file.collections.bugs!.fields.reportedAt!.type).toBe("datetime");
    expect(declared.file.collections.bugs!.fields.severity!.type).toBe("integer");
  });
});
