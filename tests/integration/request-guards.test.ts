import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { startServer, type TestServer } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();
let production: TestServer;

beforeAll(() => {
  production = startServer(world.db, {
    env: "production",
    publicUrl: "https://second.example.com",
    previewOrigin: "https://preview.example.net",
  });
});
afterAll(() => production?.close());

/** Signs a new user in and creates a workspace, sending the given request id with the create. */
async function createWorkspaceWithRequestId(requestId: string) {
  const url = world.server.url;
  const json = { "content-type": "application/json" };
  const onboard = await fetch(`${url}/trpc/auth.onboard`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ displayName: "Tracer" }),
  });
  const cookie = onboard.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${url}/trpc/workspaces.create`, {
    method: "POST",
    headers: { ...json, cookie, "x-request-id": requestId },
    body: JSON.stringify({ name: "Traced" }),
  });
  expect(res.status).toBe(200);
  const { result } = (await res.json()) as { result: { data: { id: string } } };
  const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await owner<{ request_id: string }[]>`
      select request_id from audit_events where workspace_id = ${result.data.id}`;
    return { header: res.headers.get("x-request-id"), stored: row?.request_id };
  } finally {
    await owner.end();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("request guards", () => {
  test("a well-formed client request id reaches the audit row; anything else is replaced", async () => {
    expect(await createWorkspaceWithRequestId("trace-abc_123")).toEqual({
      header: "trace-abc_123",
      stored: "trace-abc_123",
    });
    expect(await createWorkspaceWithRequestId("a".repeat(64))).toMatchObject({
      stored: "a".repeat(64),
    });
    for (const bad of ["a".repeat(65), "<script>alert(1)</script>", "two words", "x;drop", "é"]) {
      const { header, stored } = await createWorkspaceWithRequestId(bad);
      expect(stored).toMatch(UUID);
      expect(header).toBe(stored!);
    }
  });

  test("in production, only PUBLIC_URL's host is answered (and PREVIEW_ORIGIN's for previews)", async () => {
    const get = (path: string, host: string) =>
      fetch(`${production.url}${path}`, { headers: { host }, redirect: "manual" });
    const session = await get("/trpc/auth.session", "second.example.com");
    expect(session.status).toBe(200);
    for (const host of ["evil.example", "second.example.com.evil.example", "preview.example.net"]) {
      const refused = await get("/trpc/auth.session", host);
      expect(refused.status).toBe(421);
      expect(await refused.json()).toEqual({
        error: { code: "MISDIRECTED", message: "This server does not answer for that host." },
      });
    }
    expect((await get("/preview/fixture/", "preview.example.net")).status).not.toBe(421);
    expect((await get("/preview/fixture/", "second.example.com")).status).not.toBe(421);
    expect((await get("/preview/fixture/", "evil.example")).status).toBe(421);
    // Probes address the process, not the site.
    expect((await get("/healthz", "10.0.0.7:3000")).status).toBe(200);
  });

  test("outside production the Host header is not checked", async () => {
    const res = await fetch(`${world.server.url}/trpc/auth.session`, {
      headers: { host: "anything.example" },
    });
    expect(res.status).toBe(200);
  });
});
