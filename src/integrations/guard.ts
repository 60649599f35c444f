import {
  addressProblem,
  isIpLiteral,
  isLoopback,
  type Resolver,
  systemResolver,
} from "./addresses";
import { classifyStatus, type DenyCode, type FailCode, type ToolAudit } from "./outcomes";
import { pinnedRequest, type TransportResult } from "./transport";

export const EXECUTOR_LIMITS = {
  timeoutMs: 30_000,
  responseBytes: 1024 * 1024,
};

/**
 * A local fake API admitted by tests: requests to `host:port` go over plain HTTP to `address`
 * (loopback only; at `targetPort` when given) without DNS. Production refuses to start with any.
 */
export interface LoopbackTarget {
  host: string;
  port: number;
  address?: string;
  /** The port the fake API listens on, when not `port` (e.g. host:443 served from 127.0.0.1:4401). */
  targetPort?: number;
}

export interface ExecutorOptions {
  production: boolean;
  resolver?: Resolver;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Test-only: see LoopbackTarget. */
  loopbackAllowlist?: LoopbackTarget[];
}

/** Throws when the options could open a way round the guards. */
export function assertExecutorOptions(options: ExecutorOptions): void {
  const list = options.loopbackAllowlist ?? [];
  if (options.production && list.length > 0)
    throw new Error("The test-only loopback allowlist cannot be used in production.");
  for (const t of list)
    if (!isLoopback(t.address ?? "127.0.0.1"))
      throw new Error(`Loopback allowlist entry ${t.host}:${t.port} names a non-loopback address.`);
}

export type GuardResult =
  | { ok: true; result: TransportResult; address: string }
  | { ok: false; denied: DenyCode; address: string | null }
  | { ok: false; failed: FailCode; address: string | null };

/** What a tool's audit row records of the call so far. */
type Trail = Pick<ToolAudit, "address"> & Partial<Pick<ToolAudit, "httpStatus" | "responseBytes">>;

export type GuardedAnswer =
  | { ok: true; response: Extract<TransportResult, { ok: true }>; trail: Trail }
  | { ok: false; denied: DenyCode; address: string | null }
  | { ok: false; failed: FailCode; trail: Trail; retryAfter: number | null };

/**
 * A guarded call read the way every tool outcome reads it: a success status, or the code to
 * deny or fail with and what the audit row records.
 */
export function answerOf(guarded: GuardResult): GuardedAnswer {
  if (!guarded.ok)
    return "denied" in guarded
      ? guarded
      : {
          ok: false,
          failed: guarded.failed,
          trail: { address: guarded.address },
          retryAfter: null,
        };
  const { result, address } = guarded;
  if (!result.ok)
    return {
      ok: false,
      failed: result.code === "too_large" ? "response_too_large" : result.code,
      trail: { address, responseBytes: result.bytes },
      retryAfter: null,
    };
  const trail = { address, httpStatus: result.status, responseBytes: result.bytes };
  const problem = classifyStatus(result.status);
  if (problem) return { ok: false, failed: problem, trail, retryAfter: result.retryAfter };
  return { ok: true, response: result, trail };
}

const TIMED_OUT = Symbol("timed out");

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const effectivePort = (url: URL) => Number(url.port || (url.protocol === "http:" ? 80 : 443));

/**
 * The network half of the checks, in order: no userinfo; the host is allowed (domain lock);
 * https (or a test-only loopback target); every resolved address public; then one request to
 * the checked address, never following a redirect, bounded in time and size.
 */
export async function guardedRequest(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: Uint8Array },
  hostAllowed: (host: string) => boolean,
  options: ExecutorOptions,
): Promise<GuardResult> {
  assertExecutorOptions(options);
  if (url.username || url.password)
    return { ok: false, denied: "userinfo_not_allowed", address: null };
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (!hostAllowed(host)) return { ok: false, denied: "domain_not_allowed", address: null };

  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? EXECUTOR_LIMITS.timeoutMs;
  const port = effectivePort(url);
  const target = options.production
    ? undefined
    : options.loopbackAllowlist?.find((t) => t.host.toLowerCase() === host && t.port === port);
  let address: string;
  if (target) {
    address = target.address ?? "127.0.0.1";
  } else {
    if (url.protocol !== "https:") return { ok: false, denied: "insecure_scheme", address: null };
    let addresses: string[];
    if (isIpLiteral(host)) addresses = [host];
    else {
      try {
        const answer = await withDeadline((options.resolver ?? systemResolver)(host), timeoutMs);
        if (answer === TIMED_OUT) return { ok: false, failed: "timeout", address: null };
        addresses = answer;
      } catch {
        return { ok: false, failed: "dns_failed", address: null };
      }
    }
    if (addresses.length === 0) return { ok: false, failed: "dns_failed", address: null };
    // Every answer must be public: a name with one private answer is refused outright.
    const bad = addresses.find((a) => addressProblem(a) !== null);
    if (bad !== undefined) return { ok: false, denied: "address_not_allowed", address: null };
    address = addresses[0]!;
  }

  const result = await pinnedRequest({
    url,
    address,
    plain: target !== undefined,
    method: init.method,
    headers: {
      "user-agent": "Second-Executor/1",
      "accept-encoding": "identity",
      ...init.headers,
    },
    body: init.body,
    ...(target?.targetPort ? { port: target.targetPort } : {}),
    // One deadline for the whole call: what the lookup took is not given again.
    timeoutMs: Math.max(1, timeoutMs - (performance.now() - started)),
    maxBytes: options.maxResponseBytes ?? EXECUTOR_LIMITS.responseBytes,
  });
  return { ok: true, result, address };
}
