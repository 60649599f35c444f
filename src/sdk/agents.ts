import { z } from "zod";
import type { CollectionsFile } from "./collections";
import { type ParsedFile, parseJsonFile } from "./json-file";

/**
 * `agents.json` at an app's root: the agents the app declares (what they are told, the tools they
 * may call, the collections they read or write, what starts them) and the app's own backend
 * tools. The builder writes it, done_building validates it, approval pins its canonical hash, and
 * the runtime and the generated app's SDK read their types from here.
 */
export const AGENTS_FILE = "agents.json";

export const BUILTIN_TOOLS = ["WebFetch", "WebSearch"] as const;
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** Names the runtime gives its own tools: a custom tool may not shadow them. */
export const RESERVED_TOOL_NAMES = ["report_tool_call_failed", "read_app_data", "update_app_data"];

export const AGENT_LIMITS = {
  agents: 20,
  tools: 20,
  appTools: 20,
  dataCollections: 50,
  triggers: 10,
  headers: 20,
  query: 20,
  inputFields: 30,
  mockDataMin: 3,
  mockDataMax: 20,
  mockDataBytes: 64 * 1024,
  bodyBytes: 16 * 1024,
  systemPrompt: 20_000,
  description: 1_000,
  endpoint: 2_000,
};

const AGENT_ID = /^[a-z][a-z0-9-]{0,63}$/;
const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const INPUT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const CRON_FIELD = /^(\*|\d{1,2}(-\d{1,2})?)(\/\d{1,2})?(,(\*|\d{1,2}(-\d{1,2})?)(\/\d{1,2})?)*$/;

const name = z.string().trim().min(1).max(80);
const description = z.string().trim().min(1).max(AGENT_LIMITS.description);
const template = z.string().max(AGENT_LIMITS.endpoint);
const jsonSize = (v: unknown) => new TextEncoder().encode(JSON.stringify(v) ?? "").length;

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);

const inputField = z.strictObject({
  type: z.enum(["string", "number", "integer", "boolean"]),
  description: description.optional(),
});

export const inputSchemaSchema = z
  .strictObject({
    type: z.literal("object"),
    properties: z
      .record(z.string().regex(INPUT_NAME, "use a letter, then letters, digits or _"), inputField)
      .refine(
        (p) => Object.keys(p).length <= AGENT_LIMITS.inputFields,
        `at most ${AGENT_LIMITS.inputFields} inputs`,
      )
      .default({}),
    required: z.array(z.string()).default([]),
  })
  .superRefine((s, ctx) => {
    s.required.forEach((key, i) => {
      if (!Object.hasOwn(s.properties, key))
        ctx.addIssue({
          code: "custom",
          path: ["required", i],
          message: `no input named "${key}"`,
        });
    });
  });

const builtinToolSchema = z.strictObject({
  type: z.literal("builtin"),
  name: z.enum(BUILTIN_TOOLS, { error: `builtin tools are ${BUILTIN_TOOLS.join(" and ")}` }),
  enabled: z.boolean().default(true),
});

/** Every `{{…}}` in the tool's request, with where it sits. */
function placeholders(tool: {
  endpoint: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
}): { path: (string | number)[]; inner: string }[] {
  const out: { path: (string | number)[]; inner: string }[] = [];
  const scan = (text: string, path: (string | number)[]) => {
    for (const m of text.matchAll(PLACEHOLDER)) out.push({ path, inner: m[1]! });
  };
  const walk = (v: unknown, path: (string | number)[]) => {
    if (typeof v === "string") scan(v, path);
    else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, [...path, i]);
    } else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  scan(tool.endpoint, ["endpoint"]);
  walk(tool.headers, ["headers"]);
  walk(tool.query, ["query"]);
  walk(tool.body, ["body"]);
  return out;
}

const customToolObject = z.strictObject({
  type: z.literal("custom"),
  name: z
    .string()
    .regex(TOOL_NAME, "use a lower-case letter, then up to 63 lower-case letters, digits or _")
    .refine((n) => !RESERVED_TOOL_NAMES.includes(n), "this name is reserved for the platform"),
  description,
  method: z.enum(HTTP_METHODS, { error: `method must be one of: ${HTTP_METHODS.join(", ")}` }),
  /** An https URL on `integration.domain`; its path may hold `{{input.x}}`. */
  endpoint: template,
  headers: z
    .record(z.string().min(1).max(100), template)
    .refine((h) => Object.keys(h).length <= AGENT_LIMITS.headers, "too many headers")
    .default({}),
  query: z
    .record(z.string().min(1).max(100), template)
    .refine((q) => Object.keys(q).length <= AGENT_LIMITS.query, "too many query parameters")
    .default({}),
  body: z
    .union([z.string(), z.record(z.string(), jsonValue)])
    .refine(
      (b) => jsonSize(b) <= AGENT_LIMITS.bodyBytes,
      `at most ${AGENT_LIMITS.bodyBytes / 1024} KB`,
    )
    .optional(),
  integration: z.strictObject({
    domain: z
      .string()
      .regex(DOMAIN, "a lower-case host name like api.example.com, without scheme or path"),
    keySlug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "lower-case letters, digits or -")
      .default("default"),
  }),
  inputSchema: inputSchemaSchema.default({ type: "object", properties: {}, required: [] }),
  /** Realistic responses used until the integration is configured and approved live. */
  mockData: z
    .array(jsonValue)
    .min(AGENT_LIMITS.mockDataMin, `give at least ${AGENT_LIMITS.mockDataMin} realistic entries`)
    .max(AGENT_LIMITS.mockDataMax, `at most ${AGENT_LIMITS.mockDataMax} entries`)
    .refine(
      (m) => jsonSize(m) <= AGENT_LIMITS.mockDataBytes,
      `at most ${AGENT_LIMITS.mockDataBytes / 1024} KB in all`,
    ),
  enabled: z.boolean().default(true),
});

export const customToolSchema = customToolObject.superRefine((tool, ctx) => {
  let url: URL | null = null;
  try {
    url = new URL(tool.endpoint.replace(PLACEHOLDER, "x"));
  } catch {
    ctx.addIssue({ code: "custom", path: ["endpoint"], message: "not a valid URL" });
  }
  if (url && url.protocol !== "https:")
    ctx.addIssue({ code: "custom", path: ["endpoint"], message: "must start with https://" });
  if (url && url.hostname !== tool.integration.domain)
    ctx.addIssue({
      code: "custom",
      path: ["endpoint"],
      message: `must be on the integration's domain ${tool.integration.domain}`,
    });
  if (url && (url.username || url.password))
    ctx.addIssue({ code: "custom", path: ["endpoint"], message: "must not carry credentials" });
  if (tool.body !== undefined && (tool.method === "GET" || tool.method === "DELETE"))
    ctx.addIssue({
      code: "custom",
      path: ["body"],
      message: `a ${tool.method} request has no body`,
    });
  for (const { path, inner } of placeholders(tool)) {
    const [scope, key, ...rest] = inner.split(".");
    const bad = (message: string) => ctx.addIssue({ code: "custom", path, message });
    if (rest.length > 0 || key === undefined)
      bad(`"{{${inner}}}" is not a placeholder: use {{input.name}} or {{secrets.NAME}}`);
    else if (scope === "input") {
      if (!Object.hasOwn(tool.inputSchema.properties, key))
        bad(`{{input.${key}}} names no property of inputSchema`);
    } else if (scope === "secrets") {
      if (!SECRET_NAME.test(key)) bad(`secret names are UPPER_SNAKE_CASE, not "${key}"`);
      else if (path[0] === "endpoint")
        bad("secrets go in headers, query or body, never in the endpoint");
    } else bad(`"{{${inner}}}" is not a placeholder: use {{input.name}} or {{secrets.NAME}}`);
  }
});

export const toolSchema = z.discriminatedUnion("type", [builtinToolSchema, customToolSchema], {
  error: 'a tool has type "builtin" or "custom"',
});

export const dataCollectionSchema = z.strictObject({
  name: z.string().regex(COLLECTION_NAME, "use a letter, then up to 63 letters, digits, _ or -"),
  access: z.enum(["read", "write"], { error: "access is read or write" }),
});

function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return "use five fields: minute hour day-of-month month day-of-week";
  const ranges: [number, number][] = [
    [0, 59],
    [0, 23],
    [1, 31],
    [1, 12],
    [0, 7],
  ];
  for (const [i, field] of fields.entries()) {
    if (!CRON_FIELD.test(field)) return `field ${i + 1} ("${field}") is not a cron field`;
    const [lo, hi] = ranges[i]!;
    for (const part of field.split(",")) {
      const [base, step] = part.split("/");
      if (step !== undefined && Number(step) < 1) return `field ${i + 1} has a step of 0`;
      for (const n of base!
        .split("-")
        .filter((x) => x !== "*")
        .map(Number))
        if (n < lo || n > hi) return `field ${i + 1} allows ${lo}–${hi}, not ${n}`;
    }
  }
  return null;
}

export const triggerSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("manual") }),
    z.strictObject({
      type: z.literal("document"),
      collection: dataCollectionSchema.shape.name,
      on: z.enum(["inserted", "updated"], { error: "on is inserted or updated" }),
    }),
    z.strictObject({
      type: z.literal("schedule"),
      cron: z
        .string()
        .max(100)
        .superRefine((c, ctx) => {
          const problem = cronProblem(c);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        }),
    }),
  ],
  { error: 'a trigger has type "manual", "document" or "schedule"' },
);

export const agentSchema = z
  .strictObject({
    id: z.string().regex(AGENT_ID, "use a lower-case letter, then lower-case letters, digits or -"),
    name,
    description,
    systemPrompt: z.string().trim().min(1).max(AGENT_LIMITS.systemPrompt),
    model: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, "a model id like claude-sonnet-4-6")
      .optional(),
    tools: z.array(toolSchema).max(AGENT_LIMITS.tools).default([]),
    dataCollections: z.array(dataCollectionSchema).max(AGENT_LIMITS.dataCollections).default([]),
    triggers: z
      .array(triggerSchema)
      .max(AGENT_LIMITS.triggers)
      .default([{ type: "manual" }]),
  })
  .superRefine((agent, ctx) => {
    const seen = new Set<string>();
    agent.tools.forEach((tool, i) => {
      if (seen.has(tool.name))
        ctx.addIssue({
          code: "custom",
          path: ["tools", i, "name"],
          message: `another tool is named "${tool.name}"`,
        });
      seen.add(tool.name);
    });
    // An agent holding the organisation's credentials must not also browse the open web.
    const custom = agent.tools.some((t) => t.type === "custom" && t.enabled);
    agent.tools.forEach((tool, i) => {
      if (custom && tool.type === "builtin" && tool.enabled)
        ctx.addIssue({
          code: "custom",
          path: ["tools", i],
          message: `an agent with custom tools may not also use ${tool.name}; split it into two agents`,
        });
    });
    const collections = new Set<string>();
    agent.dataCollections.forEach((c, i) => {
      if (collections.has(c.name))
        ctx.addIssue({
          code: "custom",
          path: ["dataCollections", i, "name"],
          message: `"${c.name}" is listed twice`,
        });
      collections.add(c.name);
    });
    agent.triggers.forEach((t, i) => {
      if (t.type === "document" && !collections.has(t.collection))
        ctx.addIssue({
          code: "custom",
          path: ["triggers", i, "collection"],
          message: `"${t.collection}" is not one of the agent's dataCollections`,
        });
    });
  });

export const agentsFileSchema = z
  .strictObject({
    version: z.literal(1, { error: "version must be 1" }),
    agents: z.array(agentSchema).max(AGENT_LIMITS.agents).default([]),
    /** Backend functions the app itself may call. */
    appTools: z.array(customToolSchema).max(AGENT_LIMITS.appTools).default([]),
  })
  .superRefine((file, ctx) => {
    if (file.agents.length === 0 && file.appTools.length === 0)
      ctx.addIssue({ code: "custom", path: [], message: "declare at least one agent or app tool" });
    const ids = new Set<string>();
    file.agents.forEach((a, i) => {
      if (ids.has(a.id))
        ctx.addIssue({
          code: "custom",
          path: ["agents", i, "id"],
          message: `another agent has id "${a.id}"`,
        });
      ids.add(a.id);
    });
    const names = new Set<string>();
    file.appTools.forEach((t, i) => {
      if (names.has(t.name))
        ctx.addIssue({
          code: "custom",
          path: ["appTools", i, "name"],
          message: `another app tool is named "${t.name}"`,
        });
      names.add(t.name);
    });
  });

export type BuiltinTool = z.infer<typeof builtinToolSchema>;
export type CustomTool = z.infer<typeof customToolSchema>;
export type AgentTool = z.infer<typeof toolSchema>;
export type AgentTrigger = z.infer<typeof triggerSchema>;
export type AgentDecl = z.infer<typeof agentSchema>;
export type AgentsFile = z.infer<typeof agentsFileSchema>;
/** What an app writes: defaults may be left out. */
export type AgentsFileInput = z.input<typeof agentsFileSchema>;

/** The file's text parsed, or its first problems as "path: problem" lines a person can act on. */
export const parseAgentsFile = (text: string): ParsedFile<AgentsFile> =>
  parseJsonFile(agentsFileSchema, text);

/** A declared agent by id. */
export function declaredAgent(file: AgentsFile | null | undefined, id: string) {
  return file?.agents.find((a) => a.id === id) ?? null;
}

/**
 * What agents.json asks of collections.json: every collection an agent uses must be declared, and
 * one it writes must be writable by agents there.
 */
export function agentCollectionProblems(
  agents: AgentsFile,
  collections: CollectionsFile | null,
): string[] {
  const out: string[] = [];
  agents.agents.forEach((agent, a) => {
    agent.dataCollections.forEach((c, i) => {
      const where = `agents.${a}.dataCollections.${i}.name`;
      if (!collections || !Object.hasOwn(collections.collections, c.name))
        out.push(`${where}: "${c.name}" is not declared in collections.json`);
      else if (c.access === "write" && collections.collections[c.name]!.access.agents !== "write")
        out.push(
          `${where}: "${c.name}" is read-only for agents in collections.json (access.agents)`,
        );
    });
  });
  return out;
}
