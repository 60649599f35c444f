import { z } from "zod";
import type { AgentsFile, CustomTool } from "./agents";
import { type ParsedFile, parseJsonFile } from "./json-file";

/**
 * `integration-setup.json` at an app's root: the outside services the app's tools reach, what
 * each needs before it can be called for real (secrets, an OAuth client) and how a person sets it
 * up. Saving a build turns every service into a grant of this app; Settings → Integrations is
 * where an admin configures them.
 */
export const INTEGRATION_SETUP_FILE = "integration-setup.json";

export const AUTH_KINDS = ["none", "static", "oauth2"] as const;

export const SETUP_LIMITS = {
  services: 20,
  permissionGroups: 30,
  secrets: 10,
  setupSteps: 12,
  text: 500,
};

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
const KEY_SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

const setupStep = z.strictObject({
  text: z.string().trim().min(1).max(SETUP_LIMITS.text),
  link: z
    .url({ protocol: /^https$/, error: "a link is an https URL" })
    .max(2000)
    .optional(),
});

export const integrationServiceSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(80),
    description: z.string().trim().max(SETUP_LIMITS.text).optional(),
    domain: z
      .string()
      .regex(DOMAIN, "a lower-case host name like api.example.com, without scheme or path"),
    keySlug: z.string().regex(KEY_SLUG, "lower-case letters, digits or -").default("default"),
    auth: z.enum(AUTH_KINDS, { error: `auth is one of: ${AUTH_KINDS.join(", ")}` }),
    /** The provider's scopes or permission names, e.g. "crm.objects.companies.read". */
    permissionGroups: z
      .array(z.string().trim().min(1).max(120))
      .max(SETUP_LIMITS.permissionGroups)
      .default([]),
    /** Names of the secrets a static-auth service needs, as tools reference them ({{secrets.NAME}}). */
    secrets: z
      .array(z.string().regex(SECRET_NAME, "secret names are UPPER_SNAKE_CASE"))
      .max(SETUP_LIMITS.secrets)
      .default([]),
    setupSteps: z.array(setupStep).max(SETUP_LIMITS.setupSteps).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.auth === "static" && s.secrets.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["secrets"],
        message: 'a service with auth "static" names at least one secret',
      });
    if (s.auth === "none" && s.secrets.length > 0)
      ctx.addIssue({
        code: "custom",
        path: ["secrets"],
        message: 'a service with auth "none" has no secrets',
      });
    const seen = new Set<string>();
    s.secrets.forEach((name, i) => {
      if (seen.has(name))
        ctx.addIssue({
          code: "custom",
          path: ["secrets", i],
          message: `"${name}" is listed twice`,
        });
      seen.add(name);
    });
  });

export const integrationSetupSchema = z
  .strictObject({
    version: z.literal(1, { error: "version must be 1" }),
    services: z.array(integrationServiceSchema).max(SETUP_LIMITS.services),
  })
  .superRefine((file, ctx) => {
    const keys = new Set<string>();
    file.services.forEach((s, i) => {
      const key = `${s.domain} ${s.keySlug}`;
      if (keys.has(key))
        ctx.addIssue({
          code: "custom",
          path: ["services", i, "keySlug"],
          message: `another service already uses ${s.domain} with key "${s.keySlug}"`,
        });
      keys.add(key);
    });
  });

export type IntegrationService = z.infer<typeof integrationServiceSchema>;
export type IntegrationSetupFile = z.infer<typeof integrationSetupSchema>;
export type IntegrationSetupInput = z.input<typeof integrationSetupSchema>;

export const parseIntegrationSetupFile = (text: string): ParsedFile<IntegrationSetupFile> =>
  parseJsonFile(integrationSetupSchema, text);

/** Every custom tool of the file (agents' and the app's own), with where it sits. */
export function customToolsOf(agents: AgentsFile): { path: string; tool: CustomTool }[] {
  const out: { path: string; tool: CustomTool }[] = [];
  agents.agents.forEach((agent, a) => {
    agent.tools.forEach((tool, t) => {
      if (tool.type === "custom") out.push({ path: `agents.${a}.tools.${t}`, tool });
    });
  });
  agents.appTools.forEach((tool, t) => {
    out.push({ path: `appTools.${t}`, tool });
  });
  return out;
}

const SECRET_REF = /\{\{\s*secrets\.([A-Z][A-Z0-9_]*)\s*\}\}/g;

/** The secret names a tool's request references. */
export function toolSecretNames(tool: CustomTool): string[] {
  const text = JSON.stringify([tool.headers, tool.query, tool.body ?? null]);
  return [...new Set([...text.matchAll(SECRET_REF)].map((m) => m[1]!))];
}

/**
 * What agents.json asks of integration-setup.json: every custom tool's integration is a declared
 * service, and every secret it references is one that service names.
 */
export function integrationSetupProblems(
  agents: AgentsFile,
  setup: IntegrationSetupFile,
): string[] {
  const out: string[] = [];
  for (const { path, tool } of customToolsOf(agents)) {
    const { domain, keySlug } = tool.integration;
    const service = setup.services.find((s) => s.domain === domain && s.keySlug === keySlug);
    if (!service) {
      out.push(
        `${path}.integration: ${domain} (key "${keySlug}") is not a service in ${INTEGRATION_SETUP_FILE}`,
      );
      continue;
    }
    for (const name of toolSecretNames(tool))
      if (!service.secrets.includes(name))
        out.push(
          `${path}: {{secrets.${name}}} is not one of the secrets ${INTEGRATION_SETUP_FILE} lists for ${service.name}`,
        );
  }
  return out;
}

const WRITE_WORDS =
  /\b(write|writes|create|update|delete|remove|manage|send|post|edit|modify|admin|insert|upload)\b|[._:-](write|create|update|delete|manage|send|edit)\b/i;

/**
 * Read or write, inferred from the wording: a permission group that names writing, or a tool on
 * the service that uses a method other than GET, makes it write.
 */
export function inferAccess(
  service: IntegrationService,
  agents: AgentsFile | null,
): "read" | "write" {
  if (service.permissionGroups.some((g) => WRITE_WORDS.test(g))) return "write";
  const tools = agents ? customToolsOf(agents).map((t) => t.tool) : [];
  const own = tools.filter(
    (t) => t.integration.domain === service.domain && t.integration.keySlug === service.keySlug,
  );
  return own.some((t) => t.method !== "GET") ? "write" : "read";
}
