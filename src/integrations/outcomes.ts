/** What every executor call returns: one of four outcomes, each carrying its audit record. */

export type MockReason =
  | "mock_only_approval"
  | "no_grant"
  | "secrets_missing"
  | "oauth_not_connected";

export type DenyCode =
  | "not_approved"
  | "tool_disabled"
  | "auth_kind_mismatch"
  | "header_not_allowed"
  | "endpoint_invalid"
  | "userinfo_not_allowed"
  | "domain_not_allowed"
  | "insecure_scheme"
  | "address_not_allowed";

export type FailCode =
  | "input_missing"
  | "input_invalid"
  | "dns_failed"
  | "redirect"
  | "auth"
  | "rate_limited"
  | "not_found"
  | "client_error"
  | "server"
  | "network"
  | "timeout"
  | "tls"
  | "response_too_large";

/** Safe to store and log: names, ids, codes, sizes and timings — never a value, header or body. */
export interface ToolAudit {
  outcome: "executed" | "mocked" | "denied" | "failed";
  tool: string;
  source: "agent" | "app" | "builtin";
  agentId: string | null;
  domain: string;
  grantId: string | null;
  method: string;
  httpStatus: number | null;
  durationMs: number;
  responseBytes: number;
  code: string | null;
  /** The address the connection was made to, once it passed the checks. */
  address: string | null;
}

export type ToolOutcome =
  | {
      kind: "executed";
      status: number;
      contentType: string | null;
      data: unknown;
      audit: ToolAudit;
    }
  | { kind: "mocked"; reason: MockReason; message: string; data: unknown; audit: ToolAudit }
  | { kind: "denied"; code: DenyCode; message: string; hint: string; audit: ToolAudit }
  | {
      kind: "failed";
      code: FailCode;
      message: string;
      hint: string;
      status: number | null;
      audit: ToolAudit;
    };

export const MOCK_MESSAGES: Record<MockReason, string> = {
  mock_only_approval: "This tool is approved for mock data only; the result is sample data.",
  no_grant: "The app has no integration for this tool's domain yet; the result is sample data.",
  secrets_missing:
    "The integration is not set up: an admin has to enter its secrets in Settings → Integrations. The result is sample data.",
  oauth_not_connected:
    "The user who started this has not connected their account for this integration; the result is sample data.",
};

const DENIALS: Record<DenyCode, [string, string]> = {
  not_approved: [
    "This tool is not in the approved agents configuration, or it changed since approval.",
    "Ask an owner or admin to review and approve the app's agents again.",
  ],
  tool_disabled: ["This tool is disabled.", "An admin can enable it in the app's Agents tab."],
  auth_kind_mismatch: [
    "The tool's authentication does not match how its integration is set up.",
    "Fix the tool spec or integration-setup.json so both use the same auth kind.",
  ],
  header_not_allowed: [
    "The tool sets a header the platform controls (Host, Content-Length, Connection, …).",
    "Remove that header from the tool spec.",
  ],
  endpoint_invalid: ["The tool's endpoint is not a valid URL.", "Fix the endpoint in the spec."],
  userinfo_not_allowed: [
    "The URL carries a user name or password.",
    "Put credentials in secrets, never in the URL.",
  ],
  domain_not_allowed: [
    "The request's host is not the integration's domain or one of its subdomains.",
    "Call only the domain the integration declares.",
  ],
  insecure_scheme: ["Only https URLs may be called.", "Use the https:// address of the API."],
  address_not_allowed: [
    "The host resolves to an address that may not be reached (private, loopback, link-local, reserved…).",
    "Only public internet services can be called.",
  ],
};

const FAILURES: Record<FailCode, [string, string]> = {
  input_missing: ["A required input is missing.", "Call the tool again with that input."],
  input_invalid: [
    "An input has the wrong type or characters.",
    "Call the tool again with a valid value.",
  ],
  dns_failed: ["The host name could not be resolved.", "Check the host name in the tool spec."],
  redirect: [
    "The service answered with a redirect, which is not followed.",
    "Point the tool spec at the final URL.",
  ],
  auth: [
    "The service refused the credentials (401/403).",
    "An admin should check the integration's secrets and permissions in Settings → Integrations.",
  ],
  rate_limited: ["The service is rate limiting requests (429).", "Wait before trying again."],
  not_found: [
    "The service answered 404 Not Found.",
    "Check the input identifiers and the endpoint path.",
  ],
  client_error: [
    "The service rejected the request.",
    "Check the inputs and the request the tool spec builds.",
  ],
  server: ["The service had an error (5xx).", "Try again later."],
  network: ["The service could not be reached.", "Try again later; check the domain."],
  timeout: ["The service did not answer in time.", "Try again later, or ask for less."],
  tls: [
    "The service's TLS certificate could not be verified.",
    "Check the domain: its certificate must be valid for it.",
  ],
  response_too_large: [
    "The response was larger than the limit and was cut off.",
    "Ask the service for less (filters, paging).",
  ],
};

export const denial = (code: DenyCode) => {
  const [message, hint] = DENIALS[code];
  return { code, message, hint };
};

export const failure = (code: FailCode) => {
  const [message, hint] = FAILURES[code];
  return { code, message, hint };
};

/** A provider's status classified: null when it is a success. */
export function classifyStatus(status: number): FailCode | null {
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) return "redirect";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  return "client_error";
}
