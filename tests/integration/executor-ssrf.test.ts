import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Resolver } from "../../src/integrations/addresses";
import {
  type ExecutorOptions,
  executeTool,
  type ToolOutcome,
} from "../../src/integrations/executor";
import { pinnedRequest } from "../../src/integrations/transport";
import { webFetch } from "../../src/integrations/web-fetch";
import { connectionCounter, fakeApi } from "../fixtures/fake-api";
import { allowing, call, rawTool, SECRET_CANARY } from "../support/tools";

// Every attack here runs WITHOUT the test-only loopback allowlist, so the loopback refusal is
// the real one; listeners on loopback count any connection that gets through. Only the
// response-handling attacks (redirect, oversized, slow) need an answering API and admit it.
const PORT = 4560;
const outcomes: unknown[] = [];
let v4: ReturnType<typeof connectionCounter>;
let v6: ReturnType<typeof connectionCounter>;

beforeAll(() => {
  v4 = connectionCounter({ hostname: "127.0.0.1", port: PORT });
  v6 = connectionCounter({ hostname: "::1", port: PORT });
});
afterAll(() => {
  v4.stop();
  v6.stop();
});

/** A test resolver: answers from a table, counting questions, with a sequence per name. */
function resolverOf(answers: Record<string, string[][]>) {
  const asked: string[] = [];
  const resolve: Resolver = async (host) => {
    asked.push(host);
    const queue = answers[host];
    if (!queue || queue.length === 0)
      throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
    return queue.length > 1 ? queue.shift()! : queue[0]!;
  };
  return { resolve, asked };
}

const strict = (extra: Partial<ExecutorOptions> = {}): ExecutorOptions => ({
  production: true,
  ...extra,
});

async function fetchPage(url: string, options: ExecutorOptions = strict()) {
  const outcome = await webFetch(url, { agentId: "reader" }, options);
  outcomes.push(outcome);
  return outcome;
}

async function tool(endpoint: string, options: ExecutorOptions = strict(), overrides = {}) {
  const spec = rawTool({ endpoint, ...overrides });
  const outcome = await executeTool(call(spec), options);
  outcomes.push(outcome);
  return outcome;
}

test("the loopback listeners do count a connection that gets through", async () => {
  for (const [counter, hostname] of [
    [v4, "127.0.0.1"],
    [v6, "::1"],
  ] as const) {
    const before = counter.connections;
    const accepted = counter.next();
    const socket = await Bun.connect({ hostname, port: PORT, socket: { data() {} } });
    await accepted;
    socket.end();
    expect(counter.connections).toBe(before + 1);
  }
});

describe("SSRF: IP literal forms (WebFetch, any public host allowed)", () => {
  test.each([
    ["decimal", `https://2130706433:${PORT}/`],
    ["octal", `https://0177.0.0.1:${PORT}/`],
    ["hex", `https://0x7f.1:${PORT}/`],
    ["shortened", `https://127.1:${PORT}/`],
    ["IPv6 loopback", `https://[::1]:${PORT}/`],
    ["IPv4-mapped", `https://[::ffff:127.0.0.1]:${PORT}/`],
    ["IPv4-mapped hex", `https://[::ffff:7f00:1]:${PORT}/`],
    ["NAT64", `https://[64:ff9b::7f00:1]:${PORT}/`],
    ["unspecified", `https://0.0.0.0:${PORT}/`],
    ["metadata", "https://169.254.169.254/latest/meta-data/"],
    ["private", "https://10.0.0.1/"],
    ["CGNAT", "https://100.64.0.1/"],
    ["bare zero", `https://0:${PORT}/`],
    ["IPv6 unspecified", `https://[::]:${PORT}/`],
    ["IPv4-translated", `https://[::ffff:0:7f00:1]:${PORT}/`],
    ["IPv4-compatible", `https://[::127.0.0.1]:${PORT}/`],
    ["IPv6 link-local", `https://[fe80::1]:${PORT}/`],
    ["IPv6 metadata (unique local)", "https://[fd00:ec2::254]/latest/meta-data/"],
    ["multicast", "https://224.0.0.1/"],
    ["IPv6 multicast", "https://[ff02::1]/"],
    ["broadcast", "https://255.255.255.255/"],
  ])("%s (%s) is refused and nothing is connected", async (_name, url) => {
    const before = v4.connections + v6.connections;
    const outcome = await fetchPage(url);
    expect(outcome).toMatchObject({ kind: "denied", code: "address_not_allowed" });
    expect(v4.connections + v6.connections).toBe(before);
  });

  test("plain http is refused, in development as in production, before any lookup", async () => {
    const { resolve, asked } = resolverOf({ "example.com": [["93.184.215.14"]] });
    for (const production of [true, false])
      expect(
        await fetchPage(`http://2130706433:${PORT}/`, { production, resolver: resolve }),
      ).toMatchObject({
        kind: "denied",
        code: "insecure_scheme",
      });
    expect(
      await fetchPage("http://example.com/", { production: false, resolver: resolve }),
    ).toMatchObject({
      code: "insecure_scheme",
    });
    expect(asked).toEqual([]);
  });
});

describe("SSRF: custom tools are locked to their integration's domain", () => {
  test.each([
    `https://2130706433:${PORT}/v1`,
    `https://0177.0.0.1:${PORT}/v1`,
    `https://0x7f.1:${PORT}/v1`,
    `https://[::1]:${PORT}/v1`,
    `https://[::ffff:127.0.0.1]:${PORT}/v1`,
    "https://169.254.169.254/latest/meta-data/",
    "https://api.acme.test.evil.test/v1",
    "https://evilapi.acme.test/v1",
    "https://acme.test/v1",
  ])("%s is not on api.acme.test", async (endpoint) => {
    const { resolve, asked } = resolverOf({});
    const outcome = await tool(endpoint, strict({ resolver: resolve }));
    expect(outcome).toMatchObject({ kind: "denied", code: "domain_not_allowed" });
    expect(asked).toEqual([]);
  });

  test("a subdomain of the integration's domain passes the lock (and then the address check)", async () => {
    const { resolve, asked } = resolverOf({ "eu.api.acme.test": [["127.0.0.1"]] });
    const outcome = await tool(
      `https://eu.api.acme.test:${PORT}/v1`,
      strict({ resolver: resolve }),
    );
    expect(outcome).toMatchObject({ kind: "denied", code: "address_not_allowed" });
    expect(asked).toEqual(["eu.api.acme.test"]);
  });

  test("userinfo in the URL is refused", async () => {
    expect(await tool(`https://user:pass@api.acme.test:${PORT}/v1`)).toMatchObject({
      kind: "denied",
      code: "userinfo_not_allowed",
    });
    expect(await fetchPage(`https://admin@example.com:${PORT}/`)).toMatchObject({
      kind: "denied",
      code: "userinfo_not_allowed",
    });
  });

  test("http to the integration's domain is refused", async () => {
    const { resolve } = resolverOf({ "api.acme.test": [["93.184.215.14"]] });
    expect(
      await tool(`http://api.acme.test:${PORT}/v1`, strict({ resolver: resolve })),
    ).toMatchObject({
      kind: "denied",
      code: "insecure_scheme",
    });
  });
});

describe("SSRF: names that resolve to private addresses", () => {
  test.each([
    [["127.0.0.1"]],
    [["10.0.0.5"]],
    [["169.254.169.254"]],
    [["::1"]],
    [["::ffff:10.0.0.5"]],
    [["fd00::5"]],
    [["0177.0.0.1"]],
    [["93.184.215.14", "192.168.1.10"]],
  ])("api.acme.test → %j is refused", async (addresses) => {
    const { resolve } = resolverOf({ "api.acme.test": [addresses] });
    const before = v4.connections + v6.connections;
    const outcome = await tool(`https://api.acme.test:${PORT}/v1`, strict({ resolver: resolve }));
    expect(outcome).toMatchObject({ kind: "denied", code: "address_not_allowed" });
    expect(v4.connections + v6.connections).toBe(before);
  });

  test("a lookup that never answers counts against the same timeout", async () => {
    const never: Resolver = () => new Promise(() => {});
    expect(
      await tool(`https://api.acme.test/v1`, strict({ resolver: never, timeoutMs: 200 })),
    ).toMatchObject({ kind: "failed", code: "timeout" });
  });

  test("a name that does not resolve is a typed failure", async () => {
    const { resolve } = resolverOf({});
    expect(await tool(`https://api.acme.test/v1`, strict({ resolver: resolve }))).toMatchObject({
      kind: "failed",
      code: "dns_failed",
    });
  });

  test("rebinding: a resolver answering public then private is asked once; the connection goes to the checked public address", async () => {
    const { resolve, asked } = resolverOf({
      "api.acme.test": [["93.184.215.14"], ["127.0.0.1"], ["127.0.0.1"]],
    });
    const before = v4.connections + v6.connections;
    const outcome = await tool(
      `https://api.acme.test:${PORT}/v1`,
      strict({ resolver: resolve, timeoutMs: 1_500 }),
    );
    expect(asked).toEqual(["api.acme.test"]);
    expect(outcome.audit.address).toBe("93.184.215.14");
    // No route out of the test machine: the call fails, but it never reached loopback.
    expect(outcome).toMatchObject({ kind: "failed" });
    expect(["network", "timeout", "tls"]).toContain((outcome as { code: string }).code);
    expect(v4.connections + v6.connections).toBe(before);
  });

  test("the transport connects to the pinned address, whatever the name would resolve to", async () => {
    const good = fakeApi((r) => new Response(`pinned ${r.headers.host}`), {
      hostname: "127.0.0.2",
      port: 4561,
    });
    const evil = fakeApi(() => new Response("rebound"), { hostname: "127.0.0.1", port: 4561 });
    try {
      const result = await pinnedRequest({
        url: new URL("http://rebind.acme.test:4561/x"),
        address: "127.0.0.2",
        plain: true,
        method: "GET",
        headers: {},
        timeoutMs: 5_000,
        maxBytes: 1024,
      });
      expect(result.ok && new TextDecoder().decode(result.body)).toBe(
        "pinned rebind.acme.test:4561",
      );
      expect(good.requests).toHaveLength(1);
      expect(evil.requests).toHaveLength(0);
    } finally {
      await good.stop();
      await evil.stop();
    }
  });
});

describe("TLS under the pin", () => {
  const TLS_PORT = 4564;
  const dir = `${import.meta.dir}/../fixtures/tls`;

  test("SNI and the certificate check use the name while the socket goes to the pinned address", async () => {
    const cert = await Bun.file(`${dir}/api.acme.test.crt`).text();
    const key = await Bun.file(`${dir}/api.acme.test.key`).text();
    const server = Bun.serve({
      hostname: "127.0.0.2",
      port: TLS_PORT,
      tls: { cert, key },
      fetch: (r) => new Response(`tls ${r.headers.get("host")}`),
    });
    const request = (host: string, ca?: string) =>
      pinnedRequest({
        url: new URL(`https://${host}:${TLS_PORT}/`),
        address: "127.0.0.2",
        plain: false,
        method: "GET",
        headers: {},
        timeoutMs: 5_000,
        maxBytes: 1024,
        ca,
      });
    try {
      const ok = await request("api.acme.test", cert);
      expect(ok.ok && new TextDecoder().decode(ok.body)).toBe(`tls api.acme.test:${TLS_PORT}`);
      // The certificate is not for this name: refused, though the address is the same.
      expect(await request("other.acme.test", cert)).toMatchObject({ ok: false, code: "tls" });
      // Verification is on by default: a certificate nobody trusts is refused.
      expect(await request("api.acme.test")).toMatchObject({ ok: false, code: "tls" });
    } finally {
      await server.stop(true);
    }
  });
});

describe("SSRF: responses", () => {
  const API_PORT = 4562;
  const TARGET_PORT = 4563;

  test("a redirect to a private address is returned as a typed outcome, never followed", async () => {
    const target = connectionCounter({ hostname: "127.0.0.1", port: TARGET_PORT });
    const api = fakeApi(
      () =>
        new Response(null, {
          status: 302,
          headers: { location: `http://127.0.0.1:${TARGET_PORT}/admin` },
        }),
      { port: API_PORT },
    );
    try {
      const outcome = await tool(
        `https://api.acme.test:${API_PORT}/v1`,
        allowing("api.acme.test", API_PORT),
      );
      expect(outcome).toMatchObject({ kind: "failed", code: "redirect", status: 302 });
      const page = await fetchPage(
        `http://docs.acme.test:${API_PORT}/`,
        allowing("docs.acme.test", API_PORT),
      );
      expect(page).toMatchObject({ kind: "failed", code: "redirect", status: 302 });
      expect(api.requests).toHaveLength(2);
      expect(target.connections).toBe(0);
      expect(JSON.stringify(outcome)).not.toContain(`${TARGET_PORT}/admin`);
    } finally {
      await api.stop();
      target.stop();
    }
  });

  test("an oversized response is cut at 1 MB with a typed failure", async () => {
    const mb = 1024 * 1024;
    const chunk = new Uint8Array(64 * 1024).fill(97);
    const api = fakeApi(
      (r) =>
        r.path.startsWith("/stream")
          ? new Response(
              new ReadableStream({
                pull(controller) {
                  controller.enqueue(chunk); // endless: only the cap ends it
                },
              }),
            )
          : new Response(new Uint8Array(2 * mb).fill(98)),
      { port: API_PORT },
    );
    try {
      for (const path of ["/sized", "/stream"]) {
        const outcome = await tool(
          `https://api.acme.test:${API_PORT}${path}`,
          allowing("api.acme.test", API_PORT),
        );
        expect(outcome).toMatchObject({ kind: "failed", code: "response_too_large" });
        expect(outcome.audit.responseBytes).toBeGreaterThan(mb);
        expect(outcome.audit.responseBytes).toBeLessThan(mb + 256 * 1024);
      }
      const page = await fetchPage(
        `http://docs.acme.test:${API_PORT}/stream`,
        allowing("docs.acme.test", API_PORT),
      );
      expect(page).toMatchObject({ kind: "failed", code: "response_too_large" });
    } finally {
      await api.stop();
    }
  });

  test("a slow response times out (timeout injected, nothing slept)", async () => {
    const { promise: released, resolve: release } = Promise.withResolvers<void>();
    const api = fakeApi(
      async () => {
        await released;
        return new Response("late");
      },
      { port: API_PORT },
    );
    try {
      const started = performance.now();
      const outcome = await tool(
        `https://api.acme.test:${API_PORT}/slow`,
        allowing("api.acme.test", API_PORT, { timeoutMs: 300 }),
      );
      expect(outcome).toMatchObject({ kind: "failed", code: "timeout", hint: expect.any(String) });
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      release();
      await api.stop();
    }
  });
});

describe("secret canary", () => {
  test("appears in no outcome, error message or audit record of the attacks above", () => {
    expect(outcomes.length).toBeGreaterThan(30);
    for (const outcome of outcomes as ToolOutcome[]) {
      const text = JSON.stringify(outcome);
      expect(text).not.toContain(SECRET_CANARY);
      expect(text).not.toContain("Bearer");
    }
  });
});
