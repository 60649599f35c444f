import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { syncIntegrationGrants } from "../../src/integrations/sync";
import { integrationSetupSchema } from "../../src/sdk/integration-setup";
import { createWorker } from "../../worker/create";
import { setupAgentApps, TICKETS_COLLECTIONS, triageAgents } from "../support/agent-apps";
import { newApp } from "../support/apps";
import { follow } from "../support/live";
import { watchRun } from "../support/run-watch";
import { failure, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

let worker: ReturnType<typeof createWorker>;
// Registered before setupWorld: after-all hooks run in order of registration.
afterAll(async () => {
  await worker?.close();
});
const storeBuild = setupAgentApps(() => world.db);
const world = setupWorld();

beforeAll(async () => {
  worker = createWorker(testConfig(world.db));
  await worker.ready();
});

async function owned<T>(fn: (sql: postgres.Sql) => Promise<T>) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

const auditOf = (workspaceId: string, action: string) =>
  owned(
    (sql) => sql<{ outcome: string; category: string; metadata: Record<string, unknown> }[]>`
      select outcome, category, metadata from audit_events
      where workspace_id = ${workspaceId} and action = ${action} order by seq`,
  );

const APP_V1 = "export default function App() {\n  return <h1>Tickets</h1>;\n}\n";
const APP_V2 = "export default function App() {\n  return <h1>Support tickets</h1>;\n}\n";

/**
 * An owner's workspace with a team, a member (Maya) on it who created an app, and the app's first
 * build: an App.tsx, collections.json and the triage agent.
 */
async function scene(name: string) {
  const owner = await world.person(`${name} Owner`, `${name} Co`);
  const { workspaceId } = owner;
  const maker = await world.member(workspaceId, "member", `${name} Maya`);
  const team = await owner.c.teams.create.mutate({ workspaceId, name: "Support" });
  const { app, at } = await newApp(maker.c, workspaceId, `${name} desk`);
  const target = { workspaceId, appId: app.id };
  const build = (files: Record<string, unknown> = {}) =>
    storeBuild(target, {
      "src/App.tsx": APP_V1,
      "collections.json": TICKETS_COLLECTIONS,
      "agents.json": triageAgents(),
      ...files,
    });
  await build();
  return { owner, maker, team, app, at, target, workspaceId, build };
}

describe("publishing", () => {
  test("an owner publishes the draft directly: version 1 pins its build, agents payload (live), collections and teams; the draft is untouched", async () => {
    const s = await scene("Direct");
    const { owner, target, team, workspaceId } = s;
    const before = await owner.c.publishing.state.query(target);
    expect(before).toMatchObject({ canPublish: true, published: null, unpublishedChanges: true });
    const draftBuild = before.draftBuildId!;

    const v1 = await owner.c.publishing.publish.mutate({
      ...target,
      teamIds: [team.id],
      buildId: draftBuild,
    });
    expect(v1).toMatchObject({ number: 1, buildId: draftBuild, restoredFrom: null });
    expect(v1.agentsHash).toMatch(/^v1:/);

    const state = await owner.c.publishing.state.query(target);
    expect(state.published?.id).toBe(v1.id);
    expect(state.unpublishedChanges).toBe(false);
    expect(state.teams).toEqual([{ id: team.id, name: "Support" }]);
    const [row] = await owned(
      (sql) => sql`select agents_mode, agents_payload, collections, team_ids from app_versions
        where id = ${v1.id}`,
    );
    expect(row?.agents_mode).toBe("live");
    expect(row!.agents_payload.agents[0].id).toBe("triage");
    expect(row?.collections).toEqual(TICKETS_COLLECTIONS);
    expect(row?.team_ids).toEqual([team.id]);
    // The draft's own approval is not touched by publishing.
    expect((await owner.c.agents.approval.query(target)).state).toBe("none");

    const published = await owner.c.builds.status.query({ ...target, scope: "published" });
    expect(published.current?.id).toBe(draftBuild);
    await s.build({ "src/App.tsx": APP_V2 });
    const after = await owner.c.builds.status.query({ ...target, scope: "published" });
    expect(after.current?.id).toBe(draftBuild);
    expect((await owner.c.builds.status.query(target)).current?.id).not.toBe(draftBuild);
    expect((await owner.c.publishing.state.query(target)).unpublishedChanges).toBe(true);

    const audit = await auditOf(workspaceId, "app.published");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      category: "publishing",
      metadata: { before: null, after: { number: 1, agentsHash: v1.agentsHash } },
    });
  });

  test("publish refuses a member (audited), no team, an unknown team, a moved draft and an app without a build; nothing is published", async () => {
    const s = await scene("Refused");
    const { owner, maker, target, team, workspaceId } = s;
    const member = await failure(
      maker.c.publishing.publish.mutate({ ...target, teamIds: [team.id] }),
    );
    expect(member).toMatchObject({ code: "FORBIDDEN" });
    expect(member.message).toContain("review request");
    expect((await auditOf(workspaceId, "app.publish_refused"))[0]).toMatchObject({
      outcome: "denied",
      metadata: { reason: "not_a_reviewer" },
    });
    const none = await failure(owner.c.publishing.publish.mutate({ ...target, teamIds: [] }));
    expect(none.code).toBe("BAD_REQUEST");
    expect(none.message).toContain("at least one team");
    const unknown = await failure(
      owner.c.publishing.publish.mutate({ ...target, teamIds: [team.id, crypto.randomUUID()] }),
    );
    expect(unknown).toMatchObject({ code: "BAD_REQUEST", reason: "VALIDATION" });
    expect(unknown.message).toContain("do not exist");
    const moved = await failure(
      owner.c.publishing.publish.mutate({
        ...target,
        teamIds: [team.id],
        buildId: crypto.randomUUID(),
      }),
    );
    expect(moved.code).toBe("CONFLICT");
    const { app: empty } = await newApp(owner.c, workspaceId);
    const unbuilt = await failure(
      owner.c.publishing.publish.mutate({ workspaceId, appId: empty.id, teamIds: [team.id] }),
    );
    expect(unbuilt).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await owner.c.publishing.versions.query(target)).toEqual([]);
    expect(await auditOf(workspaceId, "app.published")).toHaveLength(0);
  });

  test("review lifecycle: a member requests (one pending), the inbox shows the diff, a stale approval is refused, approval publishes exactly the reviewed build", async () => {
    const s = await scene("Review");
    const { owner, maker, target, team, workspaceId } = s;
    const v1 = await owner.c.publishing.publish.mutate({ ...target, teamIds: [team.id] });
    await s.build({ "src/App.tsx": APP_V2, "README.md": "Support desk\n" });

    const request = await maker.c.publishing.requestReview.mutate({
      ...target,
      teamIds: [team.id],
      note: "New heading",
    });
    expect(request.status).toBe("pending");
    const twice = await failure(
      maker.c.publishing.requestReview.mutate({ ...target, teamIds: [team.id] }),
    );
    expect(twice.code).toBe("CONFLICT");
    expect(twice.message).toContain("already pending");
    expect(await owner.c.publishing.pendingCount.query({ workspaceId })).toEqual({ pending: 1 });
    expect((await failure(maker.c.publishing.pendingCount.query({ workspaceId }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await failure(maker.c.publishing.reviews.query({ workspaceId }))).code).toBe(
      "FORBIDDEN",
    );
    const inbox = await owner.c.publishing.reviews.query({ workspaceId });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      id: request.id,
      appName: "Review desk",
      requestedByName: "Review Maya",
      teams: [{ id: team.id, name: "Support" }],
      counts: { files: 2, agentsChanged: false, collectionsChanged: false },
      sinceVersion: 1,
    });
    const detail = await owner.c.publishing.review.query({ workspaceId, reviewId: request.id });
    expect(detail.stale).toBe(false);
    expect(detail.changes.files.map((f) => [f.path, f.status])).toEqual([
      ["README.md", "added"],
      ["src/App.tsx", "changed"],
    ]);
    const appDiff = detail.changes.files.find((f) => f.path === "src/App.tsx")!.diff!;
    expect(appDiff).toMatchObject({ added: 1, removed: 1 });
    expect(appDiff.unified).toContain("-  return <h1>Tickets</h1>;");
    expect(appDiff.unified).toContain("+  return <h1>Support tickets</h1>;");
    expect(detail.changes.agents.grants).toMatchObject({
      mode: "live",
      agents: [{ id: "triage", tools: ["lookup_customer"] }],
    });
    expect(detail.changes.collections.declared).toEqual(TICKETS_COLLECTIONS);
    expect(detail.integrations).toEqual([]);

    // A member cannot decide; the refusal is audited.
    const memberApproves = await failure(
      maker.c.publishing.approve.mutate({ workspaceId, reviewId: request.id }),
    );
    expect(memberApproves.code).toBe("FORBIDDEN");

    // The draft moves on without passing the builder (a direct store): approving is now stale.
    await s.build({ "src/App.tsx": APP_V2, "README.md": "Support desk, v3\n" });
    const stale = await failure(
      owner.c.publishing.approve.mutate({ workspaceId, reviewId: request.id }),
    );
    expect(stale.code).toBe("PRECONDITION_FAILED");
    expect(stale.message).toContain("changed after this review was requested");
    const refused = await auditOf(workspaceId, "review.refused");
    expect(refused.map((r) => [r.outcome, r.metadata.reason])).toEqual([
      ["denied", "not_a_reviewer"],
      ["denied", "stale"],
    ]);
    expect((await owner.c.publishing.versions.query(target)).map((v) => v.number)).toEqual([1]);
    expect(
      (await owner.c.publishing.review.query({ workspaceId, reviewId: request.id })).stale,
    ).toBe(true);

    // Changes requested: the message lands in the app's builder chat.
    const run = await maker.c.runs.create.mutate({ ...target, prompt: "Rename the heading" });
    // A new builder input closed the pending request.
    const superseded = await owner.c.publishing.review.query({ workspaceId, reviewId: request.id });
    expect(superseded.status).toBe("superseded");
    expect(superseded.message).toContain("new builder input");
    expect(await auditOf(workspaceId, "review.superseded")).toHaveLength(1);
    const notices = await owned(
      (sql) => sql<{ data: Record<string, string> }[]>`
        select data from run_events where run_id = ${run.id} and type = 'review-notice' order by seq`,
    );
    expect(notices.map((n) => n.data.kind)).toEqual(["superseded"]);
    const approveClosed = await failure(
      owner.c.publishing.approve.mutate({ workspaceId, reviewId: request.id }),
    );
    expect(approveClosed.code).toBe("PRECONDITION_FAILED");
    expect(approveClosed.message).toContain("closed because the app changed");

    const second = await maker.c.publishing.requestReview.mutate({ ...target, teamIds: [team.id] });
    const back = await owner.c.publishing.requestChanges.mutate({
      workspaceId,
      reviewId: second.id,
      message: "Keep the old heading on mobile.",
    });
    expect(back.status).toBe("changes_requested");
    const afterChanges = await owned(
      (sql) => sql<{ data: Record<string, string> }[]>`
        select data from run_events where run_id = ${run.id} and type = 'review-notice' order by seq`,
    );
    expect(afterChanges.at(-1)?.data).toMatchObject({
      kind: "changes_requested",
      text: "Keep the old heading on mobile.",
    });
    expect((await maker.c.publishing.state.query(target)).lastReview).toMatchObject({
      status: "changes_requested",
      message: "Keep the old heading on mobile.",
    });

    // A third request is approved: exactly its build goes live as version 2.
    const third = await maker.c.publishing.requestReview.mutate({ ...target, teamIds: [team.id] });
    const approved = await owner.c.publishing.approve.mutate({ workspaceId, reviewId: third.id });
    expect(approved.version).toMatchObject({
      number: 2,
      buildId: third.buildId,
      reviewId: third.id,
    });
    expect(approved.version.buildId).not.toBe(v1.buildId);
    const versions = await maker.c.publishing.versions.query(target);
    expect(versions.map((v) => [v.number, v.live, v.approvedByName])).toEqual([
      [2, true, "Review Owner"],
      [1, false, null],
    ]);
    expect(await owner.c.publishing.pendingCount.query({ workspaceId })).toEqual({ pending: 0 });
    for (const action of ["review.requested", "review.approved", "review.changes_requested"])
      expect((await auditOf(workspaceId, action)).every((r) => r.category === "publishing")).toBe(
        true,
      );
    expect(await auditOf(workspaceId, "review.requested")).toHaveLength(3);
  });

  test("publishing and approving are refused while an integration needs setup, naming it and where; nothing changes; audited; publishing goes through once it is set", async () => {
    const s = await scene("Setup");
    const { owner, maker, team, target, workspaceId } = s;
    const crm = { name: "CRM", domain: "crm.example.com", auth: "static", secrets: ["CRM_KEY"] };
    const calendar = { name: "Calendar", domain: "calendar.example.com", auth: "oauth2" };
    const database = createDatabase(world.db.appUrl, { max: 1 });
    try {
      await withTenant(database.db, { workspaceId }, (tx) =>
        syncIntegrationGrants(tx, {
          ...target,
          setup: integrationSetupSchema.parse({ version: 1, services: [crm, calendar] }),
          agents: null,
          auditAs: null,
        }),
      );
    } finally {
      await database.close();
    }
    const publish = () => owner.c.publishing.publish.mutate({ ...target, teamIds: [team.id] });
    let err = await failure(publish());
    expect(err).toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "PRECONDITION_FAILED",
      detail: "integrations_need_setup",
    });
    expect(err.message).toBe(
      "Set up these 2 integrations in Settings → Integrations before publishing: CRM (crm.example.com): set CRM_KEY; Calendar (calendar.example.com): register its OAuth client.",
    );
    expect(await owner.c.publishing.versions.query(target)).toEqual([]);
    expect((await owner.c.publishing.state.query(target)).published).toBeNull();
    expect(
      (await auditOf(workspaceId, "app.publish_refused")).map((r) => r.metadata.reason),
    ).toEqual(["integrations_need_setup"]);

    // A maker may still ask; the reviewer sees what is missing and cannot approve yet.
    const request = await maker.c.publishing.requestReview.mutate({
      ...target,
      teamIds: [team.id],
    });
    const review = { workspaceId, reviewId: request.id };
    expect(
      (await owner.c.publishing.review.query(review)).integrations.map((g) => g.service),
    ).toEqual(["CRM", "Calendar"]);
    err = await failure(owner.c.publishing.approve.mutate(review));
    expect(err).toMatchObject({ code: "PRECONDITION_FAILED", detail: "integrations_need_setup" });
    expect(err.message).toContain("Settings → Integrations");
    expect((await owner.c.publishing.review.query(review)).status).toBe("pending");
    expect(await owner.c.publishing.versions.query(target)).toEqual([]);
    const refused = await auditOf(workspaceId, "review.refused");
    expect(refused.map((r) => r.metadata.reason)).toEqual(["integrations_need_setup"]);
    expect(refused[0]!.metadata).toMatchObject({
      reviewId: request.id,
      integrations: [
        { domain: "crm.example.com", missingNames: ["CRM_KEY"], oauthClient: false },
        { domain: "calendar.example.com", missingNames: [], oauthClient: true },
      ],
    });

    // Another workspace cannot approve it (not found), whatever its setup.
    const other = await world.person("Setup Elsewhere", "Setup Elsewhere Co");
    expect(
      await failure(
        other.c.publishing.approve.mutate({ ...review, workspaceId: other.workspaceId }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(other.c.publishing.approve.mutate(review))).toMatchObject({
      code: "NOT_FOUND",
    });

    // Set up: the secret, and the calendar's OAuth client.
    const grants = (await owner.c.integrations.app.query(target)).grants;
    const grantOf = (domain: string) => grants.find((g) => g.domain === domain)!.id;
    await owner.c.integrations.setSecret.mutate({
      workspaceId,
      grantId: grantOf("crm.example.com"),
      name: "CRM_KEY",
      value: "crm-key",
    });
    err = await failure(owner.c.publishing.approve.mutate(review));
    expect(err.message).toBe(
      "Set up this integration in Settings → Integrations before publishing: Calendar (calendar.example.com): register its OAuth client.",
    );
    await owner.c.integrations.setOauthClient.mutate({
      workspaceId,
      grantId: grantOf("calendar.example.com"),
      clientId: "calendar-client",
      clientSecret: "calendar-client-secret",
      authorizationEndpoint: "https://calendar.example.com/oauth/authorize",
      tokenEndpoint: "https://calendar.example.com/oauth/token",
      scopes: [],
    });
    const approved = await owner.c.publishing.approve.mutate(review);
    expect(approved.version.number).toBe(1);
  });

  test("the workspace topic tells open tabs that the review inbox changed (no content), once the change commits", async () => {
    const s = await scene("Live");
    const { owner, maker, target, team, workspaceId } = s;
    const f = follow(owner.c, { workspaceId, topics: [{ kind: "workspace", key: "ws" }] });
    await f.ready();
    const signals = () =>
      f.messages
        .flatMap((m) => m.events)
        .filter((e) => (e as { kind: string }).kind === "workspace");
    expect(signals()).toHaveLength(0);
    const request = await maker.c.publishing.requestReview.mutate({
      ...target,
      teamIds: [team.id],
    });
    await f.until(() => signals().length === 1, "a reviews signal");
    expect(signals()[0]).toEqual({ key: "ws", kind: "workspace", reviews: true } as never);
    await owner.c.publishing.requestChanges.mutate({
      workspaceId,
      reviewId: request.id,
      message: "Not yet",
    });
    await f.until(() => signals().length === 2, "a second reviews signal");
    f.close();
  });

  test("rollback puts an earlier version live as a new number; another app's version is NOT_FOUND; members cannot", async () => {
    const s = await scene("Rollback");
    const { owner, maker, target, team, workspaceId } = s;
    const v1 = await owner.c.publishing.publish.mutate({ ...target, teamIds: [team.id] });
    await s.build({ "src/App.tsx": APP_V2, "agents.json": triageAgents({ name: "Sorter" }) });
    const v2 = await owner.c.publishing.publish.mutate({ ...target, teamIds: [team.id] });
    expect(v2.agentsHash).not.toBe(v1.agentsHash);

    expect(
      (await failure(maker.c.publishing.rollback.mutate({ ...target, versionId: v1.id }))).code,
    ).toBe("FORBIDDEN");
    expect(
      (await failure(owner.c.publishing.rollback.mutate({ ...target, versionId: v2.id }))).code,
    ).toBe("PRECONDITION_FAILED");
    const other = await scene("Other");
    const otherVersion = await other.owner.c.publishing.publish.mutate({
      ...other.target,
      teamIds: [other.team.id],
    });
    const { app: sibling } = await newApp(owner.c, workspaceId);
    await storeBuild({ workspaceId, appId: sibling.id }, { "src/App.tsx": APP_V1 });
    const siblingV1 = await owner.c.publishing.publish.mutate({
      workspaceId,
      appId: sibling.id,
      teamIds: [team.id],
    });
    for (const versionId of [otherVersion.id, siblingV1.id])
      expect(
        (await failure(owner.c.publishing.rollback.mutate({ ...target, versionId }))).code,
      ).toBe("NOT_FOUND");

    const v3 = await owner.c.publishing.rollback.mutate({ ...target, versionId: v1.id });
    expect(v3).toMatchObject({
      number: 3,
      restoredFrom: 1,
      buildId: v1.buildId,
      sourceHash: v1.sourceHash,
      agentsHash: v1.agentsHash,
      teamIds: [team.id],
    });
    expect((await owner.c.builds.status.query({ ...target, scope: "published" })).current?.id).toBe(
      v1.buildId,
    );
    const [audit] = await auditOf(workspaceId, "app.rolled_back");
    expect(audit).toMatchObject({
      category: "publishing",
      metadata: {
        restoredFrom: 1,
        before: { number: 2, agentsHash: v2.agentsHash },
        after: { number: 3, agentsHash: v1.agentsHash },
      },
    });
  });

  test("document triggers on published data fire under the live version's payload; draft writes without a draft approval start nothing", async () => {
    const s = await scene("Triggers");
    const { owner, target, team, at, workspaceId } = s;
    await s.build({
      "agents.json": triageAgents({
        triggers: [{ type: "document", collection: "tickets", on: "inserted" }],
      }),
    });
    const v1 = await owner.c.publishing.publish.mutate({ ...target, teamIds: [team.id] });
    await owner.c.data.insert.mutate({ ...at("tickets"), data: { title: "Draft ticket" } });
    expect(await owner.c.agentRuns.list.query(target)).toEqual([]);
    const ticket = await owner.c.data.insert.mutate({
      ...at("tickets", "published"),
      data: { title: "Checkout fails", description: "Urgent, customers cannot pay." },
    });
    const runs = await owner.c.agentRuns.list.query(target);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      scope: "published",
      trigger: { type: "document", collection: "tickets", documentId: ticket._id },
      approvalMode: "live",
    });
    const w = watchRun(owner.c, { workspaceId, runId: runs[0]!.id });
    await w.untilStatus("completed");
    w.close();
    const detail = await owner.c.agentRuns.get.query({ workspaceId, runId: runs[0]!.id });
    expect(detail.approvedHash).toBe(v1.agentsHash!);
  });

  test("published agents run under the live version's payload, not the draft's approval, and write published data", async () => {
    const s = await scene("Agents");
    const { owner, target, team, at, workspaceId } = s;
    const notYet = await failure(
      owner.c.agentRuns.start.mutate({ ...target, agentId: "triage", scope: "published" }),
    );
    expect(notYet.code).toBe("PRECONDITION_FAILED");
    expect(notYet.message).toContain("no published version");

    const v1 = await owner.c.publishing.publish.mutate({ ...target, teamIds: [team.id] });
    // The draft's agents change and are not approved: draft runs are refused, published ones run.
    await s.build({ "agents.json": triageAgents({ name: "Draft triage", id: "draft-only" }) });
    const draft = await failure(
      owner.c.agentRuns.start.mutate({ ...target, agentId: "triage", scope: "draft" }),
    );
    expect(draft.code).toBe("PRECONDITION_FAILED");
    const unknown = await failure(
      owner.c.agentRuns.start.mutate({ ...target, agentId: "draft-only", scope: "published" }),
    );
    expect(unknown.code).toBe("NOT_FOUND");

    const ticket = await owner.c.data.insert.mutate({
      ...at("tickets", "published"),
      data: { title: "Refund never arrived", description: "Urgent: charged twice." },
    });
    const draftTicket = await owner.c.data.insert.mutate({
      ...at("tickets"),
      data: { title: "Draft only" },
    });
    const run = await owner.c.agentRuns.start.mutate({
      ...target,
      agentId: "triage",
      scope: "published",
      input: { collection: "tickets", documentId: ticket._id },
    });
    expect(run).toMatchObject({ scope: "published", approvalMode: "live" });
    const w = watchRun(owner.c, { workspaceId, runId: run.id });
    await w.untilStatus("completed");
    w.close();
    const detail = await owner.c.agentRuns.get.query({ workspaceId, runId: run.id });
    expect(detail.approvedHash).toBe(v1.agentsHash!);
    const doc = await owner.c.data.get.query({ ...at("tickets", "published"), id: ticket._id });
    expect(doc.priority).toBe("high");
    const untouched = await owner.c.data.get.query({ ...at("tickets"), id: draftTicket._id });
    expect(untouched._version).toBe(1);
  });
});
