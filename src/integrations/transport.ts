import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

export interface PinnedRequest {
  url: URL;
  /** The address that was checked: the only one the connection may reach. */
  address: string;
  /** Plain HTTP: only for a loopback target on the test-only allowlist. */
  plain: boolean;
  /** The port to connect to, when not the URL's (a test loopback target only). */
  port?: number;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
  maxBytes: number;
  /** Extra trusted CA (PEM): tests only; production uses the system store. */
  ca?: string;
}

export type TransportResult =
  | {
      ok: true;
      status: number;
      contentType: string | null;
      /** A 429/503's Retry-After in seconds, when the service gave a number. */
      retryAfter: number | null;
      body: Uint8Array;
      bytes: number;
    }
  | { ok: false; code: "timeout" | "too_large" | "tls" | "network"; bytes: number };

const TLS_CODES = /^(ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_SSL_|EPROTO$)/;

/**
 * One HTTP request whose socket goes to `address` whatever DNS says now: the `lookup` hook
 * answers the checked address, so the Host header, SNI and certificate check still use the
 * name. Bun's fetch ignores custom dispatchers, so this goes through node:http(s), which honours
 * `lookup` under Bun and Node alike. Redirects are never followed (node:http does not), the
 * whole exchange is bounded by `timeoutMs`, and the body is streamed and cut past `maxBytes`.
 */
export function pinnedRequest(req: PinnedRequest): Promise<TransportResult> {
  const family = req.address.includes(":") ? 6 : 4;
  const lookup = ((_host: string, options: { all?: boolean }, cb: LookupCallback) => {
    if (options?.all) cb(null, [{ address: req.address, family }]);
    else cb(null, req.address, family);
  }) as unknown as LookupFunction;
  const mod = req.plain ? http : https;
  return new Promise((resolve) => {
    let bytes = 0;
    let settled = false;
    const finish = (r: TransportResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const request = mod.request(
      {
        protocol: req.plain ? "http:" : "https:",
        hostname: req.url.hostname.replace(/^\[|\]$/g, ""),
        port: req.port ?? (req.url.port || (req.plain ? 80 : 443)),
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method,
        headers: req.headers,
        lookup,
        agent: false,
        ...(req.ca ? { ca: req.ca } : {}),
      },
      (res) => {
        const chunks: Uint8Array[] = [];
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > req.maxBytes) {
            finish({ ok: false, code: "too_large", bytes });
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () =>
          finish({
            ok: true,
            status: res.statusCode ?? 0,
            contentType: headerValue(res.headers["content-type"]),
            retryAfter: seconds(headerValue(res.headers["retry-after"])),
            body: Buffer.concat(chunks),
            bytes,
          }),
        );
        res.on("error", () => finish({ ok: false, code: "network", bytes }));
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, code: "timeout", bytes });
      request.destroy();
    }, req.timeoutMs);
    request.on("error", (err: NodeJS.ErrnoException) =>
      finish({ ok: false, code: TLS_CODES.test(err.code ?? "") ? "tls" : "network", bytes }),
    );
    request.end(req.body);
  });
}

type LookupCallback = (
  err: Error | null,
  address: string | { address: string; family: number }[],
  family?: number,
) => void;

const seconds = (v: string | null) => (v && /^\d{1,6}$/.test(v.trim()) ? Number(v) : null);

const headerValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0]! : (v ?? null));
