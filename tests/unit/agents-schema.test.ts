import { describe, expect, test } from "bun:test";
import { agentCollectionProblems, declaredAgent, parseAgentsFile } from "../../src/sdk/agents";
import { parseCollectionsFile } from "../../src/sdk/collections";

const crm = {
  type: "custom",
  name: "lookup_company",
  description: "Looks a company up in the CRM by its domain.",
  method: "POST",
  endpoint: "https://api.crm.example.com/v2/companies/{{input.domain}}",
  headers: { Authorization: "Bearer {{secrets.CRM_TOKEN}}" },
  query: { fields: "name,size" },
  body: { domain: "{{input.domain}}", nested: ["{{ input.domain }}"] },
  integration: { domain: "api.crm.example.com", keySlug: "crm" },
  inputSchema: {
    type: "object",
    properties: { domain: { type: "string", description: "The company's web domain" } },
    required: ["domain"],
  },
  mockData: [
    { name: "Acme", size: 120 },
    { name: "Globex", size: 4000 },
    { name: "Initech", size: 35 },
  ],
};

const valid = {
  version: 1,
  agents: [
    {
      id: "ticket-triage",
      name: "Ticket triage",
      description: "Sets the priority of new tickets.",
      systemPrompt: "Read the ticket and set its priority.",
      model: "claude-sonnet-4-6",
      tools: [crm],
      dataCollections: [
        { name: "tickets", access: "write" },
        { name: "customers", access: "read" },
      ],
      triggers: [
        { type: "manual" },
        { type: "document", collection: "tickets", on: "inserted" },
        { type: "schedule", cron: "*/15 9-17 * * 1-5" },
      ],
    },
    {
      id: "researcher",
      name: "Researcher",
      description: "Looks things up on the web.",
      systemPrompt: "Research the question.",
      tools: [
        { type: "builtin", name: "WebSearch" },
        { type: "builtin", name: "WebFetch" },
      ],
    },
  ],
  appTools: [{ ...crm, name: "refresh_companies" }],
};

const parse = (value: unknown) => parseAgentsFile(JSON.stringify(value));
const problemsOf = (value: unknown) => {
  const r = parse(value);
  return r.ok ? [] : r.problems;
};
const withAgent = (patch: Record<string, unknown>) => ({
  ...valid,
  agents: [{ ...valid.agents[0], ...patch }],
});
const withTool = (patch: Record<string, unknown>) => withAgent({ tools: [{ ...crm, ...patch }] });

describe("agents.json", () => {
  test("a valid file parses, with defaults filled in", () => {
    const r = parse(valid);
    if (!r.ok) throw new Error(r.problems.join("\n"));
    const researcher = declaredAgent(r.file, "researcher")!;
    expect(researcher.dataCollections).toEqual([]);
    expect(researcher.triggers).toEqual([{ type: "manual" }]);
    expect(researcher.tools).toEqual([
      { type: "builtin", name: "WebSearch", enabled: true },
      { type: "builtin", name: "WebFetch", enabled: true },
    ]);
    const tool = declaredAgent(r.file, "ticket-triage")!.tools[0]!;
    expect(tool.type === "custom" && tool.enabled).toBe(true);
    expect(r.file.appTools[0]!.name).toBe("refresh_companies");
    expect(declaredAgent(r.file, "constructor")).toBeNull();
  });

  test("app tools alone are enough; an empty file is not", () => {
    expect(parse({ version: 1, appTools: valid.appTools }).ok).toBe(true);
    expect(problemsOf({ version: 1, agents: [], appTools: [] })).toEqual([
      "(file): declare at least one agent or app tool",
    ]);
  });

  test("bad JSON, a wrong version and unknown keys name the problem", () => {
    expect(parseAgentsFile("{ nope")).toMatchObject({ ok: false });
    expect(problemsOf({ ...valid, version: 2 })).toEqual(["version: version must be 1"]);
    expect(problemsOf({ ...valid, extra: true })[0]).toContain("extra");
    expect(problemsOf(withAgent({ instructions: "old name" }))[0]).toMatch(
      /^agents\.0: .*instructions/,
    );
  });

  test("agent fields: id shape, required text, duplicates", () => {
    expect(problemsOf(withAgent({ id: "Bad Id" }))[0]).toMatch(/^agents\.0\.id: /);
    expect(problemsOf(withAgent({ systemPrompt: "  " }))[0]).toMatch(/^agents\.0\.systemPrompt: /);
    expect(problemsOf(withAgent({ model: "no spaces allowed" }))[0]).toMatch(/^agents\.0\.model: /);
    const { systemPrompt: _, ...noPrompt } = valid.agents[0]!;
    expect(problemsOf({ ...valid, agents: [noPrompt] })[0]).toMatch(/^agents\.0\.systemPrompt: /);
    expect(
      problemsOf({ ...valid, agents: [valid.agents[1], { ...valid.agents[1], name: "Again" }] }),
    ).toEqual(['agents.1.id: another agent has id "researcher"']);
  });

  test("tools: kind, builtin names, reserved and duplicate names, web plus custom", () => {
    expect(problemsOf(withAgent({ tools: [{ type: "shell", name: "x" }] }))[0]).toContain(
      'a tool has type "builtin" or "custom"',
    );
    expect(problemsOf(withAgent({ tools: [{ type: "builtin", name: "Bash" }] }))[0]).toMatch(
      /^agents\.0\.tools\.0\.name: builtin tools are WebFetch and WebSearch/,
    );
    expect(problemsOf(withTool({ name: "report_tool_call_failed" }))).toEqual([
      "agents.0.tools.0.name: this name is reserved for the platform",
    ]);
    expect(problemsOf(withAgent({ tools: [crm, crm] }))).toEqual([
      'agents.0.tools.1.name: another tool is named "lookup_company"',
    ]);
    expect(problemsOf(withAgent({ tools: [crm, { type: "builtin", name: "WebFetch" }] }))).toEqual([
      "agents.0.tools.1: an agent with custom tools may not also use WebFetch; split it into two agents",
    ]);
    // A disabled custom tool holds no credentials at run time.
    expect(
      problemsOf(
        withAgent({
          tools: [
            { ...crm, enabled: false },
            { type: "builtin", name: "WebFetch" },
          ],
        }),
      ),
    ).toEqual([]);
  });

  test("custom tools: endpoint locked to the integration's https domain", () => {
    expect(problemsOf(withTool({ endpoint: "http://api.crm.example.com/x" }))).toEqual([
      "agents.0.tools.0.endpoint: must start with https://",
    ]);
    expect(problemsOf(withTool({ endpoint: "https://evil.example.net/x" }))).toEqual([
      "agents.0.tools.0.endpoint: must be on the integration's domain api.crm.example.com",
    ]);
    expect(problemsOf(withTool({ endpoint: "not a url" }))).toEqual([
      "agents.0.tools.0.endpoint: not a valid URL",
    ]);
    expect(problemsOf(withTool({ endpoint: "https://u:p@api.crm.example.com/" }))).toEqual([
      "agents.0.tools.0.endpoint: must not carry credentials",
    ]);
    expect(
      problemsOf(withTool({ integration: { domain: "https://api.crm.example.com/" } }))[0],
    ).toMatch(/^agents\.0\.tools\.0\.integration\.domain: /);
    expect(problemsOf(withTool({ method: "GET" }))).toEqual([
      "agents.0.tools.0.body: a GET request has no body",
    ]);
    expect(problemsOf(withTool({ method: "FETCH" }))[0]).toMatch(/method must be one of/);
  });

  test("custom tools: placeholders name declared inputs and well-formed secrets", () => {
    expect(problemsOf(withTool({ query: { q: "{{input.missing}}" } }))).toEqual([
      "agents.0.tools.0.query.q: {{input.missing}} names no property of inputSchema",
    ]);
    expect(problemsOf(withTool({ headers: { "X-Key": "{{secrets.lower}}" } }))).toEqual([
      'agents.0.tools.0.headers.X-Key: secret names are UPPER_SNAKE_CASE, not "lower"',
    ]);
    expect(
      problemsOf(withTool({ endpoint: "https://api.crm.example.com/{{secrets.CRM_TOKEN}}" })),
    ).toEqual([
      "agents.0.tools.0.endpoint: secrets go in headers, query or body, never in the endpoint",
    ]);
    expect(problemsOf(withTool({ body: { a: ["{{env.HOME}}"] } }))).toEqual([
      'agents.0.tools.0.body.a.0: "{{env.HOME}}" is not a placeholder: use {{input.name}} or {{secrets.NAME}}',
    ]);
    expect(problemsOf(withTool({ body: "{{input.domain.deep}}" }))[0]).toContain(
      "is not a placeholder",
    );
    expect(
      problemsOf(withTool({ inputSchema: { type: "object", properties: {}, required: ["x"] } })),
    ).toContain('agents.0.tools.0.inputSchema.required.0: no input named "x"');
  });

  test("custom tools: mockData needs at least 3 entries and stays bounded", () => {
    expect(problemsOf(withTool({ mockData: [1, 2] }))).toEqual([
      "agents.0.tools.0.mockData: give at least 3 realistic entries",
    ]);
    expect(parse(withTool({ mockData: [1, 2, 3] })).ok).toBe(true);
    expect(problemsOf(withTool({ mockData: Array.from({ length: 21 }, (_, i) => i) }))).toEqual([
      "agents.0.tools.0.mockData: at most 20 entries",
    ]);
    const big = "x".repeat(22 * 1024);
    expect(problemsOf(withTool({ mockData: [big, big, big] }))).toEqual([
      "agents.0.tools.0.mockData: at most 64 KB in all",
    ]);
    const { mockData: _, ...noMock } = crm;
    expect(problemsOf(withAgent({ tools: [noMock] }))[0]).toMatch(/^agents\.0\.tools\.0\.mockData/);
  });

  test("dataCollections and triggers", () => {
    expect(
      problemsOf(withAgent({ dataCollections: [{ name: "tickets", access: "admin" }] }))[0],
    ).toBe("agents.0.dataCollections.0.access: access is read or write");
    expect(
      problemsOf(
        withAgent({
          dataCollections: [
            { name: "tickets", access: "read" },
            { name: "tickets", access: "write" },
          ],
          triggers: [],
        }),
      ),
    ).toEqual(['agents.0.dataCollections.1.name: "tickets" is listed twice']);
    expect(
      problemsOf(
        withAgent({ triggers: [{ type: "document", collection: "orders", on: "inserted" }] }),
      ),
    ).toEqual([
      'agents.0.triggers.0.collection: "orders" is not one of the agent\'s dataCollections',
    ]);
    expect(
      problemsOf(
        withAgent({ triggers: [{ type: "document", collection: "tickets", on: "deleted" }] }),
      ),
    ).toEqual(["agents.0.triggers.0.on: on is inserted or updated"]);
    expect(problemsOf(withAgent({ triggers: [{ type: "webhook" }] }))[0]).toContain(
      'a trigger has type "manual", "document" or "schedule"',
    );
    for (const [cron, problem] of [
      ["* * * *", "use five fields: minute hour day-of-month month day-of-week"],
      ["60 * * * *", "field 1 allows 0–59, not 60"],
      ["0 9 * * mon", 'field 5 ("mon") is not a cron field'],
      ["*/0 * * * *", "field 1 has a step of 0"],
      ["0 9 1-32 * *", "field 3 allows 1–31, not 32"],
      ["0 9,24 * * *", "field 2 allows 0–23, not 24"],
    ] as const)
      expect(problemsOf(withAgent({ triggers: [{ type: "schedule", cron }] }))).toEqual([
        `agents.0.triggers.0.cron: ${problem}`,
      ]);
  });

  test("limits hold at the boundary", () => {
    const agent = (i: number) => ({ ...valid.agents[1], id: `a-${i}` });
    expect(parse({ version: 1, agents: Array.from({ length: 20 }, (_, i) => agent(i)) }).ok).toBe(
      true,
    );
    expect(
      problemsOf({ version: 1, agents: Array.from({ length: 21 }, (_, i) => agent(i)) })[0],
    ).toMatch(/^agents: /);
    expect(parse(withAgent({ systemPrompt: "p".repeat(20_000) })).ok).toBe(true);
    expect(problemsOf(withAgent({ systemPrompt: "p".repeat(20_001) }))[0]).toMatch(
      /^agents\.0\.systemPrompt: /,
    );
    const tools = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...crm, name: `tool_${i}` }));
    expect(parse(withAgent({ tools: tools(20) })).ok).toBe(true);
    expect(problemsOf(withAgent({ tools: tools(21) }))[0]).toMatch(/^agents\.0\.tools: /);
  });

  test("agents use only collections that collections.json declares, writing only writable ones", () => {
    const declared = parseCollectionsFile(
      JSON.stringify({
        version: 1,
        collections: {
          tickets: { fields: { title: { type: "string" } }, access: { agents: "write" } },
          customers: { fields: { name: { type: "string" } } },
        },
      }),
    );
    const agents = parse(valid);
    if (!declared.ok || !agents.ok) throw new Error("fixtures must parse");
    expect(agentCollectionProblems(agents.file, declared.file)).toEqual([]);
    const writesCustomers = parse(
      withAgent({ dataCollections: [{ name: "customers", access: "write" }], triggers: [] }),
    );
    if (!writesCustomers.ok) throw new Error("fixture must parse");
    expect(agentCollectionProblems(writesCustomers.file, declared.file)).toEqual([
      'agents.0.dataCollections.0.name: "customers" is read-only for agents in collections.json (access.agents)',
    ]);
    expect(agentCollectionProblems(agents.file, null)).toEqual([
      'agents.0.dataCollections.0.name: "tickets" is not declared in collections.json',
      'agents.0.dataCollections.1.name: "customers" is not declared in collections.json',
    ]);
  });
});
