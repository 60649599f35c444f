import { describe, expect, test } from "bun:test";
import { type AgentsFileInput, agentsFileSchema } from "../../src/sdk/agents";
import {
  inferAccess,
  integrationSetupProblems,
  integrationSetupSchema,
  parseIntegrationSetupFile,
} from "../../src/sdk/integration-setup";

const hubspot = {
  name: "HubSpot",
  domain: "api.hubapi.com",
  auth: "static",
  permissionGroups: ["crm.objects.companies.read"],
  secrets: ["HUBSPOT_TOKEN"],
  setupSteps: [
    { text: "Create a private app in HubSpot.", link: "https://app.hubspot.com/private-apps" },
  ],
};
const agents = (method: "GET" | "POST", secret = "HUBSPOT_TOKEN"): AgentsFileInput => ({
  version: 1,
  agents: [
    {
      id: "enricher",
      name: "Enricher",
      description: "Looks companies up.",
      systemPrompt: "Look the company up.",
      tools: [
        {
          type: "custom",
          name: "lookup_company",
          description: "Finds a company.",
          method,
          endpoint: "https://api.hubapi.com/crm/v3/objects/companies/search",
          headers: { Authorization: `Bearer {{secrets.${secret}}}` },
          ...(method === "POST" && { body: { limit: 1 } }),
          integration: { domain: "api.hubapi.com" },
          mockData: [{ name: "A" }, { name: "B" }, { name: "C" }],
        },
      ],
    },
  ],
});
const parse = (v: unknown) => parseIntegrationSetupFile(JSON.stringify(v));

describe("integration-setup.json", () => {
  test("a valid file parses with defaults filled", () => {
    const parsed = parse({ version: 1, services: [hubspot] });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.file.services[0]!.keySlug).toBe("default");
  });

  test("a malformed file names each problem's path", () => {
    const problems = (v: unknown) => {
      const p = parse(v);
      return p.ok ? [] : p.problems;
    };
    expect(parseIntegrationSetupFile("{")).toMatchObject({ ok: false });
    expect(problems({ version: 2, services: [] })).toEqual(["version: version must be 1"]);
    expect(
      problems({ version: 1, services: [{ ...hubspot, domain: "https://x.com/" }] })[0],
    ).toMatch(/^services\.0\.domain: /);
    expect(problems({ version: 1, services: [{ ...hubspot, secrets: [] }] })[0]).toBe(
      'services.0.secrets: a service with auth "static" names at least one secret',
    );
    expect(problems({ version: 1, services: [{ ...hubspot, auth: "none" }] })[0]).toBe(
      'services.0.secrets: a service with auth "none" has no secrets',
    );
    expect(problems({ version: 1, services: [{ ...hubspot, auth: "basic" }] })[0]).toMatch(
      /^services\.0\.auth: auth is one of/,
    );
    expect(problems({ version: 1, services: [{ ...hubspot, secrets: ["token"] }] })[0]).toMatch(
      /^services\.0\.secrets\.0: secret names are UPPER_SNAKE_CASE/,
    );
    expect(
      problems({
        version: 1,
        services: [{ ...hubspot, setupSteps: [{ text: "x", link: "http://x.com" }] }],
      })[0],
    ).toMatch(/^services\.0\.setupSteps\.0\.link: /);
    expect(problems({ version: 1, services: [hubspot, hubspot] })[0]).toMatch(
      /^services\.1\.keySlug: another service already uses api\.hubapi\.com/,
    );
    expect(problems({ version: 1, services: [{ ...hubspot, extra: 1 }] })[0]).toMatch(
      /^services\.0: /,
    );
  });

  test("agents.json tools must name a declared service and only its secrets", () => {
    const setup = integrationSetupSchema.parse({ version: 1, services: [hubspot] });
    expect(integrationSetupProblems(agentsFileSchema.parse(agents("GET")), setup)).toEqual([]);
    expect(
      integrationSetupProblems(agentsFileSchema.parse(agents("GET", "OTHER_TOKEN")), setup),
    ).toEqual([
      "agents.0.tools.0: {{secrets.OTHER_TOKEN}} is not one of the secrets integration-setup.json lists for HubSpot",
    ]);
    const empty = integrationSetupSchema.parse({ version: 1, services: [] });
    expect(integrationSetupProblems(agentsFileSchema.parse(agents("GET")), empty)).toEqual([
      'agents.0.tools.0.integration: api.hubapi.com (key "default") is not a service in integration-setup.json',
    ]);
  });

  test("access is inferred from the wording: permission groups, then the tools' methods", () => {
    const service = (groups: string[]) =>
      integrationSetupSchema.parse({
        version: 1,
        services: [{ ...hubspot, permissionGroups: groups }],
      }).services[0]!;
    const get = agentsFileSchema.parse(agents("GET"));
    const post = agentsFileSchema.parse(agents("POST"));
    expect(inferAccess(service(["crm.objects.companies.read"]), get)).toBe("read");
    expect(inferAccess(service(["crm.objects.companies.write"]), get)).toBe("write");
    expect(inferAccess(service(["Create issues"]), null)).toBe("write");
    expect(inferAccess(service(["chat:write"]), null)).toBe("write");
    expect(inferAccess(service(["read:jira-work"]), null)).toBe("read");
    expect(inferAccess(service([]), post)).toBe("write");
    expect(inferAccess(service([]), null)).toBe("read");
  });
});
