import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TRPCClientError } from "@trpc/client";
import postgres from "postgres";
import { createApp } from "../../src/http/app";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { addMembership } from "../support/factories";
import { client, failure, person, testConfig } from "../support/server";

setDefaultTimeout(60_000);

const lines: string[] = [];
let db: TestDatabase;
let app: ReturnType<typeof createApp>;
let server: ReturnType<typeof Bun.serve>;
let url: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = createApp(testConfig(db, { logLevel: "debug" }), { logSink: (l) => lines.push(l) });
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch });
  url = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.stop(true);
  await app?.close();
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

async function member(workspaceId: string, role: "owner" | "admin" | "member", name: string) {
  const c = client(url);
  const user = await c.auth.onboard.mutate({ displayName: name });
  await addMembership(db, workspaceId, user.id, role);
  return { c, userId: user.id };
}

async function newcomer(name: string) {
  const c = client(url);
  const user = await c.auth.onboard.mutate({ displayName: name });
  return { c, userId: user.id };
}

/** The finer reason of an invite error ("expired", "revoked", "used_up", "unknown"). */
async function detailOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (err) {
    if (err instanceof TRPCClientError) {
      const data = err.data as { code?: string; detail?: string };
      return { code: data.code, detail: data.detail, message: err.message };
    }
    throw err;
  }
  throw new Error("expected the call to fail");
}

async function memberIds(c: ReturnType<typeof client>, workspaceId: string) {
  return (await c.members.list.query({ workspaceId })).map((m) => m.userId);
}

describe("invitations", () => {
  test("an admin creates a link; a new person previews it, signs in and joins with its role and team", async () => {
    const { c, workspaceId } = await person(url, "Olive Owner", "Invite Land");
    const admin = await member(workspaceId, "admin", "Adam Admin");
    const team = await c.teams.create.mutate({ workspaceId, name: "Design" });
    const { token, invite } = await admin.c.invites.create.mutate({
      workspaceId,
      role: "member",
      teamId: team.id,
    });
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(invite).toMatchObject({ role: "member", maxUses: 1, uses: 0, teamName: "Design" });
    const hours = (new Date(invite.expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(167.9);
    expect(hours).toBeLessThanOrEqual(168);

    const anon = client(url);
    expect(await anon.invites.preview.query({ token })).toMatchObject({
      workspaceId,
      workspaceName: "Invite Land",
      role: "member",
      teamName: "Design",
      alreadyMember: false,
    });

    const nia = await newcomer("Nia Newcomer");
    const out = await nia.c.invites.accept.mutate({ token });
    expect(out).toEqual({ workspaceId, role: "member", alreadyMember: false });
    const list = await c.members.list.query({ workspaceId });
    const joined = list.find((m) => m.userId === nia.userId);
    expect(joined).toMatchObject({ role: "member", displayName: "Nia Newcomer" });
    expect(joined?.teams.map((t) => t.name).sort()).toEqual(["Design", "General"]);
    expect((await nia.c.workspaces.list.query()).map((w) => w.id)).toContain(workspaceId);

    const { events } = await c.audit.list.query({ workspaceId, category: "members" });
    const actions = events.map((e) => e.action);
    expect(actions).toContain("member.invite_created");
    expect(actions).toContain("member.invite_accepted");
    const accepted = events.find((e) => e.action === "member.invite_accepted");
    expect(accepted).toMatchObject({ actorName: "Nia Newcomer", targetId: invite.id });
    // The link is single use: used up now, and no longer listed as active.
    expect(await admin.c.invites.list.query({ workspaceId })).toEqual([]);
    const late = await newcomer("Late Larry");
    expect(await detailOf(late.c.invites.accept.mutate({ token }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      detail: "used_up",
      message: expect.stringMatching(/Ask an admin .* new link/),
    });
    expect(await memberIds(c, workspaceId)).not.toContain(late.userId);
  });

  test("a multi-use admin invite counts each join; an existing member is told and not counted", async () => {
    const { c, workspaceId, userId } = await person(url, "Multi Owner", "Multi");
    const { token, invite } = await c.invites.create.mutate({
      workspaceId,
      role: "admin",
      maxUses: 2,
      expiresInHours: 1,
    });
    expect(await c.invites.preview.query({ token })).toMatchObject({ alreadyMember: true });
    expect(await c.invites.accept.mutate({ token })).toEqual({
      workspaceId,
      role: "owner",
      alreadyMember: true,
    });
    const a = await newcomer("First Admin");
    const b = await newcomer("Second Admin");
    await a.c.invites.accept.mutate({ token });
    expect(await a.c.invites.accept.mutate({ token })).toMatchObject({ alreadyMember: true });
    const [listed] = await c.invites.list.query({ workspaceId });
    expect(listed).toMatchObject({ id: invite.id, uses: 1, maxUses: 2, role: "admin" });
    await b.c.invites.accept.mutate({ token });
    const roles = await c.members.list.query({ workspaceId });
    expect(
      roles
        .filter((m) => m.role === "admin")
        .map((m) => m.userId)
        .sort(),
    ).toEqual([a.userId, b.userId].sort());
    expect(roles.map((m) => m.userId)).toContain(userId);
    expect(await c.invites.list.query({ workspaceId })).toEqual([]);
  });

  test("two people accepting a single-use link at once: exactly one joins", async () => {
    const { c, workspaceId } = await person(url, "Race Owner", "Race");
    const { token } = await c.invites.create.mutate({ workspaceId, role: "member" });
    const racers = await Promise.all([1, 2, 3, 4].map((i) => newcomer(`Racer ${i}`)));
    const results = await Promise.allSettled(
      racers.map((r) => r.c.invites.accept.mutate({ token })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const ids = await memberIds(c, workspaceId);
    expect(ids.filter((id) => racers.some((r) => r.userId === id))).toHaveLength(1);
    const [row] = await asOwner(
      (sql) => sql`select uses from workspace_invites where workspace_id = ${workspaceId}`,
    );
    expect(row?.uses).toBe(1);
  });

  test("expiry at the boundary: usable a moment before, refused at and after, nothing changed", async () => {
    const { c, workspaceId } = await person(url, "Clock Owner", "Clocks");
    const { token, invite } = await c.invites.create.mutate({ workspaceId, role: "member" });
    const setExpiry = (interval: string) =>
      asOwner(
        (sql) =>
          sql`update workspace_invites set expires_at = now() + ${interval}::interval
            where workspace_id = ${workspaceId} and id = ${invite.id}`,
      );
    await setExpiry("-1 millisecond");
    const x = await newcomer("Expired Ed");
    expect(await detailOf(x.c.invites.preview.query({ token }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      detail: "expired",
      message: expect.stringMatching(/expired\. Ask an admin/),
    });
    expect(await detailOf(x.c.invites.accept.mutate({ token }))).toMatchObject({
      detail: "expired",
    });
    expect(await memberIds(c, workspaceId)).not.toContain(x.userId);
    expect(await c.invites.list.query({ workspaceId })).toEqual([]);
    await setExpiry("1 minute");
    expect(await x.c.invites.accept.mutate({ token })).toMatchObject({ alreadyMember: false });
  });

  test("revoke: the link stops working at once, audited; revoking again changes nothing", async () => {
    const { c, workspaceId } = await person(url, "Revoke Owner", "Revokes");
    const { token, invite } = await c.invites.create.mutate({ workspaceId, role: "member" });
    expect(await c.invites.revoke.mutate({ workspaceId, inviteId: invite.id })).toEqual({
      id: invite.id,
      revoked: true,
    });
    expect(await c.invites.revoke.mutate({ workspaceId, inviteId: invite.id })).toEqual({
      id: invite.id,
      revoked: false,
    });
    const r = await newcomer("Revoked Rita");
    expect(await detailOf(r.c.invites.accept.mutate({ token }))).toMatchObject({
      code: "PRECONDITION_FAILED",
      detail: "revoked",
      message: expect.stringMatching(/revoked\. Ask an admin/),
    });
    expect(await memberIds(c, workspaceId)).not.toContain(r.userId);
    const { events } = await c.audit.list.query({ workspaceId, action: "member.invite_revoked" });
    expect(events).toHaveLength(1);
  });

  test("bad input: unknown or mangled tokens, owner role, bad expiry and uses, unknown team", async () => {
    const { c, workspaceId } = await person(url, "Bad Owner", "Bad Inputs");
    const n = await newcomer("Nobody");
    const { token } = await c.invites.create.mutate({ workspaceId, role: "member" });
    const forged = `${token.slice(0, -4)}AAAA`;
    for (const t of [forged, "nonsense", `${token}x`]) {
      expect(await detailOf(n.c.invites.accept.mutate({ token: t }))).toMatchObject({
        code: "NOT_FOUND",
        detail: "unknown",
        message: expect.stringMatching(/not valid.*ask an admin/),
      });
      expect(await detailOf(n.c.invites.preview.query({ token: t }))).toMatchObject({
        code: "NOT_FOUND",
        detail: "unknown",
      });
    }
    expect(await failure(n.c.invites.accept.mutate({ token: "" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    const bad = [
      { role: "owner" },
      { role: "member", expiresInHours: 0 },
      { role: "member", expiresInHours: 721 },
      { role: "member", maxUses: 0 },
      { role: "member", maxUses: 1001 },
    ];
    for (const input of bad) {
      expect(
        // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
        await failure(c.invites.create.mutate({ workspaceId, ...(input as any) })),
      ).toMatchObject({ code: "BAD_REQUEST", reason: "VALIDATION" });
    }
    // The limits themselves are accepted.
    await c.invites.create.mutate({
      workspaceId,
      role: "admin",
      expiresInHours: 720,
      maxUses: 1000,
    });
    await c.invites.create.mutate({ workspaceId, role: "member", expiresInHours: 1 });
    expect(
      await failure(
        c.invites.create.mutate({ workspaceId, role: "member", teamId: crypto.randomUUID() }),
      ),
    ).toMatchObject({ code: "NOT_FOUND", message: "Team not found." });
    expect(
      await failure(c.invites.revoke.mutate({ workspaceId, inviteId: crypto.randomUUID() })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await c.invites.list.query({ workspaceId })).toHaveLength(3);
    expect(await memberIds(c, workspaceId)).not.toContain(n.userId);
    expect(await failure(client(url).invites.accept.mutate({ token }))).toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  test("members can't create, list or revoke invites", async () => {
    const { c, workspaceId } = await person(url, "Perm Owner", "Permissions");
    const m = await member(workspaceId, "member", "Plain Member");
    const { invite } = await c.invites.create.mutate({ workspaceId, role: "member" });
    for (const call of [
      () => m.c.invites.create.mutate({ workspaceId, role: "member" }),
      () => m.c.invites.list.query({ workspaceId }),
      () => m.c.invites.revoke.mutate({ workspaceId, inviteId: invite.id }),
    ]) {
      expect(await failure(call())).toMatchObject({
        code: "FORBIDDEN",
        message: "Only workspace owners and admins can invite people.",
      });
    }
    expect(await c.invites.list.query({ workspaceId })).toHaveLength(1);
  });

  test("cross-tenant: another workspace's admin gets 404 for its invites", async () => {
    const a = await person(url, "Tenant A", "Tenant A");
    const b = await person(url, "Tenant B", "Tenant B");
    const { invite } = await a.c.invites.create.mutate({
      workspaceId: a.workspaceId,
      role: "member",
    });
    for (const call of [
      () => b.c.invites.list.query({ workspaceId: a.workspaceId }),
      () => b.c.invites.create.mutate({ workspaceId: a.workspaceId, role: "member" }),
      () => b.c.invites.revoke.mutate({ workspaceId: a.workspaceId, inviteId: invite.id }),
      () => b.c.invites.revoke.mutate({ workspaceId: b.workspaceId, inviteId: invite.id }),
    ]) {
      expect(await failure(call())).toMatchObject({ code: "NOT_FOUND" });
    }
    // B's own invite team must be B's: A's team id is unknown there.
    const aTeam = await a.c.teams.create.mutate({ workspaceId: a.workspaceId, name: "A Team" });
    expect(
      await failure(
        b.c.invites.create.mutate({ workspaceId: b.workspaceId, role: "member", teamId: aTeam.id }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await a.c.invites.list.query({ workspaceId: a.workspaceId })).toHaveLength(1);
    expect(await b.c.invites.list.query({ workspaceId: b.workspaceId })).toHaveLength(0);
  });

  test("the token is stored only as a hash and never appears in a row or a log line", async () => {
    const { c, workspaceId } = await person(url, "Secret Owner", "Secrets");
    const { token } = await c.invites.create.mutate({ workspaceId, role: "member" });
    const j = await newcomer("Joiner");
    await j.c.invites.preview.query({ token });
    await j.c.invites.accept.mutate({ token });
    await detailOf(j.c.invites.accept.mutate({ token: `${token.slice(0, -2)}zz` }));
    const dump = await asOwner(async (sql) => {
      const invites = await sql`select * from workspace_invites`;
      const audit = await sql`select * from audit_events`;
      return JSON.stringify([invites, audit]);
    });
    const random = token.slice(22);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(random);
    expect(lines.join("\n")).not.toContain(random);
    const [row] = await asOwner(
      (sql) => sql`select token_hash from workspace_invites where workspace_id = ${workspaceId}`,
    );
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
