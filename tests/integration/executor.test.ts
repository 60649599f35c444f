import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { executeTool, pickMock, type ToolOutcome } from "../../src/integrations/executor";
import { recordToolAudit } from "../../src/integrations/tool-audit";
import { webFetch } from "../../src/integrations/web-fetch";
import { type FakeApi, fakeApi } from "../fixtures/fake-api";
import {
  allowing,
  approvalOf,
  call,
  credentials,
  customTool,
  SECRET_CANARY,
} from "../support/tools";
import { setupWorld } from "../support/world";

const PORT = 4570;
const HOST = "api.acme.test";
const world = setupWorld();
const outcomes: ToolOutcome[] = [];
let api: FakeApi;
let respond: (path: string) => Response = () => Response.json({ ok: true });

beforeAll(() => {
  api = fakeApi((req) => respond(req.path), { port: PORT });
});
afterAll(() => api.stop());

const liveTool = (overrides: Record<string, unknown> = {}) =>
  customTool({ endpoint: `https://${HOST}:${PORT}/v1/companies/{{input.id}}`, ...overrides });

async function run(c: ReturnType<typeof call>, options = allowing(HOST, PORT)) {
  const outcome = await executeTool(c, options);
  outcomes.push(outcome);
  return outcome;
}

describe("executor: live calls", () => {
  test("an approved, configured tool calls the API with the secret injected server-side", async () => {
    respond = () => Response.json({ id: "c-42", name: "Acme Corp" });
    const before = api.requests.length;
    const outcome = await run(call(liveTool(), { input: { id: "c 42/x" } }));
    expect(outcome).toMatchObject({
      kind: "executed",
      status: 200,
      data: { id: "c-42", name: "Acme Corp" },
      audit: {
        outcome: "executed",
        tool: "lookup_company",
        source: "agent",
        agentId: "researcher",
        domain: HOST,
        grantId: credentials().grant.id,
        method: "GET",
        httpStatus: 200,
        address: "127.0.0.1",
        code: null,
      },
    });
    expect(outcome.audit.responseBytes).toBeGreaterThan(0);
    expect(outcome.audit.durationMs).toBeGreaterThanOrEqual(0);
    const seen = api.requests.slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe("GET");
    expect(seen[0]!.path).toBe("/v1/companies/c%2042%2Fx?fields=name%2Cdomain");
    expect(seen[0]!.headers.host).toBe(`${HOST}:${PORT}`);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${SECRET_CANARY}`);
  });

  test("an app backend function is checked against the approved appTools", async () => {
    respond = () => Response.json({ ok: true });
    const tool = liveTool();
    const outcome = await run(call(tool, { source: { kind: "app" } }));
    expect(outcome).toMatchObject({ kind: "executed", audit: { source: "app", agentId: null } });
  });

  test("a POST sends the JSON body with typed input", async () => {
    respond = () => new Response(null, { status: 201 });
    const tool = customTool({
      name: "create_note",
      method: "POST",
      endpoint: `https://${HOST}:${PORT}/v1/notes`,
      query: {},
      body: { text: "{{input.text}}", pinned: "{{input.pinned}}" },
      inputSchema: {
        type: "object",
        properties: { text: { type: "string" }, pinned: { type: "boolean" } },
        required: ["text"],
      },
    });
    const before = api.requests.length;
    const outcome = await run(call(tool, { input: { text: 'say "hi"', pinned: false } }));
    expect(outcome).toMatchObject({ kind: "executed", status: 201, data: "" });
    const seen = api.requests[before]!;
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen.body)).toEqual({ text: 'say "hi"', pinned: false });
  });

  test("an oauth2 grant sends the connected user's access token", async () => {
    respond = () => Response.json({ me: true });
    const tool = liveTool({ headers: {} });
    const before = api.requests.length;
    const outcome = await run(
      call(tool, {
        credentials: credentials({
          grant: { id: credentials().grant.id, authKind: "oauth2" },
          secrets: null,
          accessToken: SECRET_CANARY,
        }),
      }),
    );
    expect(outcome.kind).toBe("executed");
    expect(api.requests[before]!.headers.authorization).toBe(`Bearer ${SECRET_CANARY}`);
    respond = (path) => Response.json({ path, echoed: `token ${SECRET_CANARY}` });
    const echoed = await run(
      call(tool, {
        credentials: credentials({
          grant: { id: credentials().grant.id, authKind: "oauth2" },
          secrets: null,
          accessToken: SECRET_CANARY,
        }),
      }),
    );
    expect(echoed).toMatchObject({ kind: "executed", data: { echoed: "token [redacted]" } });
  });

  test("a response that echoes the secret comes back with it scrubbed", async () => {
    respond = () => Response.json({ echoed: `token was ${SECRET_CANARY}` });
    const outcome = await run(call(liveTool()));
    expect(outcome).toMatchObject({ kind: "executed", data: { echoed: "token was [redacted]" } });
  });
});

describe("executor: checks in order, each stopping the call", () => {
  const untouched = async (c: ReturnType<typeof call>) => {
    const before = api.requests.length;
    const outcome = await run(c);
    expect(api.requests.length).toBe(before);
    return outcome;
  };

  test("1. a spec not in the approved payload is denied, before anything else", async () => {
    const tool = liveTool();
    const changed = liveTool({ endpoint: `https://${HOST}:${PORT}/v2/companies/{{input.id}}` });
    expect(
      await untouched(call(tool, { approval: null, credentials: null, input: {} })),
    ).toMatchObject({
      kind: "denied",
      code: "not_approved",
      hint: expect.stringContaining("approve"),
    });
    expect(await untouched(call(changed, { approval: approvalOf([tool]) }))).toMatchObject({
      kind: "denied",
      code: "not_approved",
    });
    expect(
      await untouched(call(tool, { source: { kind: "agent", agentId: "someone-else" } })),
    ).toMatchObject({ kind: "denied", code: "not_approved" });
    const other = liveTool({ name: "other_tool" });
    expect(await untouched(call(tool, { approval: approvalOf([other]) }))).toMatchObject({
      kind: "denied",
      code: "not_approved",
    });
  });

  test("a disabled tool is denied", async () => {
    const tool = liveTool({ enabled: false });
    expect(await untouched(call(tool))).toMatchObject({ kind: "denied", code: "tool_disabled" });
  });

  test("a mock-only approval answers mock data, whatever the grant", async () => {
    const tool = liveTool();
    const outcome = await untouched(
      call(tool, { approval: approvalOf([tool], "mock"), credentials: null }),
    );
    expect(outcome).toMatchObject({
      kind: "mocked",
      reason: "mock_only_approval",
      data: pickMock(tool, { id: "c-42" }),
      audit: { outcome: "mocked", code: "mock_only_approval" },
    });
  });

  test("2. no grant: mock data with the reason", async () => {
    const outcome = await untouched(call(liveTool(), { credentials: null }));
    expect(outcome).toMatchObject({ kind: "mocked", reason: "no_grant", audit: { grantId: null } });
  });

  test("3. an auth kind that does not match the spec is denied", async () => {
    const none = credentials({ grant: { id: credentials().grant.id, authKind: "none" } });
    expect(await untouched(call(liveTool(), { credentials: none }))).toMatchObject({
      kind: "denied",
      code: "auth_kind_mismatch",
    });
    expect(await untouched(call(liveTool({ headers: {} })))).toMatchObject({
      kind: "denied",
      code: "auth_kind_mismatch",
    });
  });

  test("4. secrets not set: mock data with the reason", async () => {
    expect(
      await untouched(
        call(liveTool(), { credentials: credentials({ status: "needs_setup", secrets: null }) }),
      ),
    ).toMatchObject({
      kind: "mocked",
      reason: "secrets_missing",
      message: expect.stringContaining("Settings"),
    });
    expect(
      await untouched(call(liveTool(), { credentials: credentials({ secrets: { OTHER: "x" } }) })),
    ).toMatchObject({ kind: "mocked", reason: "secrets_missing" });
    const oauth = credentials({
      grant: { id: credentials().grant.id, authKind: "oauth2" },
      secrets: null,
    });
    expect(await untouched(call(liveTool({ headers: {} }), { credentials: oauth }))).toMatchObject({
      kind: "mocked",
      reason: "oauth_not_connected",
    });
  });

  test("mock data is one of the spec's entries, the same for the same input", async () => {
    const tool = liveTool();
    const picks = new Set<string>();
    for (const id of ["a", "b", "c", "d", "e", "f", "g", "h"]) {
      const first = await untouched(call(tool, { credentials: null, input: { id } }));
      const again = await untouched(call(tool, { credentials: null, input: { id } }));
      expect(first.kind === "mocked" && again.kind === "mocked").toBe(true);
      if (first.kind !== "mocked" || again.kind !== "mocked") continue;
      expect(again.data).toEqual(first.data);
      expect(tool.mockData).toContainEqual(first.data);
      picks.add(JSON.stringify(first.data));
    }
    expect(picks.size).toBeGreaterThan(1);
  });

  test("5. missing or mistyped input: a typed error naming the field, no request", async () => {
    expect(await untouched(call(liveTool(), { input: {} }))).toMatchObject({
      kind: "failed",
      code: "input_missing",
      message: expect.stringContaining('"id"'),
      hint: expect.stringContaining("again"),
    });
    expect(await untouched(call(liveTool(), { input: { id: 7 } }))).toMatchObject({
      kind: "failed",
      code: "input_invalid",
      message: expect.stringContaining("string"),
    });
  });
});

describe("executor: provider errors are classified with a hint", () => {
  test.each([
    [401, "auth"],
    [403, "auth"],
    [404, "not_found"],
    [429, "rate_limited"],
    [400, "client_error"],
    [500, "server"],
    [503, "server"],
  ])("%i → %s", async (status, code) => {
    respond = () => Response.json({ error: `upstream said no, key ${SECRET_CANARY}` }, { status });
    const outcome = await run(call(liveTool()));
    expect(outcome).toMatchObject({
      kind: "failed",
      code,
      status,
      hint: expect.any(String),
      audit: { outcome: "failed", code, httpStatus: status },
    });
    expect(JSON.stringify(outcome)).not.toContain("upstream said no");
  });

  test("a rate limit passes on how long the service asks to wait", async () => {
    respond = () => new Response("slow down", { status: 429, headers: { "retry-after": "30" } });
    expect(await run(call(liveTool()))).toMatchObject({
      kind: "failed",
      code: "rate_limited",
      message: expect.stringContaining("wait 30 s"),
    });
  });

  test("a closed connection is a network failure", async () => {
    const outcome = await run(
      call(liveTool({ endpoint: `https://${HOST}:4579/x` })),
      allowing(HOST, 4579),
    );
    expect(outcome).toMatchObject({ kind: "failed", code: "network" });
  });
});

describe("WebFetch", () => {
  test("a page comes back as text, fetched with GET", async () => {
    respond = () =>
      new Response(
        "<html><head><style>p{}</style><script>secret()</script></head><body><h1>Pricing</h1><p>Plans &amp; prices</p></body></html>",
        { headers: { "content-type": "text/html; charset=utf-8" } },
      );
    const before = api.requests.length;
    const outcome = await webFetch(
      `http://docs.acme.test:${PORT}/pricing#top`,
      { agentId: "reader" },
      allowing("docs.acme.test", PORT),
    );
    expect(outcome).toMatchObject({
      kind: "executed",
      status: 200,
      truncated: false,
      audit: { tool: "WebFetch", source: "builtin", domain: "docs.acme.test" },
    });
    if (outcome.kind !== "executed") return;
    expect(outcome.text).toContain("PRICING");
    expect(outcome.text).toContain("Plans & prices");
    expect(outcome.text).not.toContain("secret()");
    expect(api.requests[before]).toMatchObject({ method: "GET", path: "/pricing" });
  });

  test("binary content is described, not handed over", async () => {
    respond = () =>
      new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]), {
        headers: { "content-type": "image/png" },
      });
    const outcome = await webFetch(
      `http://docs.acme.test:${PORT}/logo.png`,
      { agentId: null },
      allowing("docs.acme.test", PORT),
    );
    expect(outcome).toMatchObject({
      kind: "executed",
      text: "[image/png content, 7 bytes, not shown as text]",
    });
  });

  test("a URL that is not http(s) is refused", async () => {
    for (const url of [
      "file:///etc/passwd",
      "gopher://acme.test/",
      "not a url",
      `https://x.test/${"a".repeat(2100)}`,
    ])
      expect(await webFetch(url, { agentId: null }, { production: false })).toMatchObject({
        kind: "denied",
        code: "endpoint_invalid",
      });
  });
});

describe("audit", () => {
  test("each outcome is recorded under its action with ids, codes, sizes and timings only", async () => {
    const { workspaceId, userId } = await world.person("Auditor", "Tool audit");
    const appId = crypto.randomUUID();
    const { db, close } = createDatabase(world.db.appUrl, { max: 1 });
    const kinds = new Set<string>();
    try {
      await withTenant(db, { workspaceId, userId }, async (tx) => {
        for (const outcome of outcomes) {
          if (kinds.has(outcome.kind)) continue;
          kinds.add(outcome.kind);
          const actor = {
            kind: "system" as const,
            userId,
            displayName: "Researcher",
            workspaceId,
            role: "owner" as const,
          };
          await recordToolAudit(
            tx,
            actor,
            outcome.audit,
            { appId, runId: null },
            { ACME_TOKEN: SECRET_CANARY },
          );
        }
      });
    } finally {
      await close();
    }
    expect([...kinds].sort()).toEqual(["denied", "executed", "failed", "mocked"]);
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<
        {
          action: string;
          outcome: string;
          category: string;
          metadata: Record<string, unknown>;
          summary: string;
        }[]
      >`
        select action, outcome, category, metadata, summary from audit_events
        where workspace_id = ${workspaceId} and action like 'integration.tool.%' order by action`;
      expect(rows.map((r) => [r.action, r.outcome, r.category])).toEqual([
        ["integration.tool.denied", "denied", "tools"],
        ["integration.tool.executed", "success", "tools"],
        ["integration.tool.failed", "failure", "tools"],
        ["integration.tool.mocked", "success", "tools"],
      ]);
      for (const r of rows)
        expect(Object.keys(r.metadata).sort()).toEqual(
          [
            "address",
            "agentId",
            "appId",
            "code",
            "domain",
            "durationMs",
            "grantId",
            "httpStatus",
            "method",
            "responseBytes",
            "runId",
            "source",
            "tool",
          ].filter((k) => r.metadata[k] !== undefined),
        );
      expect(JSON.stringify(rows)).not.toContain(SECRET_CANARY);
    } finally {
      await sql.end();
    }
  });

  test("the secret canary appears in no outcome, message or audit record", () => {
    expect(outcomes.length).toBeGreaterThan(20);
    for (const outcome of outcomes) expect(JSON.stringify(outcome)).not.toContain(SECRET_CANARY);
  });
});
