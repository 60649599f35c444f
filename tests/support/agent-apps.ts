import { afterAll } from "bun:test";
import { createHash } from "node:crypto";
import { createDatabase, type Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { markApprovalStale } from "../../src/agents/approvals";
import { canonicalAgents } from "../../src/agents/canonical";
import { insertBuild, insertSnapshot, putBlobs } from "../../src/builds/store";
import { parseAgentsFile } from "../../src/sdk/agents";
import type { TestDatabase } from "./db";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/**
 * Stores a succeeded build holding the given root files straight through the build store, as
 * done_building would after type-checking and bundling: for tests that need an app's
 * agents.json and collections.json, not its code. A changed agents.json makes the approval stale.
 */
export async function storeAgentBuild(
  database: Database,
  scope: { workspaceId: string; appId: string },
  files: Record<string, unknown>,
) {
  const stored = Object.entries(files).map(([path, value]) => {
    const content = new TextEncoder().encode(
      typeof value === "string" ? value : JSON.stringify(value, null, 2),
    );
    return { path, content, hash: sha256(content), size: content.length };
  });
  const manifest = stored.map(({ path, hash, size }) => ({ path, hash, size }));
  await withTenant(database.db, { workspaceId: scope.workspaceId }, async (tx) => {
    await putBlobs(tx, scope.workspaceId, stored);
    const snapshotId = await insertSnapshot(tx, {
      ...scope,
      runId: null,
      createdBy: null,
      files: manifest,
      sourceHash: sha256(new TextEncoder().encode(JSON.stringify(manifest))),
    });
    await insertBuild(tx, {
      ...scope,
      runId: null,
      snapshotId,
      status: "succeeded",
      summary: "test build",
      problems: [],
      artifacts: [],
      typecheckMs: 0,
      buildMs: 0,
      totalMs: 0,
    });
    const agents = stored.find((f) => f.path === "agents.json");
    const parsed = agents ? parseAgentsFile(new TextDecoder().decode(agents.content)) : null;
    const newHash = parsed?.ok ? canonicalAgents(parsed.file).hash : null;
    await markApprovalStale(tx, { ...scope, newHash, auditAs: null });
  });
}

/** storeAgentBuild on a connection of the test file's own, closed after its tests. */
export function setupAgentApps(db: () => TestDatabase) {
  let database: Database | undefined;
  afterAll(async () => {
    await database?.close();
  });
  return (scope: { workspaceId: string; appId: string }, files: Record<string, unknown>) => {
    database ??= createDatabase(db().appUrl, { max: 2 });
    return storeAgentBuild(database, scope, files);
  };
}

export const TICKETS_COLLECTIONS = {
  version: 1,
  collections: {
    tickets: {
      display: "title",
      fields: {
        title: { type: "string", required: true },
        description: { type: "text" },
        customer: { type: "string" },
        priority: { type: "select", options: ["low", "medium", "high"] },
        notes: { type: "text" },
      },
      access: { agents: "write" },
    },
    customers: { fields: { name: { type: "string" } } },
  },
};

export const LOOKUP_TOOL = {
  type: "custom",
  name: "lookup_customer",
  description: "Looks the customer up in the CRM.",
  method: "GET",
  endpoint: "https://crm.example.com/customers",
  query: { name: "{{input.name}}" },
  integration: { domain: "crm.example.com" },
  inputSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
  mockData: [
    { name: "Ada", plan: "enterprise", since: 2019 },
    { name: "Bob", plan: "starter", since: 2024 },
    { name: "Cy", plan: "pro", since: 2022 },
  ],
};

export const triageAgents = (overrides: Record<string, unknown> = {}) => ({
  version: 1,
  agents: [
    {
      id: "triage",
      name: "Triage assistant",
      description: "Sets the priority of each ticket.",
      systemPrompt:
        "When a ticket is created, read its title and description. Set its priority from what it says and add a one-line note explaining your choice.",
      tools: [LOOKUP_TOOL],
      dataCollections: [
        { name: "tickets", access: "write" },
        { name: "customers", access: "read" },
      ],
      // Started by hand: a document trigger would start runs of its own on every ticket a test
      // inserts (document triggers are tested in agent-triggers.test.ts).
      triggers: [{ type: "manual" }],
      ...overrides,
    },
  ],
});
