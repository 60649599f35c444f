import { z } from "zod";
import type { DenyCode, FailCode } from "../integrations/outcomes";
import type { CustomTool } from "../sdk/agents";

/**
 * What a failed custom tool call leaves in its run's `tool-output` event, for the Agent Runs
 * drawer and for a repair request to the builder: the platform's own classification of the
 * failure and where the spec points — never a header, secret, substituted URL, query or body.
 */
export const FAILURE_CATEGORIES = [
  "auth",
  "rate_limit",
  "not_found",
  "server",
  "network",
  "request",
  "refused",
] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

export const toolFailureSchema = z.object({
  outcome: z.enum(["failed", "denied"]),
  code: z.string().max(64),
  category: z.enum(FAILURE_CATEGORIES),
  httpStatus: z.number().int().nullable(),
  method: z.string().max(10),
  domain: z.string().max(253),
  keySlug: z.string().max(40),
  /** The endpoint's path as the spec writes it (placeholders kept), without query or fragment. */
  path: z.string().max(300),
  message: z.string().max(500),
  hint: z.string().max(500),
});
export type ToolFailure = z.infer<typeof toolFailureSchema>;

const CATEGORY: Partial<Record<FailCode | DenyCode, FailureCategory>> = {
  auth: "auth",
  auth_kind_mismatch: "auth",
  rate_limited: "rate_limit",
  not_found: "not_found",
  server: "server",
  network: "network",
  timeout: "network",
  tls: "network",
  dns_failed: "network",
  domain_not_allowed: "refused",
  address_not_allowed: "refused",
  insecure_scheme: "refused",
  userinfo_not_allowed: "refused",
  header_not_allowed: "refused",
  endpoint_invalid: "refused",
};

export const CATEGORY_LABELS: Record<FailureCategory, string> = {
  auth: "authentication",
  rate_limit: "rate limit",
  not_found: "not found",
  server: "server error",
  network: "network",
  request: "bad request",
  refused: "refused by the platform",
};

/** The endpoint template's path: no scheme, host, query or fragment. */
export function specPath(endpoint: string): string {
  const rest = endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  const path = rest.split(/[?#]/)[0] || "/";
  return path.length > 300 ? `${path.slice(0, 299)}…` : path;
}

/** The record of one failed or denied executor outcome of `tool`. */
export function toolFailureOf(
  tool: Pick<CustomTool, "method" | "endpoint" | "integration">,
  outcome: {
    kind: "failed" | "denied";
    code: FailCode | DenyCode;
    message: string;
    hint: string;
    status?: number | null;
  },
): ToolFailure {
  return {
    outcome: outcome.kind,
    code: outcome.code,
    category: CATEGORY[outcome.code] ?? "request",
    httpStatus: outcome.status ?? null,
    method: tool.method,
    domain: tool.integration.domain,
    keySlug: tool.integration.keySlug ?? "default",
    path: specPath(tool.endpoint),
    message: outcome.message.slice(0, 500),
    hint: outcome.hint.slice(0, 500),
  };
}
