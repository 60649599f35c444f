import {
  createTRPCClient,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from "@trpc/client";
import { EventSource } from "eventsource";
import type { AppRouter } from "../../src/api-types";
import { type Config, masterKey, parseConfig } from "../../src/config";
import { createApp } from "../../src/http/app";
import type { TestDatabase } from "./db";

/** Every process of a test (server, worker, spawned) seals with the same key, as one install would. */
export const TEST_AUDIT_KEY = "test-audit-signing-key-that-is-long-enough-0123";

/** Likewise one master key, so a secret the server saves decrypts in the worker. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 42).toString("base64");

export function testConfig(db: TestDatabase, overrides: Partial<Config> = {}): Config {
  return parseConfig(
    {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    },
    {
      databaseUrl: db.ownerUrl,
      appDatabaseUrl: db.appUrl,
      appRole: new URL(db.appUrl).username,
      queueDatabaseUrl: db.queueUrl,
      poolSize: 5,
      queuePrefix: `second-test-${db.name}`,
      sessionSecret: "test-session-secret-that-is-long-enough-0123456789",
      auditSigningKey: TEST_AUDIT_KEY,
      masterKeys: { current: masterKey(TEST_MASTER_KEY), previous: [] },
      ...overrides,
    },
  );
}

export interface TestServer {
  url: string;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/** The real app on a real port, against the given test database. */
export function startServer(
  db: TestDatabase,
  overrides: Partial<Config> = {},
  port = 0,
): TestServer {
  const app = createApp(testConfig(db, overrides));
  const server = Bun.serve({ port, hostname: "127.0.0.1", fetch: app.fetch, idleTimeout: 0 });
  return {
    url: `http://127.0.0.1:${server.port}`,
    app,
    async close() {
      await server.stop(true);
      await app.close();
    },
  };
}

/** A browser-like client: keeps its own cookie jar across calls. */
export function client(baseUrl: string, jar = new Map<string, string>()) {
  const fetchWithJar = async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(input, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === "" || /max-age=0/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: `${baseUrl}/trpc`,
          EventSource,
          eventSourceOptions: () => ({ fetch: fetchWithJar }),
        }),
        false: httpLink({ url: `${baseUrl}/trpc`, fetch: fetchWithJar }),
      }),
    ],
  });
  const extras = { jar, fetch: fetchWithJar };
  // The tRPC client is a recursive proxy: extra properties must be served before it.
  return new Proxy(trpc, {
    get: (target, prop) =>
      prop in extras ? extras[prop as keyof typeof extras] : Reflect.get(target, prop),
  }) as typeof trpc & typeof extras;
}

export type Client = ReturnType<typeof client>;

/** A signed-in person with their own workspace. */
export async function person(
  baseUrl: string,
  name = "Ada Lovelace",
  workspace = "Analytical Engines",
) {
  const c = client(baseUrl);
  const user = await c.auth.onboard.mutate({ displayName: name });
  const ws = await c.workspaces.create.mutate({ name: workspace });
  return { c, userId: user.id, workspaceId: ws.id };
}

/** The error a call failed with, as { code, reason, message }. */
export async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (err) {
    if (err instanceof TRPCClientError) {
      const data = err.data as
        | { code?: string; reason?: string; detail?: string; httpStatus?: number }
        | undefined;
      return {
        code: data?.code,
        reason: data?.reason,
        detail: data?.detail,
        status: data?.httpStatus,
        message: err.message,
      };
    }
    throw err;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
