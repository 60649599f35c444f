/**
 * The postMessage protocol between a generated app (in a sandboxed iframe) and the platform's
 * bridge (its parent window). The bridge validates every message with these schemas; the SDK
 * uses only the types. No server runtime here: the browser bundles this file.
 */
import { z } from "zod";

export const APP_SOURCE = "second-app";
export const PLATFORM_SOURCE = "second-platform";

// Mirrors src/data/limits.ts (which pulls in server code): the unit test keeps them in step.
export const PROTOCOL_LIMITS = {
  collectionName: /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
  documentId: /^[A-Za-z0-9_-]{1,128}$/,
  documentBytes: 256 * 1024,
  depth: 16,
  pageSize: 200,
  filterFields: 10,
  /** Mirrors src/sdk/agents.ts (agent ids) and AGENT_RUN_LIMITS (run input). */
  agentId: /^[a-z][a-z0-9-]{0,63}$/,
  agentInputBytes: 16 * 1024,
  runId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /** Mirrors src/sdk/agents.ts (tool names) and APP_TOOL_LIMITS (a backend function's input). */
  toolName: /^[a-z][a-z0-9_]{0,63}$/,
  toolInputBytes: 16 * 1024,
} as const;

/** Object nesting depth as the server counts it (a flat object is 1), or Infinity past `max`. */
function depthOf(value: unknown, max: number, level = 0): number {
  if (value === null || typeof value !== "object") return 0;
  if (level >= max) return Number.POSITIVE_INFINITY;
  let deepest = 0;
  for (const v of Object.values(value)) deepest = Math.max(deepest, depthOf(v, max, level + 1));
  return 1 + deepest;
}

/** Plain JSON only: structured clone also carries Dates, Maps, Blobs and cycles. */
function isJson(value: unknown, level = 0): boolean {
  if (level > PROTOCOL_LIMITS.depth + 1) return false;
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJson(v, level + 1));
  if (typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((v) => isJson(v, level + 1));
}

const encoder = new TextEncoder();
const jsonBytes = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

const collection = z
  .string()
  .regex(
    PROTOCOL_LIMITS.collectionName,
    "Collection names start with a letter and use up to 64 letters, digits, _ or -.",
  );
const docId = z
  .string()
  .regex(PROTOCOL_LIMITS.documentId, "Document ids use 1–128 letters, digits, _ or -.");

const documentData = (what: string, maxBytes: number = PROTOCOL_LIMITS.documentBytes) =>
  z
    .record(z.string(), z.unknown(), { error: `${what} must be a JSON object.` })
    .superRefine((value, ctx) => {
      if (!isJson(value)) {
        ctx.addIssue({ code: "custom", message: `${what} must be plain JSON.` });
        return;
      }
      const depth = depthOf(value, PROTOCOL_LIMITS.depth);
      if (depth > PROTOCOL_LIMITS.depth) {
        ctx.addIssue({
          code: "custom",
          message: `${what} is nested too deeply; the limit is ${PROTOCOL_LIMITS.depth} levels.`,
        });
        return;
      }
      const bytes = jsonBytes(value);
      if (bytes > maxBytes) {
        ctx.addIssue({
          code: "custom",
          message: `${what} is ${Math.ceil(bytes / 1024)} KB; the limit is ${maxBytes / 1024} KB.`,
        });
      }
    });

const agentId = z
  .string()
  .regex(
    PROTOCOL_LIMITS.agentId,
    "Agent ids start with a lower-case letter and use up to 64 lower-case letters, digits or -.",
  );
const runId = z.string().regex(PROTOCOL_LIMITS.runId, "That is not a valid run id.");
const toolName = z
  .string()
  .regex(
    PROTOCOL_LIMITS.toolName,
    "Tool names start with a lower-case letter and use up to 64 lower-case letters, digits or _.",
  );

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const CollectionQuery = z.strictObject({
  filter: z
    .record(z.string(), scalar)
    .refine((f) => Object.keys(f).length <= PROTOCOL_LIMITS.filterFields, {
      message: `Filter on at most ${PROTOCOL_LIMITS.filterFields} fields.`,
    })
    .optional(),
  sort: z
    .strictObject({
      field: z.string().min(1).max(64),
      direction: z.enum(["asc", "desc"]).optional(),
    })
    .optional(),
  limit: z.number().int().min(1).max(PROTOCOL_LIMITS.pageSize).optional(),
});

/** Each operation's parameters. None names a workspace, an app or a scope: the bridge pins those. */
export const OpParams = {
  hello: z.strictObject({}),
  list: z.strictObject({
    collection,
    query: CollectionQuery.optional(),
    /** The previous page's nextCursor: the next page of the same query (keyset, opaque). */
    cursor: z.string().min(1).max(1200).optional(),
  }),
  get: z.strictObject({ collection, id: docId }),
  insert: z.strictObject({ collection, id: docId.optional(), data: documentData("Document") }),
  update: z.strictObject({
    collection,
    id: docId,
    patch: documentData("Patch"),
    expectedVersion: z.number().int().positive().optional(),
  }),
  remove: z.strictObject({ collection, id: docId }),
  watch: z.strictObject({ collection: collection.optional() }),
  unwatch: z.strictObject({ watchId: z.string().min(1).max(64) }),
  /** The agents the app's current build declares, and whether an admin approved them. */
  "agent.list": z.strictObject({}),
  /** Starts a manual run of one agent; the input is what the agent is given (16 KB at most). */
  "agent.run": z.strictObject({
    agentId,
    input: documentData("Agent input", PROTOCOL_LIMITS.agentInputBytes).optional(),
  }),
  /** One agent's recent runs, newest first. */
  "agent.runs": z.strictObject({ agentId }),
  /**
   * Follows one run, or every run of one agent: the answer holds the runs as they are, and an
   * `agent-runs` message follows whenever one of them changes. The request id is the watch id.
   */
  "agent.watch": z.union([z.strictObject({ runId }), z.strictObject({ agentId })], {
    error: "Watch either a run (runId) or an agent's runs (agentId).",
  }),
  "agent.unwatch": z.strictObject({ watchId: z.string().min(1).max(64) }),
  /**
   * Calls one of the app's backend functions (an `appTools` entry of agents.json) by name, as
   * the viewer; the platform finds its spec in the approved payload. 16 KB of input at most.
   */
  "tool.call": z.strictObject({
    name: toolName,
    input: documentData("Tool input", PROTOCOL_LIMITS.toolInputBytes).optional(),
  }),
} as const;

export type Op = keyof typeof OpParams;
export type ParamsOf<O extends Op> = z.infer<(typeof OpParams)[O]>;
export type CollectionQuery = z.infer<typeof CollectionQuery>;

const requestId = z.string().min(1).max(64);
const request = <O extends Op>(op: O) =>
  z.strictObject({
    source: z.literal(APP_SOURCE),
    id: requestId,
    op: z.literal(op),
    params: OpParams[op],
  });

/** A request from the app. The request id of a `watch` is also its watch id. */
export const AppRequest = z.discriminatedUnion("op", [
  request("hello"),
  request("list"),
  request("get"),
  request("insert"),
  request("update"),
  request("remove"),
  request("watch"),
  request("unwatch"),
  request("agent.list"),
  request("agent.run"),
  request("agent.runs"),
  request("agent.watch"),
  request("agent.unwatch"),
  request("tool.call"),
]);
export type AppRequest = z.infer<typeof AppRequest>;

/** Just enough of a message to answer it: a rejected request still gets its id back. */
export const RequestEnvelope = z.object({ source: z.literal(APP_SOURCE), id: requestId });

export type Scope = "draft" | "published";
export type Theme = "light" | "dark";
/** A stored document: the app's fields plus the system fields (mirrors the data API). */
export interface AppDocument {
  _id: string;
  _version: number;
  _createdAt: string;
  _updatedAt: string;
  _createdBy: { kind: string; id: string };
  [field: string]: unknown;
}

/** One live change of a watched collection (mirrors a data topic of the live.stream). */
export interface LiveChange {
  txid: string;
  appId: string;
  scope: Scope;
  collection: string;
  id: string;
  op: "upsert" | "delete";
  version: number;
  doc: AppDocument | null;
}

/** What starts an agent (mirrors agents.json's triggers in src/sdk/agents.ts). */
export type AgentTriggerDecl =
  | { type: "manual" }
  | { type: "document"; collection: string; on: "inserted" | "updated" }
  | { type: "schedule"; cron: string };

/** An agent the app's current build declares. */
export interface AgentInfo {
  id: string;
  name: string;
  description: string;
  triggers: AgentTriggerDecl[];
  /** A manual trigger is declared: the app may start it with `run()`. */
  canRunManually: boolean;
}

/**
 * none: no admin approved the agents; live: approved; mock: approved for mock data only;
 * stale: the agents changed since they were approved. Only live and mock runs are started.
 */
export type AgentApprovalState = "none" | "live" | "mock" | "stale";

/** What started a run. */
export type AgentRunTrigger =
  | { type: "manual" }
  | {
      type: "document";
      collection: string;
      on: "inserted" | "updated";
      documentId: string;
      depth: number;
    }
  | { type: "schedule"; cron: string; scheduledFor: string };

export type AgentRunStatus =
  | "pending"
  | "running"
  | "awaiting_approval"
  | "completed"
  | "failed"
  | "stopped";

/** One run of an agent as the app sees it: no transcript, only its state and result. */
export interface AgentRun {
  id: string;
  agentId: string;
  agentName: string;
  scope: Scope;
  trigger: AgentRunTrigger;
  status: AgentRunStatus;
  /** The agent's closing text once it completed. */
  result: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  /** mock: its tools answered with the declared mock data. */
  approvalMode: "live" | "mock";
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * What a backend function answered: the service's answer (executed), sample data with the
 * reason (mocked: approved for mock data only, or its integration not set up yet), or a refusal
 * or failure classified with a hint on what to do (denied, failed). Mirrors appTools.run.
 */
export type AppToolAnswer =
  | { kind: "executed"; status: number; data: unknown }
  | { kind: "mocked"; reason: string; message: string; data: unknown }
  | {
      kind: "denied" | "failed";
      code: string;
      message: string;
      hint: string;
      status: number | null;
    };

export interface ResultOf {
  hello: { scope: Scope; theme: Theme };
  list: {
    documents: AppDocument[];
    nextCursor: string | null;
    /** Set when the filter uses fields without an index: each page reads a bounded number. */
    unindexed?: { fields: string[]; scanLimit: number; limited: boolean; message: string };
  };
  get: AppDocument;
  insert: AppDocument;
  update: AppDocument;
  remove: { _id: string };
  watch: { watchId: string };
  unwatch: { watchId: string };
  "agent.list": { agents: AgentInfo[]; approval: AgentApprovalState };
  "agent.run": AgentRun;
  "agent.runs": { runs: AgentRun[] };
  "agent.watch": { watchId: string; runs: AgentRun[] };
  "agent.unwatch": { watchId: string };
  "tool.call": AppToolAnswer;
}

export interface ProtocolError {
  /** VALIDATION, NOT_FOUND, CONFLICT, LIMIT_EXCEEDED, FORBIDDEN, UNAVAILABLE… */
  code: string;
  message: string;
}

export type PlatformMessage =
  | { source: typeof PLATFORM_SOURCE; kind: "response"; id: string; ok: true; result: unknown }
  | {
      source: typeof PLATFORM_SOURCE;
      kind: "response";
      id: string;
      ok: false;
      error: ProtocolError;
    }
  | { source: typeof PLATFORM_SOURCE; kind: "changes"; watchId: string; changes: LiveChange[] }
  | { source: typeof PLATFORM_SOURCE; kind: "watch-error"; watchId: string; error: ProtocolError }
  | { source: typeof PLATFORM_SOURCE; kind: "agent-runs"; watchId: string; runs: AgentRun[] }
  | { source: typeof PLATFORM_SOURCE; kind: "theme"; theme: Theme };
