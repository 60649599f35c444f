import { normaliseAgents } from "../../src/agents/canonical";
import type { ExecutorOptions, ToolCall, ToolCredentials } from "../../src/integrations/executor";
import { type CustomTool, customToolSchema } from "../../src/sdk/agents";

const BASE = {
  type: "custom",
  name: "lookup_company",
  description: "Looks a company up in the CRM.",
  method: "GET",
  endpoint: "https://api.acme.test/v1/companies/{{input.id}}",
  headers: { Authorization: "Bearer {{secrets.ACME_TOKEN}}" },
  query: { fields: "name,domain" },
  integration: { domain: "api.acme.test", keySlug: "default" },
  inputSchema: {
    type: "object",
    properties: { id: { type: "string", description: "The company id" } },
    required: ["id"],
  },
  mockData: [{ name: "Mock One" }, { name: "Mock Two" }, { name: "Mock Three" }],
};

/** A valid custom tool spec (parsed, defaults filled), with the given fields replaced. */
export function customTool(overrides: Record<string, unknown> = {}): CustomTool {
  return customToolSchema.parse({ ...BASE, ...overrides });
}

/**
 * A spec the schema would refuse (an attacker's, or one from an older schema), as if it had
 * been approved anyway: the executor's own guards must still stop it.
 */
export function rawTool(overrides: Record<string, unknown> = {}): CustomTool {
  const base = customTool();
  return { ...base, ...overrides } as CustomTool;
}

/**
 * The approval an owner would have given to an agents.json declaring `tools` on agent
 * "researcher" (and the same tools as app tools): the canonical payload, as stored.
 */
export function approvalOf(tools: CustomTool[], mode: "live" | "mock" = "live") {
  const file = {
    version: 1 as const,
    agents: [
      {
        id: "researcher",
        name: "Researcher",
        description: "Looks things up.",
        systemPrompt: "Look things up.",
        tools,
        dataCollections: [],
        triggers: [{ type: "manual" as const }],
      },
    ],
    appTools: tools,
  };
  // Stored as jsonb: what comes back is the JSON round trip of the canonical payload.
  return { mode, payload: JSON.parse(JSON.stringify(normaliseAgents(file))) };
}

export const SECRET_CANARY = "canary-7f3e9b1c-secret-value-do-not-leak";

export function credentials(overrides: Partial<ToolCredentials> = {}): ToolCredentials {
  return {
    grant: { id: "00000000-0000-4000-8000-00000000a11c", authKind: "static" },
    status: "configured",
    secrets: { ACME_TOKEN: SECRET_CANARY },
    ...overrides,
  };
}

export function call(tool: CustomTool, overrides: Partial<ToolCall> = {}): ToolCall {
  return {
    source: { kind: "agent", agentId: "researcher" },
    tool,
    input: { id: "c-42" },
    approval: approvalOf([tool]),
    credentials: credentials(),
    ...overrides,
  };
}

/** Options admitting only the given fake API (host:port → 127.0.0.1 over plain HTTP). */
export function allowing(host: string, port: number, extra: Partial<ExecutorOptions> = {}) {
  return {
    production: false,
    loopbackAllowlist: [{ host, port }],
    ...extra,
  } satisfies ExecutorOptions;
}
