import { beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { WorkspaceScope } from "../../src/trpc/init";
import { appRouter } from "../../src/trpc/router";
import { type Client, failure } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

interface Scene {
  mallory: Client;
  malloryApp: string;
  victimApp: string;
  victimDoc: string;
  victimRun: string;
  victimSnapshot: string;
  malloryWs: string;
  victimWs: string;
  victimUser: string;
  victimMember: string;
  victimTeam: string;
  victimEvent: string;
  victimGrant: string;
  victimInvite: string;
  victimReview: string;
  victimVersion: string;
}

type Case = (s: Scene, workspaceId: string) => Promise<unknown>;

/**
 * Every tenant-scoped procedure, called by an outsider. Each runs twice: against the victim's
 * workspace id, and against the outsider's own workspace with the victim's row ids.
 */
const CROSS_TENANT: Record<string, Case> = {
  "workspaces.get": (s, workspaceId) => s.mallory.workspaces.get.query({ workspaceId }),
  "workspaces.rename": (s, workspaceId) =>
    s.mallory.workspaces.rename.mutate({ workspaceId, name: "Pwned" }),
  "members.list": (s, workspaceId) => s.mallory.members.list.query({ workspaceId }),
  "members.changeRole": (s, workspaceId) =>
    s.mallory.members.changeRole.mutate({ workspaceId, userId: s.victimMember, role: "admin" }),
  "members.remove": (s, workspaceId) =>
    s.mallory.members.remove.mutate({ workspaceId, userId: s.victimMember }),
  "members.addSamples": (s, workspaceId) =>
    s.mallory.members.addSamples.mutate({ workspaceId, count: 1 }),
  "invites.list": (s, workspaceId) => s.mallory.invites.list.query({ workspaceId }),
  "invites.create": (s, workspaceId) =>
    s.mallory.invites.create.mutate({ workspaceId, role: "member", teamId: s.victimTeam }),
  "invites.revoke": (s, workspaceId) =>
    s.mallory.invites.revoke.mutate({ workspaceId, inviteId: s.victimInvite }),
  "teams.list": (s, workspaceId) => s.mallory.teams.list.query({ workspaceId }),
  "teams.create": (s, workspaceId) =>
    s.mallory.teams.create.mutate({ workspaceId, name: "Intruders" }),
  "teams.rename": (s, workspaceId) =>
    s.mallory.teams.rename.mutate({ workspaceId, teamId: s.victimTeam, name: "Owned" }),
  "teams.delete": (s, workspaceId) =>
    s.mallory.teams.delete.mutate({ workspaceId, teamId: s.victimTeam }),
  "teams.addMember": (s, workspaceId) =>
    s.mallory.teams.addMember.mutate({ workspaceId, teamId: s.victimTeam, userId: s.victimMember }),
  "teams.removeMember": (s, workspaceId) =>
    s.mallory.teams.removeMember.mutate({
      workspaceId,
      teamId: s.victimTeam,
      userId: s.victimUser,
    }),
  "audit.list": (s, workspaceId) => s.mallory.audit.list.query({ workspaceId }),
  "audit.get": (s, workspaceId) =>
    s.mallory.audit.get.query({ workspaceId, eventId: s.victimEvent }),
  "audit.verify": (s, workspaceId) => s.mallory.audit.verify.query({ workspaceId }),
  "apps.list": (s, workspaceId) => s.mallory.apps.list.query({ workspaceId }),
  "apps.create": (s, workspaceId) => s.mallory.apps.create.mutate({ workspaceId, name: "Trojan" }),
  "apps.get": (s, workspaceId) => s.mallory.apps.get.query({ workspaceId, appId: s.victimApp }),
  "apps.rename": (s, workspaceId) =>
    s.mallory.apps.rename.mutate({ workspaceId, appId: s.victimApp, name: "Stolen" }),
  "apps.delete": (s, workspaceId) =>
    s.mallory.apps.delete.mutate({ workspaceId, appId: s.victimApp }),
  "apps.access": (s, workspaceId) =>
    s.mallory.apps.access.query({ workspaceId, appId: s.victimApp }),
  "apps.addCollaborator": (s, workspaceId) =>
    s.mallory.apps.addCollaborator.mutate({
      workspaceId,
      appId: workspaceId === s.malloryWs ? s.malloryApp : s.victimApp,
      userId: s.victimMember,
    }),
  "apps.removeCollaborator": (s, workspaceId) =>
    s.mallory.apps.removeCollaborator.mutate({
      workspaceId,
      appId: s.victimApp,
      userId: s.victimMember,
    }),
  ...dataCases(),
  "runs.providers": (s, workspaceId) => s.mallory.runs.providers.query({ workspaceId }),
  "runs.create": (s, workspaceId) =>
    s.mallory.runs.create.mutate({ workspaceId, appId: s.victimApp, prompt: "Build malware" }),
  "runs.get": (s, workspaceId) => s.mallory.runs.get.query({ workspaceId, runId: s.victimRun }),
  "runs.list": (s, workspaceId) => s.mallory.runs.list.query({ workspaceId, appId: s.victimApp }),
  "runs.respond": (s, workspaceId) =>
    s.mallory.runs.respond.mutate({ workspaceId, runId: s.victimRun, approve: true }),
  "runs.retry": (s, workspaceId) =>
    s.mallory.runs.retry.mutate({ workspaceId, runId: s.victimRun }),
  "runs.usage": (s, workspaceId) => s.mallory.runs.usage.query({ workspaceId, appId: s.victimApp }),
  "runs.stop": (s, workspaceId) => s.mallory.runs.stop.mutate({ workspaceId, runId: s.victimRun }),
  "agents.schedules": (s, workspaceId) =>
    s.mallory.agents.schedules.query({ workspaceId, appId: s.victimApp }),
  "agents.approval": (s, workspaceId) =>
    s.mallory.agents.approval.query({ workspaceId, appId: s.victimApp }),
  "agents.approve": (s, workspaceId) =>
    s.mallory.agents.approve.mutate({ workspaceId, appId: s.victimApp }),
  "agentRuns.start": (s, workspaceId) =>
    s.mallory.agentRuns.start.mutate({ workspaceId, appId: s.victimApp, agentId: "triage" }),
  "agentRuns.list": (s, workspaceId) =>
    s.mallory.agentRuns.list.query({ workspaceId, appId: s.victimApp }),
  "agentRuns.get": (s, workspaceId) =>
    s.mallory.agentRuns.get.query({ workspaceId, runId: s.victimRun }),
  "agentRuns.stop": (s, workspaceId) =>
    s.mallory.agentRuns.stop.mutate({ workspaceId, runId: s.victimRun }),
  "agentRuns.retry": (s, workspaceId) =>
    s.mallory.agentRuns.retry.mutate({ workspaceId, runId: s.victimRun }),
  "agentRuns.reportToBuilder": (s, workspaceId) =>
    s.mallory.agentRuns.reportToBuilder.mutate({
      workspaceId,
      runId: s.victimRun,
      toolCallId: "toolu_victim",
    }),
  "agentRuns.agents": (s, workspaceId) =>
    s.mallory.agentRuns.agents.query({ workspaceId, appId: s.victimApp }),
  "appTools.run": (s, workspaceId) =>
    s.mallory.appTools.run.mutate({
      workspaceId,
      appId: s.victimApp,
      scope: "draft",
      name: "lookup",
      input: {},
    }),
  "agents.config": (s, workspaceId) =>
    s.mallory.agents.config.query({ workspaceId, appId: s.victimApp }),
  "agents.revoke": (s, workspaceId) =>
    s.mallory.agents.revoke.mutate({ workspaceId, appId: s.victimApp }),
  "agents.setToolEnabled": (s, workspaceId) =>
    s.mallory.agents.setToolEnabled.mutate({
      workspaceId,
      appId: s.victimApp,
      agentId: "triage",
      toolName: "lookup",
      enabled: false,
      hash: `v1:${"0".repeat(64)}`,
    }),
  "agents.answerCard": (s, workspaceId) =>
    s.mallory.agents.answerCard.mutate({
      workspaceId,
      runId: s.victimRun,
      approve: true,
      hash: `v1:${"0".repeat(64)}`,
    }),
  "integrations.app": (s, workspaceId) =>
    s.mallory.integrations.app.query({ workspaceId, appId: s.victimApp }),
  "integrations.list": (s, workspaceId) => s.mallory.integrations.list.query({ workspaceId }),
  "integrations.setSecret": (s, workspaceId) =>
    s.mallory.integrations.setSecret.mutate({
      workspaceId,
      grantId: s.victimGrant,
      name: "API_TOKEN",
      value: "stolen",
    }),
  "integrations.clearSecret": (s, workspaceId) =>
    s.mallory.integrations.clearSecret.mutate({
      workspaceId,
      grantId: s.victimGrant,
      name: "API_TOKEN",
    }),
  "integrations.setOauthClient": (s, workspaceId) =>
    s.mallory.integrations.setOauthClient.mutate({
      workspaceId,
      grantId: s.victimGrant,
      clientId: "stolen",
      clientSecret: "stolen",
      authorizationEndpoint: "https://auth.example.com/authorize",
      tokenEndpoint: "https://auth.example.com/token",
      scopes: [],
    }),
  "integrations.removeOauthClient": (s, workspaceId) =>
    s.mallory.integrations.removeOauthClient.mutate({ workspaceId, grantId: s.victimGrant }),
  "integrations.startOauth": (s, workspaceId) =>
    s.mallory.integrations.startOauth.mutate({
      workspaceId,
      grantId: s.victimGrant,
      returnPath: "/",
    }),
  "integrations.disconnectOauth": (s, workspaceId) =>
    s.mallory.integrations.disconnectOauth.mutate({ workspaceId, grantId: s.victimGrant }),
  "builds.status": (s, workspaceId) =>
    s.mallory.builds.status.query({ workspaceId, appId: s.victimApp }),
  "builds.collections": (s, workspaceId) =>
    s.mallory.builds.collections.query({ workspaceId, appId: s.victimApp }),
  "builds.files": (s, workspaceId) =>
    s.mallory.builds.files.query({ workspaceId, appId: s.victimApp }),
  // With Mallory's own app but the victim's version: RLS hides the snapshot.
  "builds.file": (s, workspaceId) =>
    s.mallory.builds.file.query({
      workspaceId,
      appId: workspaceId === s.malloryWs ? s.malloryApp : s.victimApp,
      snapshotId: s.victimSnapshot,
      path: "src/App.tsx",
    }),
  "publishing.state": (s, workspaceId) =>
    s.mallory.publishing.state.query({ workspaceId, appId: s.victimApp }),
  "publishing.changes": (s, workspaceId) =>
    s.mallory.publishing.changes.query({ workspaceId, appId: s.victimApp }),
  "publishing.publish": (s, workspaceId) =>
    s.mallory.publishing.publish.mutate({
      workspaceId,
      appId: s.victimApp,
      teamIds: [s.victimTeam],
    }),
  "publishing.requestReview": (s, workspaceId) =>
    s.mallory.publishing.requestReview.mutate({
      workspaceId,
      appId: s.victimApp,
      teamIds: [s.victimTeam],
    }),
  "publishing.reviews": (s, workspaceId) => s.mallory.publishing.reviews.query({ workspaceId }),
  "publishing.review": (s, workspaceId) =>
    s.mallory.publishing.review.query({ workspaceId, reviewId: s.victimReview }),
  "publishing.pendingCount": (s, workspaceId) =>
    s.mallory.publishing.pendingCount.query({ workspaceId }),
  "publishing.approve": (s, workspaceId) =>
    s.mallory.publishing.approve.mutate({ workspaceId, reviewId: s.victimReview }),
  "publishing.requestChanges": (s, workspaceId) =>
    s.mallory.publishing.requestChanges.mutate({
      workspaceId,
      reviewId: s.victimReview,
      message: "Hand it over",
    }),
  "publishing.versions": (s, workspaceId) =>
    s.mallory.publishing.versions.query({ workspaceId, appId: s.victimApp }),
  // With Mallory's own app but the victim's version: versions are looked up within the app.
  "publishing.rollback": (s, workspaceId) =>
    s.mallory.publishing.rollback.mutate({
      workspaceId,
      appId: workspaceId === s.malloryWs ? s.malloryApp : s.victimApp,
      versionId: s.victimVersion,
    }),
  "live.stream": (s, workspaceId) =>
    firstEvent((handlers) =>
      s.mallory.live.stream.subscribe(
        {
          workspaceId,
          topics: [
            { kind: "run", key: "r", runId: s.victimRun },
            { kind: "data", key: "d", appId: s.victimApp, scope: "draft" },
          ],
        },
        handlers,
      ),
    ),
};

/** Data cases target the victim's app and document; "own workspace" runs use Mallory's app id. */
function dataCases(): Record<string, Case> {
  const at = (s: Scene, workspaceId: string) => ({
    workspaceId,
    appId: s.victimApp,
    scope: "draft" as const,
    collection: "leads",
  });
  return {
    "data.collections": (s, ws) => s.mallory.data.collections.query(at(s, ws)),
    "data.list": (s, ws) => s.mallory.data.list.query(at(s, ws)),
    "data.get": (s, ws) => s.mallory.data.get.query({ ...at(s, ws), id: s.victimDoc }),
    "data.insert": (s, ws) => s.mallory.data.insert.mutate({ ...at(s, ws), data: { x: 1 } }),
    "data.insertMany": (s, ws) =>
      s.mallory.data.insertMany.mutate({ ...at(s, ws), documents: [{ data: {} }] }),
    "data.update": (s, ws) =>
      s.mallory.data.update.mutate({ ...at(s, ws), id: s.victimDoc, patch: { x: 2 } }),
    "data.upsert": (s, ws) =>
      s.mallory.data.upsert.mutate({ ...at(s, ws), key: ["name"], data: { name: "Ann" } }),
    "data.remove": (s, ws) => s.mallory.data.remove.mutate({ ...at(s, ws), id: s.victimDoc }),
  };
}

// Procedures that take no workspace, with why that is safe.
const NOT_TENANT_SCOPED: Record<string, string> = {
  "auth.session": "reads only the caller's own session",
  "auth.onboard": "creates a new identity",
  "auth.signOut": "revokes only the caller's own session",
  "auth.updateProfile": "changes only the caller's own user row",
  "workspaces.list": "lists only the caller's memberships (user-scoped RLS)",
  "workspaces.create": "creates a new workspace owned by the caller",
  "audit.catalog": "static list of audit actions",
  "invites.preview":
    "the token names its workspace; the row is read in that tenant only by its hash",
  "invites.accept":
    "joins the caller to the token's workspace, in that tenant, by the token's hash",
  "system.heartbeat": "carries no data",
};

// Cases that carry no foreign row id: in the outsider's own workspace they simply succeed.
const OWN_WORKSPACE_OK = new Set([
  "workspaces.get",
  "workspaces.rename",
  "members.list",
  "members.addSamples",
  "invites.list",
  "teams.list",
  "teams.create",
  "audit.list",
  "audit.verify",
  "apps.list",
  "apps.create",
  "runs.providers",
  "integrations.list",
  "publishing.reviews",
  "publishing.pendingCount",
]);

/** The first event of a subscription, or its error. */
function firstEvent(
  subscribe: (handlers: { onData: (d: unknown) => void; onError: (e: unknown) => void }) => {
    unsubscribe(): void;
  },
) {
  return new Promise((resolve, reject) => {
    const sub = subscribe({
      onData: (d) => {
        sub.unsubscribe();
        resolve(d);
      },
      onError: (e) => {
        sub.unsubscribe();
        reject(e);
      },
    });
  });
}

let scene: Scene;

beforeAll(async () => {
  const victim = await world.person("Victor Victim", "Victim Corp");
  const member = await world.member(victim.workspaceId, "member", "Vera Member");
  const team = await victim.c.teams.create.mutate({
    workspaceId: victim.workspaceId,
    name: "Secret Team",
  });
  await victim.c.teams.addMember.mutate({
    workspaceId: victim.workspaceId,
    teamId: team.id,
    userId: victim.userId,
  });
  const app = await victim.c.apps.create.mutate({
    workspaceId: victim.workspaceId,
    name: "Victim CRM",
  });
  const doc = await victim.c.data.insert.mutate({
    workspaceId: victim.workspaceId,
    appId: app.id,
    scope: "draft",
    collection: "leads",
    data: { name: "Ann" },
  });
  const run = await victim.c.runs.create.mutate({
    workspaceId: victim.workspaceId,
    appId: app.id,
    prompt: "Build a CRM",
  });
  const { invite } = await victim.c.invites.create.mutate({
    workspaceId: victim.workspaceId,
    role: "member",
  });
  const { events } = await victim.c.audit.list.query({ workspaceId: victim.workspaceId });
  const victimSnapshot = crypto.randomUUID();
  const owner = postgres(world.db.ownerUrl, { max: 1 });
  await owner`insert into app_snapshots (id, workspace_id, app_id, files, file_count, total_bytes, source_hash)
    values (${victimSnapshot}, ${victim.workspaceId}, ${app.id},
      ${owner.json([{ path: "src/App.tsx", hash: "0".repeat(64), size: 1 }])}, 1, 1, ${"0".repeat(64)})`;
  const victimGrant = crypto.randomUUID();
  await owner`insert into integration_grants (workspace_id, id, app_id, service, domain, key_slug,
      auth_kind, access, secret_names)
    values (${victim.workspaceId}, ${victimGrant}, ${app.id}, 'CRM', 'api.example.com', 'default',
      'static', 'read', ${["API_TOKEN"]})`;
  const victimReview = crypto.randomUUID();
  const victimVersion = crypto.randomUUID();
  await owner`insert into app_reviews (workspace_id, id, app_id, build_id, snapshot_id, source_hash,
      team_ids, requested_by_name)
    values (${victim.workspaceId}, ${victimReview}, ${app.id}, ${crypto.randomUUID()},
      ${victimSnapshot}, ${"0".repeat(64)}, ${owner.json([team.id])}, 'Vera Member')`;
  await owner`insert into app_versions (workspace_id, id, app_id, number, build_id, snapshot_id,
      source_hash, team_ids, published_by_name)
    values (${victim.workspaceId}, ${victimVersion}, ${app.id}, 1, ${crypto.randomUUID()},
      ${victimSnapshot}, ${"0".repeat(64)}, ${owner.json([team.id])}, 'Victor Victim')`;
  await owner.end();
  const mallory = await world.person("Mallory", "Mallory Corp");
  const malloryApp = await mallory.c.apps.create.mutate({
    workspaceId: mallory.workspaceId,
    name: "Mallory App",
  });
  scene = {
    mallory: mallory.c,
    malloryApp: malloryApp.id,
    victimApp: app.id,
    victimDoc: doc._id,
    victimRun: run.id,
    victimSnapshot,
    malloryWs: mallory.workspaceId,
    victimWs: victim.workspaceId,
    victimUser: victim.userId,
    victimMember: member.userId,
    victimTeam: team.id,
    victimEvent: events[0]!.id,
    victimGrant,
    victimInvite: invite.id,
    victimReview,
    victimVersion,
  };
});

describe("cross-tenant access", () => {
  test("every procedure is either tenant-scoped with a cross-tenant case, or listed as not tenant-scoped", () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { inputs: unknown[] } }
    >;
    const tenantScoped = Object.keys(procedures).filter((p) =>
      procedures[p]!._def.inputs.includes(WorkspaceScope),
    );
    expect(tenantScoped.sort()).toEqual(Object.keys(CROSS_TENANT).sort());
    const rest = Object.keys(procedures).filter((p) => !tenantScoped.includes(p));
    expect(rest.sort()).toEqual(Object.keys(NOT_TENANT_SCOPED).sort());
  });

  for (const [path, call] of Object.entries(CROSS_TENANT)) {
    test(`${path}: another workspace's id answers NOT_FOUND`, async () => {
      const f = await failure(call(scene, scene.victimWs));
      expect(f).toMatchObject({ code: "NOT_FOUND", message: "Workspace not found." });
    });

    if (!OWN_WORKSPACE_OK.has(path)) {
      test(`${path}: another workspace's row ids answer NOT_FOUND`, async () => {
        const f = await failure(call(scene, scene.malloryWs));
        expect(f.code).toBe("NOT_FOUND");
        expect(f.message).not.toMatch(/Victim|Vera|Secret/);
      });
    }
  }

  test("the victim's workspace is unchanged after all attempts", async () => {
    const sql = postgres(world.db.ownerUrl, { max: 1 });
    try {
      const [ws] = await sql`select name from workspaces where id = ${scene.victimWs}`;
      const teams =
        await sql`select name from teams where workspace_id = ${scene.victimWs} order by name`;
      const members =
        await sql`select role from memberships where workspace_id = ${scene.victimWs} order by role`;
      expect(ws?.name).toBe("Victim Corp");
      expect(teams.map((t) => t.name)).toEqual(["General", "Secret Team"]);
      expect(members.map((m) => m.role)).toEqual(["owner", "member"]);
      const invites =
        await sql`select revoked_at, uses from workspace_invites where workspace_id = ${scene.victimWs}`;
      expect([...invites]).toEqual([{ revoked_at: null, uses: 0 }]);
      const reviews =
        await sql`select status from app_reviews where workspace_id = ${scene.victimWs}`;
      expect([...reviews]).toEqual([{ status: "pending" }]);
      const versions =
        await sql`select number from app_versions where workspace_id = ${scene.victimWs}`;
      expect([...versions]).toEqual([{ number: 1 }]);
    } finally {
      await sql.end();
    }
  });
});
