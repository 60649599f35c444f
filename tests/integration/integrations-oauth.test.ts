import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Server } from "node:http";
import { and, eq } from "drizzle-orm";
import Provider from "oidc-provider";
import postgres from "postgres";
import { createDatabase, type Database } from "../../db/client";
import { integrationOauthTokens } from "../../db/schema";
import { withTenant } from "../../db/tenant";
import { type MasterKeys, masterKey } from "../../src/config";
import { createApp } from "../../src/http/app";
import { decryptOauth } from "../../src/integrations/crypto";
import { existingDataKey } from "../../src/integrations/data-keys";
import { resolveToolCredentials } from "../../src/integrations/grants";
import { userAccessToken } from "../../src/integrations/oauth";
import { syncIntegrationGrants } from "../../src/integrations/sync";
import { integrationSetupSchema } from "../../src/sdk/integration-setup";
import { newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { addMembership } from "../support/factories";
import { type Client, client, failure, person, testConfig } from "../support/server";

setDefaultTimeout(60_000);

// Ports from this suite's range: the app (its PUBLIC_URL must be known to the provider) and a
// real OAuth/OIDC server (oidc-provider) on loopback.
const APP_PORT = 4753;
const IDP_PORT = 4754;
const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const ISSUER = `http://127.0.0.1:${IDP_PORT}`;
const CLIENT_ID = "second-test-client";
const CLIENT_SECRET = `client-secret-${crypto.randomUUID()}`;
const LOOPBACK = [{ host: "127.0.0.1", port: IDP_PORT }];
const OPTIONS = { production: false, loopbackAllowlist: LOOPBACK };

const key = (fill: number) => masterKey(Buffer.alloc(32, fill).toString("base64"));
const KEYS: MasterKeys = { current: key(9), previous: [] };

const lines: string[] = [];
const responses: string[] = [];
/** Every token value the provider issued: none may appear in a response, log line or audit row. */
const issued = new Set<string>();
let refreshGrants = 0;

let db: TestDatabase;
let app: ReturnType<typeof createApp>;
let server: ReturnType<typeof Bun.serve>;
let idp: Server;
let runtime: Database;
const builds = setupBuilds(() => db);

beforeAll(async () => {
  db = await createTestDatabase();
  app = createApp(
    testConfig(db, {
      logLevel: "debug",
      masterKeys: KEYS,
      publicUrl: APP_URL,
      testLoopbackApis: LOOPBACK,
    }),
    { logSink: (line) => lines.push(line) },
  );
  server = Bun.serve({
    port: APP_PORT,
    hostname: "127.0.0.1",
    fetch: async (req) => {
      const res = await app.fetch(req);
      const body = await res.text();
      responses.push(body);
      responses.push(res.headers.get("location") ?? "");
      return new Response(res.status >= 300 && res.status < 400 ? null : body, res);
    },
  });
  const provider = new Provider(ISSUER, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${APP_URL}/api/oauth/callback`],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    // RFC 7009: Second revokes a user's tokens here when they disconnect.
    features: { revocation: { enabled: true } },
    issueRefreshToken: async () => true,
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
  });
  provider.on("access_token.saved", (t: { jti: string }) => issued.add(t.jti));
  provider.on("refresh_token.saved", (t: { jti: string }) => issued.add(t.jti));
  provider.on("grant.success", (ctx: { oidc: { params?: { grant_type?: string } } }) => {
    if (ctx.oidc.params?.grant_type === "refresh_token") refreshGrants++;
  });
  idp = provider.listen(IDP_PORT);
  runtime = createDatabase(db.appUrl, { max: 4 });
});
afterAll(async () => {
  idp?.close();
  await server?.stop(true);
  await app?.close();
  await runtime?.close();
  await db?.drop();
});

async function asOwner<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

const SERVICE = {
  name: "Calendar",
  domain: "calendar.example.com",
  auth: "oauth2",
  permissionGroups: ["calendar.read"],
};

async function member(workspaceId: string, role: "member" | "admin", name: string) {
  const c = client(APP_URL);
  const user = await c.auth.onboard.mutate({ displayName: name });
  await addMembership(db, workspaceId, user.id, role);
  return { c, userId: user.id };
}

const REVOCATION_ENDPOINT = `${ISSUER}/token/revocation`;

/**
 * A workspace whose app has one oauth2 grant, with (by default) its client registered, naming
 * the provider's revocation endpoint unless told otherwise.
 */
async function oauthApp(
  name: string,
  register = true,
  revocationEndpoint: string | null = REVOCATION_ENDPOINT,
) {
  const p = await person(APP_URL, name, `${name}'s team`);
  const { app: a } = await newApp(p.c, p.workspaceId);
  await withTenant(runtime.db, { workspaceId: p.workspaceId }, (tx) =>
    syncIntegrationGrants(tx, {
      workspaceId: p.workspaceId,
      appId: a.id,
      setup: integrationSetupSchema.parse({ version: 1, services: [SERVICE] }),
      agents: null,
      auditAs: null,
    }),
  );
  const view = await p.c.integrations.app.query({ workspaceId: p.workspaceId, appId: a.id });
  const grant = view.grants[0]!;
  if (register)
    await p.c.integrations.setOauthClient.mutate({
      workspaceId: p.workspaceId,
      grantId: grant.id,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authorizationEndpoint: `${ISSUER}/auth`,
      tokenEndpoint: `${ISSUER}/token`,
      ...(revocationEndpoint ? { revocationEndpoint } : {}),
      scopes: ["openid"],
    });
  return { ...p, app: a, grant };
}

/** Our own tiny browser for the provider's pages: a cookie jar and manual redirects. */
async function signInAtProvider(authorizeUrl: string, account: string): Promise<URL> {
  const jar = new Map<string, string>();
  let next = new URL(authorizeUrl);
  let init: RequestInit = { method: "GET" };
  for (let i = 0; i < 20; i++) {
    const res = await fetch(next, {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get("location");
    if (location) {
      await res.text();
      const to = new URL(location, next);
      // Back at our callback: the browser would now navigate there with our cookie.
      if (to.origin === APP_URL) return to;
      next = to;
      init = { method: "GET" };
      continue;
    }
    const html = await res.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!prompt) throw new Error(`unexpected provider page (${res.status})`);
    const form: Record<string, string> =
      prompt === "login" ? { prompt, login: account, password: "any" } : { prompt };
    init = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    };
  }
  throw new Error("too many redirects at the provider");
}

/** The full flow: start with us, sign in and consent at the provider, come back through the callback. */
async function connect(c: Client, workspaceId: string, grantId: string, account: string) {
  const { authorizeUrl } = await c.integrations.startOauth.mutate({
    workspaceId,
    grantId,
    returnPath: "/settings/integrations?tab=apps",
  });
  const back = await signInAtProvider(authorizeUrl, account);
  return c.fetch(back, { redirect: "manual" });
}

const tokenFor = (workspaceId: string, appId: string, userId: string | null) =>
  withTenant(runtime.db, { workspaceId }, (tx) =>
    resolveToolCredentials(
      tx,
      KEYS,
      { workspaceId, appId, domain: "calendar.example.com", keySlug: "default", userId },
      { db: runtime, options: OPTIONS },
    ),
  );

/** Whose account a token is: the provider's own userinfo answer. */
async function subjectOf(token: string) {
  const res = await fetch(`${ISSUER}/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sub: string }).sub;
}

describe("OAuth2 connections per user", () => {
  test("an admin registers the client; the view shows the redirect URI, never the secret", async () => {
    const { c, workspaceId, app: a, grant } = await oauthApp("Registrar", false);
    expect(grant.status).toBe("needs_setup");
    expect(grant.oauth).toMatchObject({
      client: null,
      connection: null,
      redirectUri: `${APP_URL}/api/oauth/callback`,
    });
    await c.integrations.setOauthClient.mutate({
      workspaceId,
      grantId: grant.id,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authorizationEndpoint: `${ISSUER}/auth`,
      tokenEndpoint: `${ISSUER}/token`,
      scopes: ["openid"],
    });
    const view = await c.integrations.app.query({ workspaceId, appId: a.id });
    expect(view.grants[0]!.status).toBe("mock");
    expect(view.grants[0]!.oauth?.client).toMatchObject({
      clientId: CLIENT_ID,
      scopes: ["openid"],
    });
    expect(JSON.stringify(view)).not.toContain(CLIENT_SECRET);
    const rows = await asOwner(
      (sql) =>
        sql<{ c: string }[]>`select client_secret_ciphertext as c from integration_oauth_clients`,
    );
    for (const r of rows) expect(r.c).not.toContain(CLIENT_SECRET);
  });

  test("setOauthClient refuses a member, plain http to a non-allowlisted host, and userinfo", async () => {
    const { c, workspaceId, grant, app: a } = await oauthApp("Refusals", false);
    const m = await member(workspaceId, "member", "Plain Member");
    await c.apps.addCollaborator.mutate({ workspaceId, appId: a.id, userId: m.userId });
    const input = {
      workspaceId,
      grantId: grant.id,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authorizationEndpoint: `${ISSUER}/auth`,
      tokenEndpoint: `${ISSUER}/token`,
      scopes: [],
    };
    expect((await failure(m.c.integrations.setOauthClient.mutate(input))).code).toBe("FORBIDDEN");
    const admin = await member(workspaceId, "admin", "Admin");
    const plain = await failure(
      admin.c.integrations.setOauthClient.mutate({
        ...input,
        tokenEndpoint: "http://auth.example.com/token",
      }),
    );
    expect(plain).toMatchObject({ code: "BAD_REQUEST" });
    expect(plain.message).toContain("https");
    const withUser = await failure(
      admin.c.integrations.setOauthClient.mutate({
        ...input,
        authorizationEndpoint: "https://u:p@auth.example.com/auth",
      }),
    );
    expect(withUser.code).toBe("BAD_REQUEST");
  });

  test("connect: the full code + PKCE flow through our callback stores encrypted tokens", async () => {
    const { c, workspaceId, app: a, grant, userId } = await oauthApp("Connector");
    const res = await connect(c, workspaceId, grant.id, "alice");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/settings/integrations?tab=apps&oauth=connected");
    const view = await c.integrations.app.query({ workspaceId, appId: a.id });
    expect(view.grants[0]!.oauth?.connection).toMatchObject({ accountLabel: "alice" });
    const creds = await tokenFor(workspaceId, a.id, userId);
    expect(creds?.status).toBe("configured");
    expect(await subjectOf(creds!.accessToken!)).toBe("alice");
    const [row] = await asOwner(
      (sql) =>
        sql<
          { a: string; r: string }[]
        >`select access_ciphertext as a, refresh_ciphertext as r from integration_oauth_tokens where user_id = ${userId}`,
    );
    expect(row!.a).not.toContain(creds!.accessToken!);
    expect(row!.r).toBeTruthy();
    const audit = await c.audit.list.query({ workspaceId });
    expect(JSON.stringify(audit)).toContain("integration.oauth.connected");
  });

  test("a second user's account is never used for the first user's run", async () => {
    const { c, workspaceId, app: a, grant, userId } = await oauthApp("Two accounts");
    const bob = await member(workspaceId, "member", "Bob");
    const carol = await member(workspaceId, "member", "Carol");
    // Both make the app with Alice: its integrations page is theirs to see.
    for (const who of [bob, carol])
      await c.apps.addCollaborator.mutate({ workspaceId, appId: a.id, userId: who.userId });
    expect((await connect(c, workspaceId, grant.id, "alice")).status).toBe(303);
    expect((await connect(bob.c, workspaceId, grant.id, "bob")).status).toBe(303);
    expect(await subjectOf((await tokenFor(workspaceId, a.id, userId))!.accessToken!)).toBe(
      "alice",
    );
    expect(await subjectOf((await tokenFor(workspaceId, a.id, bob.userId))!.accessToken!)).toBe(
      "bob",
    );
    // Carol has not connected: no token (the executor answers mock data, oauth_not_connected).
    const none = await tokenFor(workspaceId, a.id, carol.userId);
    expect(none).toMatchObject({ status: "configured", accessToken: null });
    // Nobody to act for: no token either.
    expect((await tokenFor(workspaceId, a.id, null))?.accessToken).toBeNull();
    // Each sees only their own connection.
    const carolView = await carol.c.integrations.app.query({ workspaceId, appId: a.id });
    expect(carolView.grants[0]!.oauth?.connection).toBeNull();
  });

  test("refresh: an expired access token is refreshed once under concurrency", async () => {
    const { c, workspaceId, app: a, grant, userId } = await oauthApp("Refresher");
    expect((await connect(c, workspaceId, grant.id, "dora")).status).toBe(303);
    const before = (await tokenFor(workspaceId, a.id, userId))!.accessToken!;
    await asOwner(
      (sql) =>
        sql`update integration_oauth_tokens set expires_at = now() - interval '1 minute' where user_id = ${userId}`,
    );
    const counted = refreshGrants;
    const at = { workspaceId, grantId: grant.id, userId };
    const deps = { db: runtime, keys: KEYS, options: OPTIONS };
    const [t1, t2, t3] = await Promise.all([
      userAccessToken(deps, at),
      userAccessToken(deps, at),
      userAccessToken(deps, at),
    ]);
    expect(refreshGrants - counted).toBe(1);
    expect(t1).not.toBe(before);
    expect(t2).toBe(t1!);
    expect(t3).toBe(t1!);
    expect(await subjectOf(t1!)).toBe("dora");
    const [row] = await asOwner(
      (sql) =>
        sql<
          { fresh: boolean }[]
        >`select expires_at > now() and refreshed_at is not null as fresh from integration_oauth_tokens where user_id = ${userId}`,
    );
    expect(row!.fresh).toBe(true);
  });

  test("a refused refresh answers no token and audits the failure without values", async () => {
    const { c, workspaceId, app: a, grant, userId } = await oauthApp("Stale refresh");
    expect((await connect(c, workspaceId, grant.id, "erin")).status).toBe(303);
    // The refresh token is swapped for another (validly encrypted) value the provider never issued.
    await asOwner(
      (sql) =>
        sql`update integration_oauth_tokens set expires_at = now() - interval '1 minute' where user_id = ${userId}`,
    );
    await asOwner(
      (sql) =>
        sql`update integration_oauth_clients set token_endpoint = ${`${ISSUER}/nope`} where workspace_id = ${workspaceId}`,
    );
    expect((await tokenFor(workspaceId, a.id, userId))?.accessToken).toBeNull();
    const rows = await asOwner(
      (sql) =>
        sql<
          { outcome: string; metadata: { reason?: string } }[]
        >`select outcome, metadata from audit_events where workspace_id = ${workspaceId} and action = 'integration.oauth.refreshed'`,
    );
    expect(rows.map((r) => [r.outcome, r.metadata.reason])).toEqual([["failure", "http_404"]]);
  });

  test("revoke: a user disconnects; an admin's removal of the client deletes every user's tokens", async () => {
    const { c, workspaceId, app: a, grant, userId } = await oauthApp("Revoker");
    const bob = await member(workspaceId, "member", "Bob");
    await c.apps.addCollaborator.mutate({ workspaceId, appId: a.id, userId: bob.userId });
    expect((await connect(c, workspaceId, grant.id, "frank")).status).toBe(303);
    expect((await connect(bob.c, workspaceId, grant.id, "gina")).status).toBe(303);
    await bob.c.integrations.disconnectOauth.mutate({ workspaceId, grantId: grant.id });
    expect((await tokenFor(workspaceId, a.id, bob.userId))?.accessToken).toBeNull();
    expect((await tokenFor(workspaceId, a.id, userId))?.accessToken).toBeTruthy();
    // A member cannot remove the client.
    expect(
      (
        await failure(
          bob.c.integrations.removeOauthClient.mutate({ workspaceId, grantId: grant.id }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    await c.integrations.removeOauthClient.mutate({ workspaceId, grantId: grant.id });
    expect(await tokenFor(workspaceId, a.id, userId)).toMatchObject({
      status: "needs_setup",
    });
    const [count] = await asOwner(
      (sql) =>
        sql<
          { n: number }[]
        >`select count(*)::int as n from integration_oauth_tokens where workspace_id = ${workspaceId}`,
    );
    expect(count!.n).toBe(0);
    const actions = (
      await asOwner(
        (sql) =>
          sql<
            { action: string }[]
          >`select action from audit_events where workspace_id = ${workspaceId} and action like 'integration.oauth.%'`,
      )
    ).map((r) => r.action);
    expect(actions).toContain("integration.oauth.disconnected");
    expect(actions).toContain("integration.oauth.client_removed");
  });

  test("state: expired, mismatched (another user), replayed and unknown states are refused", async () => {
    const { c, workspaceId, grant, userId, app: a } = await oauthApp("States");
    const bob = await member(workspaceId, "member", "Bob");
    await c.apps.addCollaborator.mutate({ workspaceId, appId: a.id, userId: bob.userId });

    // Mismatched: Bob's browser brings back a state Alice started; it stays usable for Alice.
    const started = await c.integrations.startOauth.mutate({
      workspaceId,
      grantId: grant.id,
      returnPath: "/settings/integrations",
    });
    const back = await signInAtProvider(started.authorizeUrl, "hank");
    const stolen = await bob.c.fetch(back, { redirect: "manual" });
    expect(stolen.status).toBe(400);
    expect(((await stolen.json()) as { error: string }).error).toContain("not valid");
    const own = await c.fetch(back, { redirect: "manual" });
    expect(own.status).toBe(303);

    // Replay: the same callback again is refused.
    const replay = await c.fetch(back, { redirect: "manual" });
    expect(replay.status).toBe(400);

    // Expired: older than ten minutes.
    const late = await c.integrations.startOauth.mutate({
      workspaceId,
      grantId: grant.id,
      returnPath: "/settings/integrations",
    });
    const lateBack = await signInAtProvider(late.authorizeUrl, "hank");
    await asOwner(
      (sql) =>
        sql`update integration_oauth_states set expires_at = now() - interval '1 second' where user_id = ${userId}`,
    );
    const expired = await c.fetch(lateBack, { redirect: "manual" });
    expect(expired.status).toBe(400);
    expect(((await expired.json()) as { error: string }).error).toContain("expired");

    // Unknown or malformed states, and no session at all.
    const forged = new URL(back);
    forged.searchParams.set("state", `${workspaceId}.${"A".repeat(43)}`);
    expect((await c.fetch(forged, { redirect: "manual" })).status).toBe(400);
    forged.searchParams.set("state", "not-a-state");
    expect((await c.fetch(forged, { redirect: "manual" })).status).toBe(400);
    expect((await fetch(back, { redirect: "manual" })).status).toBe(401);
  });

  test("a foreign return path is refused before anything is stored", async () => {
    const { c, workspaceId, grant } = await oauthApp("Return paths");
    for (const returnPath of [
      "https://evil.example/steal",
      "//evil.example/steal",
      "/\\evil.example",
      "javascript:alert(1)",
      "settings",
      "/ok\nLocation: https://evil.example",
    ]) {
      const err = await failure(
        c.integrations.startOauth.mutate({ workspaceId, grantId: grant.id, returnPath }),
      );
      expect(err.code).toBe("BAD_REQUEST");
    }
    const [row] = await asOwner(
      (sql) =>
        sql<
          { n: number }[]
        >`select count(*)::int as n from integration_oauth_states where workspace_id = ${workspaceId}`,
    );
    expect(row!.n).toBe(0);
  });

  test("a member who neither makes nor uses the app cannot connect to its grant: not found", async () => {
    const { workspaceId, grant } = await oauthApp("Hidden grant");
    const m = await member(workspaceId, "member", "Outsider");
    // Called one at a time: a second call already under way could fail before it is awaited.
    for (const call of [
      () => m.c.integrations.startOauth.mutate({ workspaceId, grantId: grant.id, returnPath: "/" }),
      () => m.c.integrations.disconnectOauth.mutate({ workspaceId, grantId: grant.id }),
    ])
      expect(await failure(call())).toMatchObject({
        code: "NOT_FOUND",
        message: "Integration not found.",
      });
  });

  test("startOauth without a registered client asks for an admin", async () => {
    const { c, workspaceId, grant } = await oauthApp("No client", false);
    const err = await failure(
      c.integrations.startOauth.mutate({ workspaceId, grantId: grant.id, returnPath: "/" }),
    );
    expect(err.code).toBe("PRECONDITION_FAILED");
    expect(err.message).toContain("register the OAuth client");
  });

  test("cross-tenant: every procedure answers NOT_FOUND, and the callback refuses the state", async () => {
    const { c, workspaceId, grant } = await oauthApp("Owner of it");
    const stranger = await person(APP_URL, "Stranger", "Elsewhere");
    const ws = stranger.workspaceId;
    const calls = [
      () =>
        stranger.c.integrations.setOauthClient.mutate({
          workspaceId: ws,
          grantId: grant.id,
          clientId: "x",
          clientSecret: "y",
          authorizationEndpoint: `${ISSUER}/auth`,
          tokenEndpoint: `${ISSUER}/token`,
          scopes: [],
        }),
      () =>
        stranger.c.integrations.removeOauthClient.mutate({ workspaceId: ws, grantId: grant.id }),
      () =>
        stranger.c.integrations.startOauth.mutate({
          workspaceId: ws,
          grantId: grant.id,
          returnPath: "/",
        }),
      () => stranger.c.integrations.disconnectOauth.mutate({ workspaceId: ws, grantId: grant.id }),
    ];
    for (const call of calls) expect((await failure(call())).code).toBe("NOT_FOUND");
    // Naming the other workspace outright: not a member there.
    expect(
      (
        await failure(
          stranger.c.integrations.startOauth.mutate({
            workspaceId,
            grantId: grant.id,
            returnPath: "/",
          }),
        )
      ).code,
    ).toBe("NOT_FOUND");
    const { authorizeUrl } = await c.integrations.startOauth.mutate({
      workspaceId,
      grantId: grant.id,
      returnPath: "/",
    });
    const back = await signInAtProvider(authorizeUrl, "ivan");
    expect((await stranger.c.fetch(back, { redirect: "manual" })).status).toBe(400);
    expect((await c.fetch(back, { redirect: "manual" })).status).toBe(303);
  });

  test("no token ever appears in a response, a log line or an audit row", async () => {
    const { c, workspaceId, app: a, grant, userId } = await oauthApp("Canary");
    expect((await connect(c, workspaceId, grant.id, "judy")).status).toBe(303);
    await asOwner(
      (sql) =>
        sql`update integration_oauth_tokens set expires_at = now() - interval '1 minute' where user_id = ${userId}`,
    );
    expect((await tokenFor(workspaceId, a.id, userId))?.accessToken).toBeTruthy();
    await c.integrations.app.query({ workspaceId, appId: a.id });
    await c.integrations.list.query({ workspaceId });
    await c.audit.list.query({ workspaceId });
    await c.integrations.disconnectOauth.mutate({ workspaceId, grantId: grant.id });
    // An access and a refresh token from the connection, and two more from the refresh.
    expect(issued.size).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeGreaterThan(0);
    for (const token of issued) {
      for (const body of responses) expect(body).not.toContain(token);
      for (const line of lines) expect(line).not.toContain(token);
    }
    const rows = await asOwner(
      (sql) => sql<{ row: string }[]>`select e::text as row from audit_events e`,
    );
    for (const token of [...issued, CLIENT_SECRET])
      for (const r of rows) expect(r.row).not.toContain(token);
    for (const body of responses) expect(body).not.toContain(CLIENT_SECRET);
    for (const line of lines) expect(line).not.toContain(CLIENT_SECRET);
  });
});

/** The user's stored refresh token, decrypted the way the server does (for the provider checks). */
async function storedRefreshToken(workspaceId: string, grantId: string, userId: string) {
  return withTenant(runtime.db, { workspaceId }, async (tx) => {
    const [row] = await tx
      .select()
      .from(integrationOauthTokens)
      .where(
        and(
          eq(integrationOauthTokens.workspaceId, workspaceId),
          eq(integrationOauthTokens.grantId, grantId),
          eq(integrationOauthTokens.userId, userId),
        ),
      );
    const dataKey = await existingDataKey(tx, KEYS, workspaceId);
    return decryptOauth(
      dataKey!,
      "refresh",
      { workspaceId, grantId, userId },
      row!.refreshCiphertext!,
    );
  });
}

/** Whether the provider still exchanges this refresh token (asked directly, as the client). */
async function stillRefreshes(refreshToken: string) {
  const res = await fetch(`${ISSUER}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
  });
  const body = (await res.json()) as { error?: string };
  if (res.status === 200) return true;
  expect(body.error).toBe("invalid_grant");
  return false;
}

async function revocations(workspaceId: string) {
  const rows = await asOwner(
    (sql) => sql<
      { outcome: string; actor_id: string; summary: string; metadata: Record<string, unknown> }[]
    >`
      select outcome, actor_id, summary, metadata from audit_events
      where workspace_id = ${workspaceId} and action = 'integration.oauth.revoked'
      order by occurred_at, id`,
  );
  return [...rows];
}

describe("revocation at the provider (RFC 7009)", () => {
  test("disconnecting revokes the user's refresh token at the provider: it no longer refreshes; another user's still does; audited without the token", async () => {
    const { c, workspaceId, grant, userId, app: a } = await oauthApp("Revoked");
    const bob = await member(workspaceId, "member", "Bob");
    await c.apps.addCollaborator.mutate({ workspaceId, appId: a.id, userId: bob.userId });
    expect((await connect(c, workspaceId, grant.id, "kim")).status).toBe(303);
    expect((await connect(bob.c, workspaceId, grant.id, "lee")).status).toBe(303);
    const mine = await storedRefreshToken(workspaceId, grant.id, userId);
    const bobs = await storedRefreshToken(workspaceId, grant.id, bob.userId);

    await c.integrations.disconnectOauth.mutate({ workspaceId, grantId: grant.id });
    expect(await stillRefreshes(mine)).toBe(false);
    expect(await stillRefreshes(bobs)).toBe(true);
    const rows = await revocations(workspaceId);
    expect(rows).toEqual([
      {
        outcome: "success",
        actor_id: userId,
        summary: "Revoked's Calendar connection was revoked at the provider.",
        metadata: expect.objectContaining({
          userId,
          revoked: "refresh",
          domain: "calendar.example.com",
        }),
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(mine);
  });

  test("an admin removing the client revokes every user's connection at the provider", async () => {
    const { c, workspaceId, grant, userId, app: a } = await oauthApp("Client removal");
    const bob = await member(workspaceId, "member", "Bob");
    await c.apps.addCollaborator.mutate({ workspaceId, appId: a.id, userId: bob.userId });
    expect((await connect(c, workspaceId, grant.id, "max")).status).toBe(303);
    expect((await connect(bob.c, workspaceId, grant.id, "nia")).status).toBe(303);
    const tokens = [
      await storedRefreshToken(workspaceId, grant.id, userId),
      await storedRefreshToken(workspaceId, grant.id, bob.userId),
    ];
    await c.integrations.removeOauthClient.mutate({ workspaceId, grantId: grant.id });
    for (const t of tokens) expect(await stillRefreshes(t)).toBe(false);
    const rows = await revocations(workspaceId);
    expect(rows.map((r) => [r.outcome, r.metadata.userId]).sort()).toEqual(
      [
        ["success", userId],
        ["success", bob.userId],
      ].sort(),
    );
    expect(rows.every((r) => r.actor_id === userId)).toBe(true);
  });

  test("best effort: a refused or unreachable revocation is audited as a failure with its reason, and the local tokens are deleted regardless; no endpoint, nothing is sent", async () => {
    // An https endpoint on a loopback address: the guarded transport refuses it.
    const blocked = await oauthApp("Blocked revoke", true, "https://127.0.0.1:9/revoke");
    expect((await connect(blocked.c, blocked.workspaceId, blocked.grant.id, "ola")).status).toBe(
      303,
    );
    await blocked.c.integrations.disconnectOauth.mutate({
      workspaceId: blocked.workspaceId,
      grantId: blocked.grant.id,
    });
    expect(
      (await tokenFor(blocked.workspaceId, blocked.app.id, blocked.userId))?.accessToken,
    ).toBeNull();
    expect(await revocations(blocked.workspaceId)).toMatchObject([
      { outcome: "failure", metadata: { reason: "address_not_allowed" } },
    ]);

    // The provider answers an error: audited with the status.
    const refused = await oauthApp("Refused revoke", true, `${ISSUER}/nope`);
    expect((await connect(refused.c, refused.workspaceId, refused.grant.id, "pia")).status).toBe(
      303,
    );
    await refused.c.integrations.disconnectOauth.mutate({
      workspaceId: refused.workspaceId,
      grantId: refused.grant.id,
    });
    expect(await revocations(refused.workspaceId)).toMatchObject([
      { outcome: "failure", metadata: { reason: "http_404" } },
    ]);
    const [left] = await asOwner(
      (sql) => sql<{ n: number }[]>`select count(*)::int as n from integration_oauth_tokens
        where workspace_id in (${blocked.workspaceId}, ${refused.workspaceId})`,
    );
    expect(left!.n).toBe(0);

    // No revocation endpoint registered: the tokens go, nothing is attempted or audited.
    const none = await oauthApp("No revoke endpoint", true, null);
    expect((await connect(none.c, none.workspaceId, none.grant.id, "quinn")).status).toBe(303);
    const token = await storedRefreshToken(none.workspaceId, none.grant.id, none.userId);
    await none.c.integrations.disconnectOauth.mutate({
      workspaceId: none.workspaceId,
      grantId: none.grant.id,
    });
    expect(await revocations(none.workspaceId)).toEqual([]);
    expect(await stillRefreshes(token)).toBe(true);
  });

  test("a build whose integration-setup.json no longer lists the service removes its grant and revokes every connection at the provider", async () => {
    const { c, workspaceId, app: a, grant, userId } = await oauthApp("Dropped service");
    expect((await connect(c, workspaceId, grant.id, "rita")).status).toBe(303);
    const token = await storedRefreshToken(workspaceId, grant.id, userId);
    const w = await builds.worker({ workspaceId, appId: a.id, userId }, "dropped", {
      oauthRevoke: { db: runtime, keys: KEYS, options: OPTIONS },
    });
    // The template app, with no integration-setup.json at all.
    expect((await w.build("Without the calendar")).status).toBe("succeeded");
    expect((await c.integrations.app.query({ workspaceId, appId: a.id })).grants).toEqual([]);
    expect(await stillRefreshes(token)).toBe(false);
    expect(await revocations(workspaceId)).toMatchObject([
      {
        outcome: "success",
        actor_id: userId,
        summary: "A user's Calendar connection was revoked at the provider.",
        metadata: { userId, revoked: "refresh" },
      },
    ]);
  });

  test("deleting the app revokes every connection at the provider and removes its grants' encrypted secrets, audited; another workspace cannot delete it", async () => {
    const { c, workspaceId, app: a, grant, userId } = await oauthApp("Deleted app");
    const bob = await member(workspaceId, "member", "Bob");
    await c.apps.addCollaborator.mutate({ workspaceId, appId: a.id, userId: bob.userId });
    // A static service beside the OAuth one, with its secret set.
    const crm = { name: "CRM", domain: "crm.example.com", auth: "static", secrets: ["CRM_KEY"] };
    await withTenant(runtime.db, { workspaceId }, (tx) =>
      syncIntegrationGrants(tx, {
        workspaceId,
        appId: a.id,
        setup: integrationSetupSchema.parse({ version: 1, services: [SERVICE, crm] }),
        agents: null,
        auditAs: null,
      }),
    );
    const view = await c.integrations.app.query({ workspaceId, appId: a.id });
    const crmGrant = view.grants.find((g) => g.domain === "crm.example.com")!;
    await c.integrations.setSecret.mutate({
      workspaceId,
      grantId: crmGrant.id,
      name: "CRM_KEY",
      value: "crm-key-value",
    });
    expect((await connect(c, workspaceId, grant.id, "sam")).status).toBe(303);
    expect((await connect(bob.c, workspaceId, grant.id, "tia")).status).toBe(303);
    const tokens = [
      await storedRefreshToken(workspaceId, grant.id, userId),
      await storedRefreshToken(workspaceId, grant.id, bob.userId),
    ];

    // Another workspace's owner: not found, and nothing is revoked or removed.
    const other = await person(APP_URL, "Deleter elsewhere", "Elsewhere");
    expect(
      await failure(other.c.apps.delete.mutate({ workspaceId: other.workspaceId, appId: a.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(other.c.apps.delete.mutate({ workspaceId, appId: a.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    for (const t of tokens) expect(await stillRefreshes(t)).toBe(true);

    await c.apps.delete.mutate({ workspaceId, appId: a.id });
    for (const t of tokens) expect(await stillRefreshes(t)).toBe(false);
    const left = await asOwner(
      (sql) => sql<{ table: string; n: number }[]>`
        select 'grants' as table, count(*)::int as n from integration_grants
          where workspace_id = ${workspaceId}
        union all select 'secrets', count(*)::int from integration_secrets
          where workspace_id = ${workspaceId}
        union all select 'clients', count(*)::int from integration_oauth_clients
          where workspace_id = ${workspaceId}
        union all select 'tokens', count(*)::int from integration_oauth_tokens
          where workspace_id = ${workspaceId}`,
    );
    expect(left.every((r) => r.n === 0)).toBe(true);
    const rows = await revocations(workspaceId);
    expect(rows.map((r) => [r.outcome, r.actor_id, r.metadata.userId]).sort()).toEqual(
      [
        ["success", userId, userId],
        ["success", userId, bob.userId],
      ].sort(),
    );
    const audit = await asOwner(
      (sql) => sql<{ action: string; metadata: Record<string, unknown> }[]>`
        select action, metadata from audit_events where workspace_id = ${workspaceId}
          and action in ('integration.grant.removed', 'app.deleted') order by seq`,
    );
    expect(audit.map((r) => [r.action, r.metadata.domain ?? null])).toEqual([
      ["integration.grant.removed", "calendar.example.com"],
      ["integration.grant.removed", "crm.example.com"],
      ["app.deleted", null],
    ]);
    expect(audit[0]!.metadata).toMatchObject({ cause: "app_deleted", oauthConnections: 2 });
    expect(audit[1]!.metadata).toMatchObject({ cause: "app_deleted", sealedValues: 1 });
    expect(audit[2]!.metadata).toEqual({
      integrationGrants: 2,
      sealedValues: 1,
      oauthConnections: 2,
    });
    const text = JSON.stringify([rows, audit]);
    for (const t of tokens) expect(text).not.toContain(t);
    expect(text).not.toContain("crm-key-value");
  });

  test("deleting the app is never blocked by a provider that refuses the revocation: logged with its code, audited as a failure", async () => {
    const {
      c,
      workspaceId,
      app: a,
      grant,
    } = await oauthApp("Refused delete", true, `${ISSUER}/nope`);
    expect((await connect(c, workspaceId, grant.id, "uma")).status).toBe(303);
    const from = lines.length;
    await c.apps.delete.mutate({ workspaceId, appId: a.id });
    expect(await failure(c.apps.get.query({ workspaceId, appId: a.id }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await revocations(workspaceId)).toMatchObject([
      { outcome: "failure", metadata: { reason: "http_404" } },
    ]);
    const logged = lines
      .slice(from)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "oauth revocation not confirmed");
    expect(logged).toMatchObject([{ workspaceId, grantId: grant.id, code: "http_404" }]);
    const [left] = await asOwner(
      (sql) => sql<{ n: number }[]>`select count(*)::int as n from integration_oauth_tokens
        where workspace_id = ${workspaceId}`,
    );
    expect(left!.n).toBe(0);
  });

  test("the revocation endpoint is checked like the others when the client is registered", async () => {
    const { c, workspaceId, grant } = await oauthApp("Revocation input", false);
    const input = {
      workspaceId,
      grantId: grant.id,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      authorizationEndpoint: `${ISSUER}/auth`,
      tokenEndpoint: `${ISSUER}/token`,
      scopes: [],
    };
    for (const revocationEndpoint of [
      "http://auth.example.com/revoke",
      "https://u:p@auth.example.com/revoke",
      "not a url",
    ]) {
      const err = await failure(
        c.integrations.setOauthClient.mutate({ ...input, revocationEndpoint }),
      );
      expect(err.code).toBe("BAD_REQUEST");
      expect(err.message).toContain("revocation endpoint");
    }
    await c.integrations.setOauthClient.mutate({
      ...input,
      revocationEndpoint: REVOCATION_ENDPOINT,
    });
    const view = await c.integrations.app.query({ workspaceId, appId: grant.appId });
    expect(view.grants[0]!.oauth?.client).toMatchObject({
      revocationEndpoint: REVOCATION_ENDPOINT,
    });
  });
});
