import { describe, expect, test } from "bun:test";
import { addressProblem, hostWithinDomain } from "../../src/integrations/addresses";
import { assertExecutorOptions } from "../../src/integrations/executor";
import { classifyStatus } from "../../src/integrations/outcomes";
import { buildRequest, checkInput, secretNames } from "../../src/integrations/template";
import { customTool, rawTool } from "../support/tools";

describe("address policy (ipaddr.js ranges)", () => {
  test.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["0177.0.0.1", "loopback"],
    ["0x7f.1", "loopback"],
    ["127.1", "loopback"],
    ["2130706433", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["224.0.0.1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.1", "reserved"],
    ["240.0.0.1", "reserved"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "unspecified"],
    ["::ffff:127.0.0.1", "ipv4Mapped"],
    ["::ffff:7f00:1", "ipv4Mapped"],
    ["::ffff:a9fe:a9fe", "ipv4Mapped"],
    ["64:ff9b::7f00:1", "rfc6052"],
    ["64:ff9b:1::a00:1", "rfc6052"],
    ["::ffff:0:7f00:1", "rfc6145"],
    ["::7f00:1", "ipv4Compatible"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["2002:7f00:1::1", "6to4"],
    ["2001:0:4136:e378::1", "teredo"],
    ["2001:db8::1", "reserved"],
    ["fe80::1%eth0", "scoped"],
    ["not-an-ip", "not an IP address"],
  ])("%s is refused (%s)", (address, why) => {
    expect(addressProblem(address)).toBe(why);
  });

  test.each(["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])(
    "%s is public",
    (address) => {
      expect(addressProblem(address)).toBeNull();
    },
  );
});

describe("domain lock", () => {
  test.each([
    ["acme.test", "acme.test", true],
    ["api.acme.test", "acme.test", true],
    ["a.b.acme.test", "acme.test", true],
    ["API.Acme.Test.", "acme.test", true],
    ["acme.test.evil.test", "acme.test", false],
    ["evilacme.test", "acme.test", false],
    ["acme.test", "api.acme.test", false],
    ["test", "acme.test", false],
    ["api..acme.test", "acme.test", false],
    ["127.0.0.1", "acme.test", false],
  ])("%s within %s: %s", (host, domain, ok) => {
    expect(hostWithinDomain(host, domain)).toBe(ok);
  });
});

describe("executor options", () => {
  test("production refuses the test-only loopback allowlist", () => {
    expect(() =>
      assertExecutorOptions({
        production: true,
        loopbackAllowlist: [{ host: "api.acme.test", port: 4570 }],
      }),
    ).toThrow(/production/);
  });
  test("an allowlist entry must name a loopback address", () => {
    expect(() =>
      assertExecutorOptions({
        production: false,
        loopbackAllowlist: [{ host: "api.acme.test", port: 4570, address: "10.0.0.5" }],
      }),
    ).toThrow(/non-loopback/);
  });
});

describe("placeholders", () => {
  test("input is URL-encoded in the path and query, secrets substituted, nothing else", () => {
    const tool = customTool({
      query: { q: "{{input.id}}", fields: "name" },
    });
    const built = buildRequest(tool, { id: "a/../b?x=1#&y" }, { ACME_TOKEN: "tok" });
    if ("code" in built) throw new Error(built.code);
    const url = new URL(built.url);
    expect(url.hostname).toBe("api.acme.test");
    expect(url.pathname).toBe("/v1/companies/a%2F..%2Fb%3Fx%3D1%23%26y");
    expect(url.searchParams.get("q")).toBe("a/../b?x=1#&y");
    expect(url.searchParams.get("fields")).toBe("name");
    expect(built.headers.authorization).toBe("Bearer tok");
  });

  test("input cannot change the host or add userinfo", () => {
    const inPath = buildRequest(customTool(), { id: "@evil.test" }, { ACME_TOKEN: "t" });
    if ("code" in inPath) throw new Error(inPath.code);
    expect(new URL(inPath.url).hostname).toBe("api.acme.test");
    expect(new URL(inPath.url).pathname).toBe("/v1/companies/%40evil.test");
    // Glued to the host, the encoded input makes no valid URL at all.
    const glued = rawTool({ endpoint: "https://api.acme.test{{input.id}}/x", headers: {} });
    expect(buildRequest(glued, { id: "@evil.test" }, {})).toEqual({ code: "endpoint_invalid" });
  });

  test("input is JSON-escaped in a text body and kept typed in a JSON body", () => {
    const text = customTool({
      method: "POST",
      headers: {},
      body: '{"note": "{{input.note}}"}',
      inputSchema: { type: "object", properties: { note: { type: "string" } }, required: [] },
      endpoint: "https://api.acme.test/v1/notes",
      query: {},
    });
    const builtText = buildRequest(text, { note: 'he said "hi"\n", "admin": true' }, {});
    if ("code" in builtText) throw new Error(builtText.code);
    expect(JSON.parse(new TextDecoder().decode(builtText.body))).toEqual({
      note: 'he said "hi"\n", "admin": true',
    });

    const json = customTool({
      method: "POST",
      headers: {},
      body: { count: "{{input.n}}", label: "n={{input.n}}", flags: ["{{input.on}}"] },
      inputSchema: {
        type: "object",
        properties: { n: { type: "integer" }, on: { type: "boolean" } },
        required: ["n", "on"],
      },
      endpoint: "https://api.acme.test/v1/count",
      query: {},
    });
    const builtJson = buildRequest(json, { n: 3, on: true }, {});
    if ("code" in builtJson) throw new Error(builtJson.code);
    expect(JSON.parse(new TextDecoder().decode(builtJson.body))).toEqual({
      count: 3,
      label: "n=3",
      flags: [true],
    });
    expect(builtJson.headers["content-type"]).toBe("application/json");
  });

  test("missing and mistyped input are named; inherited names are not input", () => {
    const tool = customTool();
    expect(checkInput(tool, {})).toEqual({ code: "input_missing", field: "id" });
    expect(checkInput(tool, { id: 5 })).toEqual({
      code: "input_invalid",
      field: "id",
      expected: "string",
    });
    const proto = customTool({
      endpoint: "https://api.acme.test/v1/{{input.constructor}}",
      inputSchema: {
        type: "object",
        properties: { constructor: { type: "string" } },
        required: [],
      },
    });
    expect(buildRequest(proto, {}, { ACME_TOKEN: "t" })).toEqual({
      code: "input_missing",
      field: "constructor",
    });
  });

  test("an optional input left out drops its query parameter", () => {
    const tool = customTool({
      query: { limit: "{{input.limit}}" },
      inputSchema: {
        type: "object",
        properties: { id: { type: "string" }, limit: { type: "integer" } },
        required: ["id"],
      },
    });
    const built = buildRequest(tool, { id: "x" }, { ACME_TOKEN: "t" });
    if ("code" in built) throw new Error(built.code);
    expect(new URL(built.url).search).toBe("");
  });

  test("headers the platform sets, and control characters, are refused", () => {
    expect(buildRequest(rawTool({ headers: { Host: "internal.local" } }), { id: "x" }, {})).toEqual(
      { code: "header_not_allowed", header: "Host" },
    );
    expect(
      buildRequest(rawTool({ headers: { "X-Id": "{{input.id}}" } }), { id: "a\r\nX-Evil: 1" }, {}),
    ).toMatchObject({ code: "input_invalid" });
  });

  test("secret names are listed from headers, query and body", () => {
    const tool = customTool({
      method: "POST",
      query: { key: "{{secrets.QUERY_KEY}}" },
      body: { token: "{{secrets.BODY_TOKEN}}" },
    });
    expect(secretNames(tool)).toEqual(["ACME_TOKEN", "BODY_TOKEN", "QUERY_KEY"]);
  });
});

describe("provider status classification", () => {
  test.each([
    [200, null],
    [204, null],
    [301, "redirect"],
    [307, "redirect"],
    [400, "client_error"],
    [401, "auth"],
    [403, "auth"],
    [404, "not_found"],
    [422, "client_error"],
    [429, "rate_limited"],
    [500, "server"],
    [503, "server"],
  ])("%i → %s", (status, code) => {
    expect(classifyStatus(status)).toBe(code as ReturnType<typeof classifyStatus>);
  });
});
