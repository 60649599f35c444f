import { createHash } from "node:crypto";
import stringify from "safe-stable-stringify";
import type { Tx } from "../../db/tenant";
import type { Config } from "../config";
import type { CustomTool } from "../sdk/agents";
import { hostWithinDomain } from "./addresses";
import { answerOf, type ExecutorOptions, guardedRequest } from "./guard";
import {
  type DenyCode,
  denial,
  type FailCode,
  failure,
  MOCK_MESSAGES,
  type MockReason,
  type ToolAudit,
  type ToolOutcome,
} from "./outcomes";
import { buildRequest, checkInput, secretNames } from "./template";

export type { ExecutorOptions, LoopbackTarget } from "./guard";
export { assertExecutorOptions, EXECUTOR_LIMITS } from "./guard";
export type { ToolAudit, ToolOutcome } from "./outcomes";

/**
 * What `resolveToolCredentials` (src/integrations/grants.ts) answers for a tool's
 * `{domain, keySlug}`: the app's grant, whether it is set up, and its decrypted secrets.
 */
export interface ToolCredentials {
  grant: { id: string; authKind: "none" | "static" | "oauth2" };
  status: "configured" | "needs_setup";
  secrets: Record<string, string> | null;
  /** For an oauth2 grant: the triggering user's access token, when they have connected. */
  accessToken?: string | null;
}

/**
 * Where a tool call finds the app's grant and its secrets for `{domain, keySlug}`; null means the
 * app has no such grant (mock data). `userId` is whose OAuth connection to use: the user who
 * triggered an agent run, or the viewer calling an app backend function.
 */
export type CredentialsResolver = (
  tx: Tx,
  at: {
    workspaceId: string;
    appId: string;
    domain: string;
    keySlug: string;
    userId?: string | null;
  },
) => Promise<ToolCredentials | null>;

export interface ToolCall {
  source: { kind: "agent"; agentId: string } | { kind: "app" };
  /** The spec the caller is about to run, as the app's current build declares it. */
  tool: CustomTool;
  input: Record<string, unknown>;
  /** The app's approval: its mode and the payload whose hash was approved. */
  approval: { mode: "live" | "mock"; payload: unknown } | null;
  /** null when the app has no grant for the tool's domain and key. */
  credentials: ToolCredentials | null;
}

/** The executor's options for this installation (tests may add loopback stand-ins). */
export function executorOptionsOf(
  config: Pick<Config, "env" | "testLoopbackApis">,
): ExecutorOptions {
  return { production: config.env === "production", loopbackAllowlist: config.testLoopbackApis };
}

/** The approved payload's spec of this tool, or null when it names none. */
function approvedSpec(call: ToolCall): unknown {
  const payload = call.approval?.payload as
    | {
        agents?: { id?: unknown; tools?: { type?: unknown; name?: unknown }[] }[];
        appTools?: { name?: unknown }[];
      }
    | null
    | undefined;
  if (!payload || typeof payload !== "object") return null;
  const tools =
    call.source.kind === "app"
      ? payload.appTools
      : payload.agents
          ?.find((a) => a?.id === (call.source as { agentId: string }).agentId)
          ?.tools?.filter((t) => t?.type === "custom");
  return (Array.isArray(tools) ? tools : []).find((t) => t?.name === call.tool.name) ?? null;
}

/**
 * Both specs in canonical form — the JSON they are stored as, stringified with sorted keys —
 * and equal. Both come from a parsed agents.json, so schema defaults are already filled in.
 */
function sameSpec(approved: unknown, tool: CustomTool): boolean {
  const canonical = (v: unknown) => stringify(JSON.parse(JSON.stringify(v ?? null)));
  return approved !== null && canonical(approved) === canonical(tool);
}

/** One of the tool's mock entries, the same one for the same input. */
export function pickMock(tool: CustomTool, input: Record<string, unknown>): unknown {
  const digest = createHash("sha256")
    .update(stringify(input) ?? "")
    .digest();
  return tool.mockData[digest.readUInt32BE(0) % tool.mockData.length];
}

/** Each secret value replaced wherever it appears, so an echoing API cannot leak one. */
export function scrubSecrets(text: string, secrets: Record<string, string> | null): string {
  let out = text;
  for (const value of Object.values(secrets ?? {}))
    if (value.length >= 4) out = out.split(value).join("[redacted]");
  return out;
}

function decodeBody(
  body: Uint8Array,
  contentType: string | null,
  secrets: Record<string, string> | null,
): unknown {
  const text = scrubSecrets(new TextDecoder().decode(body), secrets);
  if (contentType && /[/+]json\b/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Runs one custom tool call (an agent's or an app backend function), checking in this order and
 * stopping at the first failure: the approved payload holds this exact spec; a grant exists; its
 * auth kind fits the spec; its secrets are set (else mock data, with the reason); the
 * placeholders fill; then the guarded request (domain lock, https, public address pinned, no
 * redirects, timeout, size cap). Never throws for anything a tool or a service can do.
 */
export async function executeTool(call: ToolCall, options: ExecutorOptions): Promise<ToolOutcome> {
  const started = performance.now();
  const { tool } = call;
  const secrets = call.credentials?.secrets ?? null;
  // What an echoing service must not hand back: every secret, and the user's OAuth token.
  const token = call.credentials?.accessToken;
  const hidden = token ? { ...secrets, "(access token)": token } : secrets;
  const audit = (outcome: ToolAudit["outcome"], extra: Partial<ToolAudit> = {}): ToolAudit => ({
    outcome,
    tool: tool.name,
    source: call.source.kind,
    agentId: call.source.kind === "agent" ? call.source.agentId : null,
    domain: tool.integration.domain,
    grantId: call.credentials?.grant.id ?? null,
    method: tool.method,
    httpStatus: null,
    durationMs: Math.round(performance.now() - started),
    responseBytes: 0,
    code: null,
    address: null,
    ...extra,
  });
  const deny = (code: DenyCode, address: string | null = null): ToolOutcome => ({
    kind: "denied",
    ...denial(code),
    audit: audit("denied", { code, address }),
  });
  const fail = (code: FailCode, extra: Partial<ToolAudit> = {}, detail?: string): ToolOutcome => {
    const f = failure(code);
    return {
      kind: "failed",
      ...f,
      message: detail ? `${f.message} ${detail}` : f.message,
      status: extra.httpStatus ?? null,
      audit: audit("failed", { code, ...extra }),
    };
  };
  const mock = (reason: MockReason): ToolOutcome => ({
    kind: "mocked",
    reason,
    message: MOCK_MESSAGES[reason],
    data: pickMock(tool, call.input),
    audit: audit("mocked", { code: reason }),
  });

  if (!call.approval || !sameSpec(approvedSpec(call), tool)) return deny("not_approved");
  if (!tool.enabled) return deny("tool_disabled");
  if (call.approval.mode === "mock") return mock("mock_only_approval");

  const creds = call.credentials;
  if (!creds) return mock("no_grant");
  const needed = secretNames(tool);
  const kind = creds.grant.authKind;
  if (needed.length > 0 && kind !== "static") return deny("auth_kind_mismatch");
  if (kind === "static" && needed.length === 0) return deny("auth_kind_mismatch");
  if (creds.status !== "configured") return mock("secrets_missing");
  if (kind === "static" && needed.some((n) => !Object.hasOwn(secrets ?? {}, n) || !secrets?.[n]))
    return mock("secrets_missing");
  if (kind === "oauth2" && !creds.accessToken) return mock("oauth_not_connected");

  const inputProblem = checkInput(tool, call.input);
  if (inputProblem)
    return fail(
      inputProblem.code,
      {},
      inputProblem.code === "input_missing"
        ? `Missing: "${inputProblem.field}".`
        : `"${inputProblem.field}" must be ${inputProblem.expected}.`,
    );
  const built = buildRequest(tool, call.input, secrets ?? {});
  if ("code" in built) {
    if (built.code === "header_not_allowed" || built.code === "endpoint_invalid")
      return deny(built.code);
    if (built.code === "input_missing")
      return fail("input_missing", {}, `Missing: "${built.field}".`);
    return fail("input_invalid", {}, `"${built.field}" must have ${built.expected}.`);
  }
  if (kind === "oauth2") built.headers.authorization = `Bearer ${creds.accessToken}`;

  const url = new URL(built.url);
  const answer = answerOf(
    await guardedRequest(
      url,
      built,
      (host) => hostWithinDomain(host, tool.integration.domain),
      options,
    ),
  );
  if (!answer.ok)
    return "denied" in answer
      ? deny(answer.denied, answer.address)
      : fail(
          answer.failed,
          answer.trail,
          answer.retryAfter !== null
            ? `The service asks to wait ${answer.retryAfter} s.`
            : undefined,
        );
  const { response: result, trail } = answer;
  return {
    kind: "executed",
    status: result.status,
    contentType: result.contentType,
    data: decodeBody(result.body, result.contentType, hidden),
    audit: audit("executed", trail),
  };
}
