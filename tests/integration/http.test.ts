import { describe, expect, test } from "bun:test";
import { createTRPCClient, httpSubscriptionLink } from "@trpc/client";
import { EventSource } from "eventsource";
import type { AppRouter } from "../../src/api-types";
import { startServer } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

const post = (path: string, headers: Record<string, string>) =>
  fetch(`${world.server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ displayName: "Csrf Test" }),
  });

describe("http surface", () => {
  test("/healthz reports database and queue", async () => {
    const res = await fetch(`${world.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      database: "ok",
      queue: "ok",
      queueBackend: "redis",
    });
  });

  test("/healthz answers 503 when the queue backend is unreachable", async () => {
    const broken = startServer(world.db, {
      redisUrl: "redis://127.0.0.1:1",
      queueBackend: "redis",
    });
    try {
      const res = await fetch(`${broken.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        status: "degraded",
        database: "ok",
        queue: "unreachable",
      });
    } finally {
      await broken.close();
    }
  });

  test("cross-site writes are refused; same-origin and non-browser writes pass", async () => {
    const foreign = await post("/trpc/auth.onboard", { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toEqual({
      error: { code: "FORBIDDEN", message: "Cross-site request refused." },
    });
    expect((await post("/trpc/auth.onboard", { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect(
      (
        await post("/trpc/auth.onboard", {
          origin: world.server.url,
          "sec-fetch-site": "same-origin",
        })
      ).status,
    ).toBe(200);
    expect((await post("/trpc/auth.onboard", {})).status).toBe(200);
  });

  test("cross-site reads of private data are refused; our own pages and curl are not", async () => {
    const get = (headers: Record<string, string>) =>
      fetch(`${world.server.url}/trpc/auth.session`, { headers });
    expect((await get({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await get({ origin: "https://evil.example" })).status).toBe(403);
    expect((await get({ "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await get({})).status).toBe(200);
    const api = await fetch(`${world.server.url}/api/anything`, {
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(api.status).toBe(403);
  });

  test("responses carry a request id and secure headers", async () => {
    const res = await fetch(`${world.server.url}/trpc/auth.session`);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    const echoed = await fetch(`${world.server.url}/healthz`, {
      headers: { "x-request-id": "trace-123" },
    });
    expect(echoed.headers.get("x-request-id")).toBe("trace-123");
  });

  test("subscriptions stream over SSE and resume after the last event id", async () => {
    const sse = createTRPCClient<AppRouter>({
      links: [httpSubscriptionLink({ url: `${world.server.url}/trpc`, EventSource })],
    });
    const take = (lastEventId: string | null, n: number) =>
      new Promise<string[]>((resolve, reject) => {
        const ids: string[] = [];
        const sub = sse.system.heartbeat.subscribe(
          { intervalMs: 100, lastEventId },
          {
            onData: (e) => {
              ids.push(e.id);
              if (ids.length === n) {
                sub.unsubscribe();
                resolve(ids);
              }
            },
            onError: reject,
          },
        );
      });
    expect(await take(null, 3)).toEqual(["1", "2", "3"]);
    expect(await take("3", 2)).toEqual(["4", "5"]);
  });

  test("malformed tRPC input answers a typed validation error, not a crash", async () => {
    const res = await fetch(`${world.server.url}/trpc/auth.onboard`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    const unknown = await fetch(`${world.server.url}/trpc/nope.nothing`);
    expect(unknown.status).toBe(404);
  });
});
