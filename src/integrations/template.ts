import type { CustomTool } from "../sdk/agents";

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const HEADER_UNSAFE = /[\u0000-\u001f\u007f]/;
/** Headers the executor sets itself: a tool may not choose where or how the request goes. */
const RESERVED_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "upgrade",
  "te",
  "trailer",
  "keep-alive",
  "proxy-authorization",
  "proxy-connection",
  "expect",
]);

export type InputProblem =
  | { code: "input_missing"; field: string }
  | { code: "input_invalid"; field: string; expected: string };
export type TemplateProblem =
  | InputProblem
  | { code: "header_not_allowed"; header: string }
  | { code: "endpoint_invalid" };

export interface BuiltRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

/** Every `{{secrets.NAME}}` the tool's request uses. */
export function secretNames(tool: CustomTool): string[] {
  const names = new Set<string>();
  const scan = (text: string) => {
    for (const m of text.matchAll(PLACEHOLDER)) {
      const [scope, key] = m[1]!.split(".");
      if (scope === "secrets" && key) names.add(key);
    }
  };
  walkStrings({ e: tool.endpoint, h: tool.headers, q: tool.query, b: tool.body }, scan);
  return [...names].sort();
}

/** A caller-named value, never one inherited from Object.prototype; absent and null alike. */
const own = (o: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(o, key) ? (o[key] ?? null) : null;

function walkStrings(v: unknown, visit: (s: string) => void) {
  if (typeof v === "string") visit(v);
  else if (Array.isArray(v)) for (const x of v) walkStrings(x, visit);
  else if (v && typeof v === "object") for (const x of Object.values(v)) walkStrings(x, visit);
}

/** Input checked against the tool's inputSchema: wrong types are named, extras ignored. */
export function checkInput(tool: CustomTool, input: Record<string, unknown>): InputProblem | null {
  const { properties, required } = tool.inputSchema;
  for (const field of required)
    if (own(input, field) === null) return { code: "input_missing", field };
  for (const [field, spec] of Object.entries(properties)) {
    const v = own(input, field);
    if (v === null) continue;
    const ok =
      spec.type === "string"
        ? typeof v === "string"
        : spec.type === "boolean"
          ? typeof v === "boolean"
          : spec.type === "integer"
            ? Number.isInteger(v)
            : typeof v === "number" && Number.isFinite(v);
    if (!ok) return { code: "input_invalid", field, expected: spec.type };
  }
  return null;
}

/**
 * The request with every placeholder filled: `{{input.x}}` URL-encoded in the endpoint and
 * query, JSON-escaped in a text body and kept typed in a JSON body; `{{secrets.NAME}}` from
 * `secrets`. Throws nothing: a missing input or a forbidden header comes back as a problem.
 */
export function buildRequest(
  tool: CustomTool,
  input: Record<string, unknown>,
  secrets: Record<string, string>,
): BuiltRequest | TemplateProblem {
  let problem: TemplateProblem | null = null;
  const value = (inner: string): unknown => {
    const [scope, key] = inner.split(".");
    if (scope === "secrets" && key && Object.hasOwn(secrets, key)) return secrets[key];
    if (scope === "input" && key && own(input, key) !== null) return own(input, key);
    problem ??= { code: "input_missing", field: key ?? inner };
    return "";
  };
  const fill = (text: string, encode: (s: string) => string) =>
    text.replace(PLACEHOLDER, (_m, inner: string) => encode(String(value(inner))));

  let url: URL;
  try {
    url = new URL(fill(tool.endpoint, encodeURIComponent));
  } catch {
    return { code: "endpoint_invalid" };
  }
  for (const [k, template] of Object.entries(tool.query)) {
    const whole = WHOLE.exec(template);
    const field = whole?.[1]?.startsWith("input.") ? whole[1].slice(6) : null;
    // A query parameter that is only an optional input the caller left out is left out too.
    if (field && !tool.inputSchema.required.includes(field) && own(input, field) === null) continue;
    url.searchParams.append(
      k,
      fill(template, (s) => s),
    );
  }

  const headers: Record<string, string> = {};
  for (const [k, template] of Object.entries(tool.headers)) {
    if (RESERVED_HEADERS.has(k.toLowerCase())) return { code: "header_not_allowed", header: k };
    const v = fill(template, (s) => s);
    if (HEADER_UNSAFE.test(v) || HEADER_UNSAFE.test(k))
      return { code: "input_invalid", field: `header ${k}`, expected: "no control characters" };
    headers[k.toLowerCase()] = v;
  }

  let body: Uint8Array | undefined;
  if (typeof tool.body === "string") {
    body = new TextEncoder().encode(fill(tool.body, (s) => JSON.stringify(s).slice(1, -1)));
  } else if (tool.body !== undefined) {
    const typed = (v: unknown): unknown => {
      if (typeof v === "string") {
        const whole = WHOLE.exec(v);
        return whole ? value(whole[1]!) : fill(v, (s) => s);
      }
      if (Array.isArray(v)) return v.map(typed);
      if (v && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typed(x)]));
      return v;
    };
    body = new TextEncoder().encode(JSON.stringify(typed(tool.body)));
    headers["content-type"] ??= "application/json";
  }
  if (problem) return problem;
  return { url: url.href, method: tool.method, headers, body };
}
