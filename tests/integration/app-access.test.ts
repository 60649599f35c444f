import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import postgres from "postgres";
import { readSessionCookie, SESSION_COOKIE } from "../../src/auth/cookie";
import { previewUrl } from "../../src/builds/builds";
import type { PlatformMessage } from "../../src/sdk/protocol";
import { WorkspaceScope } from "../../src/trpc/init";
import { appRouter } from "../../src/trpc/router";
import { AppBridge, type BridgeClient } from "../../web/src/bridge/relay";
import { follow } from "../support/live";
import { publishForTest } from "../support/published";
import { storeServedBuild } from "../support/served-build";
import { type Client, failure, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

setDefaultTimeout(60_000);
const world = setupWorld();

/**
 * The visibility matrix (docs/decisions/0013-app-access.md): every procedure that names an app or
 * one of its runs, the preview link, the source export, the live stream and a bridge call, for
 * each kind of person and an app in draft and published. Makers (owner, admin, creator,
 * collaborator) get through — success, or a refusal for another reason, never the app's
 * NOT_FOUND; a member of a target team gets through viewer paths once the app is published;
 * anyone else gets NOT_FOUND everywhere.
 */
const ROLES = ["owner", "admin", "creator", "collaborator", "teamMember", "other"] as const;
type Role = (typeof ROLES)[number];
const STATES = ["draft", "published"] as const;
type State = (typeof STATES)[number];
const MAKERS = new Set<Role>(["owner", "admin", "creator", "collaborator"]);

interface TestApp {
  id: string;
  at: { workspaceId: string; appId: string };
  draftDoc: string;
  publishedDoc: string;
  builderRun: string;
  agentRun: string;
  snapshotId: string;
  draftBuild: string;
  publishedBuild: string;
}

interface Scene {
  workspaceId: string;
  clients: Record<Role, Client>;
  users: Record<Role, string>;
  teamId: string;
  apps: Record<State, TestApp>;
  fresh: (state: State) => Promise<TestApp>;
}

/** What a call yields: an answer, a refusal (code, message), or an HTTP status. */
type Outcome = { ok: true } | { ok: false; code: string; message: string };
type Call = (c: Client, app: TestApp, s: Scene, role: Role) => Promise<Outcome>;
interface Entry {
  /** maker: creator, collaborators, owners and admins only. viewer: also a published app's teams. */
  who: "maker" | "viewer";
  call: Call;
  /** Runs against a new app of its own for every call (it deletes the app). */
  fresh?: boolean;
}

const settle = async (p: Promise<unknown>): Promise<Outcome> => {
  try {
    await p;
    return { ok: true };
  } catch {
    const f = await failure(p);
    return { ok: false, code: f.code ?? "UNKNOWN", message: f.message };
  }
};
const rpc =
  (fn: (c: Client, app: TestApp, s: Scene, role: Role) => Promise<unknown>): Call =>
  (c, app, s, role) =>
    settle(fn(c, app, s, role));

/** The answer that hides an app (or a run of it) from someone who may not see it. */
const hidden = (o: Outcome) =>
  !o.ok && o.code === "NOT_FOUND" && /^(App|Run) not found\.$/.test(o.message);

const HTML = "<!doctype html><title>Matrix</title><p>matrix app</p>";
const COLLECTIONS = JSON.stringify({
  version: 1,
  collections: {
    notes: { fields: { title: { type: "string" } }, access: { viewers: "write", agents: "read" } },
  },
});

const dataAt = (app: TestApp, scope: State) => ({ ...app.at, scope, collection: "notes" });
const docOf = (app: TestApp, scope: State) => (scope === "draft" ? app.draftDoc : app.publishedDoc);

function dataEntries(scope: State): Record<string, Entry> {
  const who = scope === "draft" ? "maker" : "viewer";
  const suffix = scope === "draft" ? "" : "@published";
  const e = (call: (c: Client, app: TestApp) => Promise<unknown>): Entry => ({
    who,
    call: rpc((c, app) => call(c, app)),
  });
  return {
    [`data.collections${suffix}`]: e((c, app) => c.data.collections.query({ ...app.at, scope })),
    [`data.list${suffix}`]: e((c, app) => c.data.list.query(dataAt(app, scope))),
    [`data.get${suffix}`]: e((c, app) =>
      c.data.get.query({ ...dataAt(app, scope), id: docOf(app, scope) }),
    ),
    [`data.insert${suffix}`]: e((c, app) =>
      c.data.insert.mutate({ ...dataAt(app, scope), data: { title: "x" } }),
    ),
    [`data.insertMany${suffix}`]: e((c, app) =>
      c.data.insertMany.mutate({ ...dataAt(app, scope), documents: [{ data: { title: "y" } }] }),
    ),
    [`data.update${suffix}`]: e((c, app) =>
      c.data.update.mutate({ ...dataAt(app, scope), id: docOf(app, scope), patch: { title: "z" } }),
    ),
    [`data.upsert${suffix}`]: e((c, app) =>
      c.data.upsert.mutate({ ...dataAt(app, scope), key: ["title"], data: { title: "u" } }),
    ),
    // A document id nobody wrote: the app's check comes first, then "Document not found".
    [`data.remove${suffix}`]: e((c, app) =>
      c.data.remove.mutate({ ...dataAt(app, scope), id: crypto.randomUUID() }),
    ),
  };
}

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

/** A preview link signed for this client's own session, as builds.status would sign it. */
async function linkFor(c: Client, workspaceId: string, buildId: string) {
  const secret = testConfig(world.db).sessionSecret;
  const claims = await readSessionCookie(`${SESSION_COOKIE}=${c.jar.get(SESSION_COOKIE)}`, secret);
  return new URL(
    previewUrl({ secret, origin: "", viewer: claims! }, workspaceId, buildId),
    world.server.url,
  );
}

const http = async (res: Response): Promise<Outcome> => {
  const body = await res.text();
  return res.status === 200
    ? { ok: true }
    : { ok: false, code: `HTTP ${res.status}`, message: body };
};

/** One request through the app bridge, pinned like the app page pins it, and its answer. */
async function bridgeCall(c: Client, pin: { workspaceId: string; appId: string; scope: State }) {
  const frame = {};
  const posted: PlatformMessage[] = [];
  const bridge = new AppBridge({
    pin,
    client: c as unknown as BridgeClient,
    watch: () => () => {},
    watchRuns: () => () => {},
    frame: () => frame as MessageEventSource,
    post: (m) => posted.push(m),
    theme: () => "light",
  });
  await bridge.onMessage({
    source: frame as MessageEventSource,
    data: { source: "second-app", id: "q1", op: "list", params: { collection: "notes" } },
  });
  bridge.dispose();
  const answer = posted.find((m) => m.kind === "response" && m.id === "q1");
  if (answer?.kind !== "response") throw new Error("the bridge did not answer");
  return answer.ok
    ? ({ ok: true } as const)
    : ({ ok: false, code: answer.error.code, message: answer.error.message } as const);
}

const PROCEDURES: Record<string, Entry> = {
  "apps.get": { who: "viewer", call: rpc((c, app) => c.apps.get.query(app.at)) },
  "apps.rename": {
    who: "maker",
    call: rpc((c, app) =>
      c.apps.rename.mutate({ ...app.at, name: `Renamed ${crypto.randomUUID().slice(0, 8)}` }),
    ),
  },
  "apps.delete": { who: "maker", fresh: true, call: rpc((c, app) => c.apps.delete.mutate(app.at)) },
  "apps.access": { who: "maker", call: rpc((c, app) => c.apps.access.query(app.at)) },
  // Someone who is not a member: the app's check comes first, then "Member not found".
  "apps.addCollaborator": {
    who: "maker",
    call: rpc((c, app) =>
      c.apps.addCollaborator.mutate({ ...app.at, userId: crypto.randomUUID() }),
    ),
  },
  "apps.removeCollaborator": {
    who: "maker",
    call: rpc((c, app, s) =>
      c.apps.removeCollaborator.mutate({ ...app.at, userId: s.users.other }),
    ),
  },
  ...dataEntries("draft"),
  ...dataEntries("published"),
  "runs.create": {
    who: "maker",
    call: rpc((c, app) => c.runs.create.mutate({ ...app.at, prompt: "More", provider: "offline" })),
  },
  "runs.get": {
    who: "maker",
    call: rpc((c, app) =>
      c.runs.get.query({ workspaceId: app.at.workspaceId, runId: app.builderRun }),
    ),
  },
  "runs.list": { who: "maker", call: rpc((c, app) => c.runs.list.query(app.at)) },
  "runs.respond": {
    who: "maker",
    call: rpc((c, app) =>
      c.runs.respond.mutate({
        workspaceId: app.at.workspaceId,
        runId: app.builderRun,
        approve: true,
      }),
    ),
  },
  "runs.retry": {
    who: "maker",
    call: rpc((c, app) =>
      c.runs.retry.mutate({ workspaceId: app.at.workspaceId, runId: app.builderRun }),
    ),
  },
  "runs.usage": { who: "maker", call: rpc((c, app) => c.runs.usage.query(app.at)) },
  "runs.stop": {
    who: "maker",
    call: rpc((c, app) =>
      c.runs.stop.mutate({ workspaceId: app.at.workspaceId, runId: app.builderRun }),
    ),
  },
  "agents.schedules": { who: "maker", call: rpc((c, app) => c.agents.schedules.query(app.at)) },
  "agents.approval": { who: "maker", call: rpc((c, app) => c.agents.approval.query(app.at)) },
  "agents.approve": { who: "maker", call: rpc((c, app) => c.agents.approve.mutate(app.at)) },
  "agents.config": { who: "maker", call: rpc((c, app) => c.agents.config.query(app.at)) },
  "agents.revoke": { who: "maker", call: rpc((c, app) => c.agents.revoke.mutate(app.at)) },
  "agents.setToolEnabled": {
    who: "maker",
    call: rpc((c, app) =>
      c.agents.setToolEnabled.mutate({
        ...app.at,
        agentId: "triage",
        toolName: "lookup",
        enabled: false,
        hash: `v1:${"0".repeat(64)}`,
      }),
    ),
  },
  "agents.answerCard": {
    who: "maker",
    call: rpc((c, app) =>
      c.agents.answerCard.mutate({
        workspaceId: app.at.workspaceId,
        runId: app.builderRun,
        approve: true,
        hash: `v1:${"0".repeat(64)}`,
      }),
    ),
  },
  "agentRuns.start": {
    who: "maker",
    call: rpc((c, app) =>
      c.agentRuns.start.mutate({ ...app.at, agentId: "triage", scope: "draft" }),
    ),
  },
  "agentRuns.start@published": {
    who: "viewer",
    call: rpc((c, app) =>
      c.agentRuns.start.mutate({ ...app.at, agentId: "triage", scope: "published" }),
    ),
  },
  "agentRuns.list": { who: "viewer", call: rpc((c, app) => c.agentRuns.list.query(app.at)) },
  // The run a member of the target team started in the published app.
  "agentRuns.get": {
    who: "viewer",
    call: rpc((c, app) =>
      c.agentRuns.get.query({ workspaceId: app.at.workspaceId, runId: app.agentRun }),
    ),
  },
  "agentRuns.stop": {
    who: "viewer",
    call: rpc((c, app) =>
      c.agentRuns.stop.mutate({ workspaceId: app.at.workspaceId, runId: app.agentRun }),
    ),
  },
  "agentRuns.retry": {
    who: "viewer",
    call: rpc((c, app) =>
      c.agentRuns.retry.mutate({ workspaceId: app.at.workspaceId, runId: app.agentRun }),
    ),
  },
  // Sends a failed tool call to the builder: a builder run, so makers only.
  "agentRuns.reportToBuilder": {
    who: "maker",
    call: rpc((c, app) =>
      c.agentRuns.reportToBuilder.mutate({
        workspaceId: app.at.workspaceId,
        runId: app.agentRun,
        toolCallId: "call-1",
      }),
    ),
  },
  "agentRuns.agents": { who: "viewer", call: rpc((c, app) => c.agentRuns.agents.query(app.at)) },
  "appTools.run": {
    who: "maker",
    call: rpc((c, app) =>
      c.appTools.run.mutate({ ...app.at, scope: "draft", name: "lookup", input: {} }),
    ),
  },
  "appTools.run@published": {
    who: "viewer",
    call: rpc((c, app) =>
      c.appTools.run.mutate({ ...app.at, scope: "published", name: "lookup", input: {} }),
    ),
  },
  "publishing.state": { who: "maker", call: rpc((c, app) => c.publishing.state.query(app.at)) },
  "publishing.changes": { who: "maker", call: rpc((c, app) => c.publishing.changes.query(app.at)) },
  "publishing.versions": {
    who: "maker",
    call: rpc((c, app) => c.publishing.versions.query(app.at)),
  },
  // A build nobody made and a version that does not exist: the app's check comes first.
  "publishing.publish": {
    who: "maker",
    call: rpc((c, app, s) =>
      c.publishing.publish.mutate({ ...app.at, teamIds: [s.teamId], buildId: crypto.randomUUID() }),
    ),
  },
  "publishing.requestReview": {
    who: "maker",
    call: rpc((c, app, s) =>
      c.publishing.requestReview.mutate({
        ...app.at,
        teamIds: [s.teamId],
        buildId: crypto.randomUUID(),
      }),
    ),
  },
  "publishing.rollback": {
    who: "maker",
    call: rpc((c, app) =>
      c.publishing.rollback.mutate({ ...app.at, versionId: crypto.randomUUID() }),
    ),
  },
  "integrations.app": { who: "maker", call: rpc((c, app) => c.integrations.app.query(app.at)) },
  "builds.status": { who: "viewer", call: rpc((c, app) => c.builds.status.query(app.at)) },
  // A viewer gets the published version's collections.json (the explorer's types), not the draft's.
  "builds.collections": {
    who: "viewer",
    call: rpc((c, app) => c.builds.collections.query(app.at)),
  },
  "builds.files": { who: "maker", call: rpc((c, app) => c.builds.files.query(app.at)) },
  "builds.file": {
    who: "maker",
    call: rpc((c, app) =>
      c.builds.file.query({ ...app.at, snapshotId: app.snapshotId, path: "index.html" }),
    ),
  },
  // Run and chat topics and draft data: makers only.
  "live.stream": {
    who: "maker",
    call: rpc((c, app) =>
      firstEvent((handlers) =>
        c.live.stream.subscribe(
          {
            workspaceId: app.at.workspaceId,
            topics: [
              { kind: "run", key: "r", runId: app.builderRun },
              { kind: "data", key: "d", appId: app.id, scope: "draft" },
            ],
          },
          handlers,
        ),
      ),
    ),
  },
  // Published data and the app's run activity (what useAgent follows): viewers too.
  "live.stream@published": {
    who: "viewer",
    call: rpc((c, app) =>
      firstEvent((handlers) =>
        c.live.stream.subscribe(
          {
            workspaceId: app.at.workspaceId,
            topics: [
              { kind: "data", key: "d", appId: app.id, scope: "published" },
              { kind: "app", key: "a", appId: app.id },
            ],
          },
          handlers,
        ),
      ),
    ),
  },
};

/** Routes outside tRPC, with the status and text a refused caller gets. */
const ROUTES: Record<string, Entry> = {
  "GET preview link (draft build)": {
    who: "maker",
    call: async (c, app) => http(await fetch(await linkFor(c, app.at.workspaceId, app.draftBuild))),
  },
  "GET preview link (published build)": {
    who: "viewer",
    call: async (c, app) =>
      http(await fetch(await linkFor(c, app.at.workspaceId, app.publishedBuild))),
  },
  "GET source export": {
    who: "maker",
    call: async (c, app) =>
      http(
        await c.fetch(
          `${world.server.url}/api/workspaces/${app.at.workspaceId}/apps/${app.id}/source.zip`,
        ),
      ),
  },
  "bridge data call (published)": {
    who: "viewer",
    call: (c, app) => bridgeCall(c, { ...app.at, scope: "published" }),
  },
  "bridge data call (draft)": {
    who: "maker",
    call: (c, app) => bridgeCall(c, { ...app.at, scope: "draft" }),
  },
};

/** A refusal from outside tRPC that hides the app: the preview's and the export's 404s. */
const hiddenRoute = (o: Outcome) =>
  hidden(o) ||
  (!o.ok && o.code === "HTTP 404" && /(preview link is not valid|App not found)/.test(o.message));

/** Procedures that name an app (appId) or one of its runs (runId) in their input or topics. */
function appScopedProcedures(): string[] {
  const procedures = appRouter._def.procedures as unknown as Record<
    string,
    { _def: { inputs: unknown[] } }
  >;
  return Object.keys(procedures).filter((path) => {
    const inputs = procedures[path]!._def.inputs;
    if (!inputs.includes(WorkspaceScope)) return false;
    return inputs.some((i) => {
      const shape = (i as { shape?: Record<string, unknown> }).shape;
      // A live stream names its apps and runs in its topics.
      return shape !== undefined && ("appId" in shape || "runId" in shape || "topics" in shape);
    });
  });
}

let scene: Scene;

async function makeApp(s: Omit<Scene, "apps" | "fresh">, state: State): Promise<TestApp> {
  const { workspaceId, clients, users } = s;
  const creator = clients.creator;
  const created = await creator.apps.create.mutate({
    workspaceId,
    name: `Matrix ${crypto.randomUUID().slice(0, 8)}`,
  });
  const at = { workspaceId, appId: created.id };
  await creator.apps.addCollaborator.mutate({ ...at, userId: users.collaborator });
  const files = { "index.html": HTML, "collections.json": COLLECTIONS };
  const first = await storeServedBuild(world.db, at, files);
  if (state === "published")
    await publishForTest(world.db, at, [s.teamId], JSON.parse(COLLECTIONS));
  // A newer draft build after the published one.
  const draft = await storeServedBuild(world.db, at, { ...files, "index.html": `${HTML}<p>v2` });
  const draftDoc = await creator.data.insert.mutate({
    ...at,
    scope: "draft",
    collection: "notes",
    data: { title: "draft" },
  });
  const publishedDoc = await creator.data.insert.mutate({
    ...at,
    scope: "published",
    collection: "notes",
    data: { title: "published" },
  });
  const run = await creator.runs.create.mutate({
    ...at,
    prompt: "Build notes",
    provider: "offline",
  });
  const agentRun = await agentRunOf(at, users.teamMember);
  return {
    id: created.id,
    at,
    draftDoc: draftDoc._id,
    publishedDoc: publishedDoc._id,
    builderRun: run.id,
    agentRun,
    snapshotId: first.snapshotId,
    draftBuild: draft.buildId,
    publishedBuild: first.buildId,
  };
}

/** An agent run in the published scope, started by `userId` (the rows a run leaves). */
async function agentRunOf(
  at: { workspaceId: string; appId: string },
  userId: string,
  status: "completed" | "pending" = "completed",
) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  const id = crypto.randomUUID();
  try {
    await sql`insert into agent_runs (id, workspace_id, app_id, kind, status, provider, model, prompt, created_by, finished_at)
      values (${id}, ${at.workspaceId}, ${at.appId}, 'agent', ${status}, 'offline', 'offline-agent', 'Triage', ${userId},
        ${status === "completed" ? new Date() : null})`;
    await sql`insert into app_agent_runs (workspace_id, run_id, app_id, agent_id, agent_name, scope, trigger, input, approved_hash, approval_mode)
      values (${at.workspaceId}, ${id}, ${at.appId}, 'triage', 'Triage', 'published',
        ${sql.json({ type: "manual" })}, ${sql.json({})}, ${`v1:${"0".repeat(64)}`}, 'mock')`;
  } finally {
    await sql.end();
  }
  return id;
}

beforeAll(async () => {
  const owner = await world.person("Olga Owner", "Matrix Works");
  const workspaceId = owner.workspaceId;
  const people = {
    admin: await world.member(workspaceId, "admin", "Ada Admin"),
    creator: await world.member(workspaceId, "member", "Cara Creator"),
    collaborator: await world.member(workspaceId, "member", "Colin Collaborator"),
    teamMember: await world.member(workspaceId, "member", "Tess Team"),
    other: await world.member(workspaceId, "member", "Otto Other"),
  };
  const team = await owner.c.teams.create.mutate({ workspaceId, name: "Readers" });
  await owner.c.teams.addMember.mutate({
    workspaceId,
    teamId: team.id,
    userId: people.teamMember.userId,
  });
  const clients = {
    owner: owner.c,
    ...Object.fromEntries(Object.entries(people).map(([k, v]) => [k, v.c])),
  } as Record<Role, Client>;
  const users = {
    owner: owner.userId,
    ...Object.fromEntries(Object.entries(people).map(([k, v]) => [k, v.userId])),
  } as Record<Role, string>;
  const base = { workspaceId, clients, users, teamId: team.id };
  scene = {
    ...base,
    apps: { draft: await makeApp(base, "draft"), published: await makeApp(base, "published") },
    fresh: (state) => makeApp(base, state),
  };
});

describe("the visibility matrix", () => {
  test("every procedure that names an app or its run has a matrix entry", () => {
    const listed = Object.keys(PROCEDURES).map((k) => k.split("@")[0]!);
    expect(appScopedProcedures().filter((p) => !listed.includes(p))).toEqual([]);
    expect([...new Set(listed)].filter((p) => !appScopedProcedures().includes(p))).toEqual([]);
  });

  const all = { ...PROCEDURES, ...ROUTES };
  for (const [name, entry] of Object.entries(all)) {
    test(`${name} (${entry.who})`, async () => {
      const seen: string[] = [];
      const wrong: string[] = [];
      for (const state of STATES) {
        for (const role of ROLES) {
          const app = entry.fresh ? await scene.fresh(state) : scene.apps[state];
          const outcome = await entry.call(scene.clients[role], app, scene, role);
          const allowed =
            MAKERS.has(role) ||
            (entry.who === "viewer" && role === "teamMember" && state === "published");
          const isHidden = name in ROUTES ? hiddenRoute(outcome) : hidden(outcome);
          const shown = outcome.ok ? "ok" : `${outcome.code}: ${outcome.message.slice(0, 80)}`;
          seen.push(`${state}/${role}: ${shown}`);
          if (allowed === isHidden) wrong.push(`${state}/${role} ${allowed ? "hidden" : "shown"}`);
        }
      }
      if (process.env.MATRIX_SHOW) console.log(name, seen);
      expect({ wrong, seen }).toEqual({ wrong: [], seen });
    });
  }
});

describe("what viewers get", () => {
  test("apps.list shows each person only the apps they may open, with their access", async () => {
    const { draft, published } = scene.apps;
    const listed = async (role: Role) =>
      new Map(
        (await scene.clients[role].apps.list.query({ workspaceId: scene.workspaceId }))
          .filter((a) => a.id === draft.id || a.id === published.id)
          .map((a) => [a.id, a.access]),
      );
    for (const role of ["owner", "admin", "creator", "collaborator"] as const)
      expect(await listed(role)).toEqual(
        new Map([
          [published.id, "maker"],
          [draft.id, "maker"],
        ]),
      );
    expect(await listed("teamMember")).toEqual(new Map([[published.id, "viewer"]]));
    expect(await listed("other")).toEqual(new Map());
    expect(await scene.clients.teamMember.apps.get.query(published.at)).toMatchObject({
      id: published.id,
      access: "viewer",
    });
  });

  test("a viewer's preview is the published build, never the draft's", async () => {
    const { published } = scene.apps;
    const asViewer = await scene.clients.teamMember.builds.status.query(published.at);
    expect(asViewer.current?.id).toBe(published.publishedBuild);
    expect(asViewer.latest?.id).toBe(published.publishedBuild);
    // Asking for the draft changes nothing for a viewer.
    const draftAsked = await scene.clients.teamMember.builds.status.query({
      ...published.at,
      scope: "draft",
    });
    expect(draftAsked.current?.id).toBe(published.publishedBuild);
    const res = await fetch(new URL(asViewer.current!.previewUrl, world.server.url));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(HTML);
    const asMaker = await scene.clients.collaborator.builds.status.query(published.at);
    expect(asMaker.current?.id).toBe(published.draftBuild);
  });

  test("a viewer's collections.json is the published version's", async () => {
    const { published } = scene.apps;
    const asViewer = await scene.clients.teamMember.builds.collections.query(published.at);
    expect(asViewer.buildId).toBe(published.publishedBuild);
    expect(asViewer.declared?.collections.notes?.access).toEqual({
      viewers: "write",
      agents: "read",
    });
    const asMaker = await scene.clients.creator.builds.collections.query(published.at);
    expect(asMaker.buildId).toBe(published.draftBuild);
  });

  test("a viewer lists only the published runs they started", async () => {
    const { published } = scene.apps;
    const mine = await scene.clients.teamMember.agentRuns.list.query(published.at);
    expect(mine.map((r) => r.id)).toEqual([published.agentRun]);
    const someoneElses = await agentRunOf(published.at, scene.users.owner);
    expect(
      await failure(
        scene.clients.teamMember.agentRuns.get.query({
          workspaceId: scene.workspaceId,
          runId: someoneElses,
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND", message: "Run not found." });
    const all = await scene.clients.creator.agentRuns.list.query(published.at);
    expect(all.map((r) => r.id).sort()).toEqual([published.agentRun, someoneElses].sort());
  });
});

test("a viewer's live app topic carries only the runs they started, never the builder's", async () => {
  const app = await scene.fresh("published");
  const mine = await agentRunOf(app.at, scene.users.teamMember, "pending");
  const topics = [
    { kind: "app" as const, key: "a", appId: app.id },
    { kind: "data" as const, key: "d", appId: app.id, scope: "published" as const },
  ];
  const asViewer = follow(scene.clients.teamMember, { workspaceId: scene.workspaceId, topics });
  const asMaker = follow(scene.clients.collaborator, { workspaceId: scene.workspaceId, topics });
  await Promise.all([asViewer.ready(), asMaker.ready()]);
  await scene.clients.creator.runs.stop.mutate({
    workspaceId: scene.workspaceId,
    runId: app.builderRun,
  });
  await scene.clients.teamMember.agentRuns.stop.mutate({
    workspaceId: scene.workspaceId,
    runId: mine,
  });
  // Written last: once it arrives, both run changes before it have been delivered or dropped.
  await scene.clients.creator.data.insert.mutate({
    ...dataAt(app, "published"),
    data: { title: "marker" },
  });
  const runsSeen = (s: ReturnType<typeof follow>) =>
    new Set(s.messages.flatMap((m) => m.events.flatMap((e) => (e.kind === "app" ? e.runs : []))));
  const gotData = (s: ReturnType<typeof follow>) =>
    s.messages.some((m) => m.events.some((e) => e.kind === "data"));
  await asViewer.until(() => gotData(asViewer), "the marker for the viewer");
  await asMaker.until(() => gotData(asMaker), "the marker for the maker");
  asViewer.close();
  asMaker.close();
  const ids = (s: ReturnType<typeof follow>) => new Set([...runsSeen(s)].map((r) => r.runId));
  expect(ids(asMaker)).toEqual(new Set([app.builderRun, mine]));
  expect(ids(asViewer)).toEqual(new Set([mine]));
  expect([...runsSeen(asViewer)].every((r) => r.type === "status")).toBe(true);
});

test("a viewer taken off the app's team loses its stream at once; reopening is not found", async () => {
  const owner = scene.clients.owner;
  const app = await scene.fresh("published");
  const reader = await world.member(scene.workspaceId, "member", "Rita Reader");
  const team = await owner.teams.create.mutate({
    workspaceId: scene.workspaceId,
    name: "Night shift",
  });
  await owner.teams.addMember.mutate({
    workspaceId: scene.workspaceId,
    teamId: team.id,
    userId: reader.userId,
  });
  await publishForTest(world.db, app.at, [scene.teamId, team.id], JSON.parse(COLLECTIONS));
  const topics = [{ kind: "data" as const, key: "d", appId: app.id, scope: "published" as const }];
  const s = follow(reader.c, { workspaceId: scene.workspaceId, topics });
  await s.ready();
  await owner.teams.removeMember.mutate({
    workspaceId: scene.workspaceId,
    teamId: team.id,
    userId: reader.userId,
  });
  await s.ends(5_000);
  s.close();
  const again = follow(reader.c, { workspaceId: scene.workspaceId, topics });
  await expect(again.ready()).rejects.toThrow(/App not found/);
  again.close();
  expect(await failure(reader.c.apps.get.query(app.at))).toMatchObject({ code: "NOT_FOUND" });
});

describe("collaborators", () => {
  const audits = async (appId: string) => {
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      return await sql<
        { action: string; outcome: string; actor_id: string; metadata: Record<string, unknown> }[]
      >`select action, outcome, actor_id, metadata from audit_events
        where target_id = ${appId} and action like 'app.collaborator_%' order by seq`;
    } finally {
      await sql.end();
    }
  };

  test("the creator adds and removes a collaborator: access follows, audited with before and after", async () => {
    const { clients, users, workspaceId } = scene;
    const app = await clients.creator.apps.create.mutate({ workspaceId, name: "Shared notes" });
    const at = { workspaceId, appId: app.id };
    expect(await failure(clients.other.apps.get.query(at))).toMatchObject({ code: "NOT_FOUND" });

    const added = await clients.creator.apps.addCollaborator.mutate({
      ...at,
      userId: users.other,
    });
    expect(added).toMatchObject({
      canManage: true,
      published: false,
      creator: { userId: users.creator, displayName: "Cara Creator" },
      collaborators: [
        { userId: users.other, displayName: "Otto Other", addedByName: "Cara Creator" },
      ],
      teams: [],
      limit: 50,
    });
    expect(await clients.other.apps.get.query(at)).toMatchObject({ access: "maker" });
    expect(await clients.other.apps.access.query(at)).toMatchObject({ canManage: false });

    const removed = await clients.admin.apps.removeCollaborator.mutate({
      ...at,
      userId: users.other,
    });
    expect(removed.collaborators).toEqual([]);
    expect(await failure(clients.other.apps.get.query(at))).toMatchObject({ code: "NOT_FOUND" });

    expect([...(await audits(app.id))]).toEqual([
      {
        action: "app.collaborator_added",
        outcome: "success",
        actor_id: users.creator,
        metadata: {
          userId: users.other,
          displayName: "Otto Other",
          collaborators: { before: 0, after: 1 },
        },
      },
      {
        action: "app.collaborator_removed",
        outcome: "success",
        actor_id: users.admin,
        metadata: {
          userId: users.other,
          displayName: "Otto Other",
          collaborators: { before: 1, after: 0 },
        },
      },
    ]);
    const catalog = await clients.owner.audit.catalog.query();
    expect(catalog.categories).toContain("publishing");
    expect(new Set(catalog.categories).size).toBe(catalog.categories.length);
  });

  test("bad input: nothing changes, a collaborator's attempt is refused and audited", async () => {
    const { clients, users, workspaceId } = scene;
    const app = await clients.creator.apps.create.mutate({ workspaceId, name: "Guarded notes" });
    const at = { workspaceId, appId: app.id };
    await clients.creator.apps.addCollaborator.mutate({ ...at, userId: users.collaborator });

    expect(
      await failure(
        clients.creator.apps.addCollaborator.mutate({ ...at, userId: users.collaborator }),
      ),
    ).toMatchObject({
      code: "CONFLICT",
      message: "Colin Collaborator is already a collaborator on this app.",
    });
    expect(
      await failure(clients.owner.apps.addCollaborator.mutate({ ...at, userId: users.creator })),
    ).toMatchObject({
      code: "CONFLICT",
      message: "Cara Creator created this app and already makes it.",
    });
    const stranger = await world.person("Sam Stranger", "Elsewhere");
    expect(
      await failure(
        clients.creator.apps.addCollaborator.mutate({ ...at, userId: stranger.userId }),
      ),
    ).toMatchObject({ code: "NOT_FOUND", message: "Member not found." });
    expect(
      await failure(clients.creator.apps.removeCollaborator.mutate({ ...at, userId: users.other })),
    ).toMatchObject({ code: "NOT_FOUND", message: "Collaborator not found." });
    expect(
      await failure(
        clients.collaborator.apps.addCollaborator.mutate({ ...at, userId: users.other }),
      ),
    ).toMatchObject({
      code: "FORBIDDEN",
      message: "Only the app's creator or a workspace admin can change its collaborators.",
    });
    expect(
      await failure(
        clients.collaborator.apps.removeCollaborator.mutate({ ...at, userId: users.collaborator }),
      ),
    ).toMatchObject({ code: "FORBIDDEN" });
    // Someone who does not make the app learns nothing about it.
    expect(
      await failure(clients.other.apps.addCollaborator.mutate({ ...at, userId: users.other })),
    ).toMatchObject({ code: "NOT_FOUND", message: "App not found." });
    expect(
      await failure(clients.creator.apps.addCollaborator.mutate({ ...at, userId: "nope" })),
    ).toMatchObject({ code: "BAD_REQUEST" });

    const info = await clients.creator.apps.access.query(at);
    expect(info.collaborators.map((c) => c.userId)).toEqual([users.collaborator]);
    const rows = await audits(app.id);
    expect(rows.map((r) => [r.action, r.outcome, r.actor_id])).toEqual([
      ["app.collaborator_added", "success", users.creator],
      ["app.collaborator_added", "denied", users.collaborator],
      ["app.collaborator_removed", "denied", users.collaborator],
    ]);
  });

  test("an app has at most 50 collaborators: the 50th is added, the 51st refused", async () => {
    const { clients, workspaceId } = scene;
    const app = await clients.owner.apps.create.mutate({ workspaceId, name: "Crowded notes" });
    const at = { workspaceId, appId: app.id };
    const people: string[] = [];
    for (let i = 0; i < 51; i++)
      people.push((await world.member(workspaceId, "member", `Crowd ${i}`)).userId);
    for (const userId of people.slice(0, 50))
      await clients.owner.apps.addCollaborator.mutate({ ...at, userId });
    expect((await clients.owner.apps.access.query(at)).collaborators).toHaveLength(50);
    expect(
      await failure(clients.owner.apps.addCollaborator.mutate({ ...at, userId: people[50]! })),
    ).toMatchObject({
      reason: "LIMIT_EXCEEDED",
      message: "An app can have at most 50 collaborators; remove one first.",
    });
    expect((await clients.owner.apps.access.query(at)).collaborators).toHaveLength(50);
  });

  test("a removed collaborator's preview link of the draft stops working", async () => {
    const { clients, users, workspaceId } = scene;
    const app = await clients.creator.apps.create.mutate({ workspaceId, name: "Linked notes" });
    const at = { workspaceId, appId: app.id };
    await storeServedBuild(world.db, at, { "index.html": HTML });
    await clients.creator.apps.addCollaborator.mutate({ ...at, userId: users.other });
    const { current } = await clients.other.builds.status.query(at);
    const link = new URL(current!.previewUrl, world.server.url);
    expect((await fetch(link)).status).toBe(200);
    await clients.creator.apps.removeCollaborator.mutate({ ...at, userId: users.other });
    const res = await fetch(link);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("This preview link is not valid");
  });
});
