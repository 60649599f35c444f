import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFile, rm, writeFile } from "node:fs/promises";
import postgres from "postgres";
import { ToolInputError } from "../../worker/workspace/paths";
import { addCollaborator, newApp } from "../support/apps";
import { setupBuilds } from "../support/builds";
import { processesIn, slowTypes, waitFor } from "../support/processes";
import { client, failure, startServer } from "../support/server";
import { setupWorld } from "../support/world";

// Each test type-checks and bundles real apps: seconds apiece, more on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);

const APP = (title: string) => `export default function App() {
  return <main><h1>${title}</h1></main>;
}
`;

async function scene(name: string) {
  const { c, workspaceId, userId } = await world.person(name, `${name} works`);
  const { app } = await newApp(c, workspaceId);
  const scope = { workspaceId, appId: app.id, userId };
  return { c, workspaceId, userId, app, scope };
}

/** Rows as the owner sees them (no RLS), to check what was stored. */
async function owner<T>(fn: (sql: postgres.Sql) => Promise<T>) {
  const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

describe("done_building", () => {
  test("type-checks, builds and saves the source and artifacts; viewers see the steps", async () => {
    const { c, workspaceId, app, scope } = await scene("Builder");
    const w = await builds.worker(scope);
    expect(w.origin).toBe("template");
    await writeFile(w.file("src/App.tsx"), APP("Inventory"));
    const outcome = await w.build("First version");
    expect(outcome.problems).toEqual([]);
    expect(outcome.status).toBe("succeeded");
    expect(
      w.events.filter((e) => e.type === "build-step").map((e) => `${e.step}:${e.state}`),
    ).toEqual(
      expect.arrayContaining(["collect:done", "typecheck:done", "bundle:done", "save:done"]),
    );
    expect(w.events.at(-1)).toMatchObject({ type: "build-finish", status: "succeeded" });

    const status = await c.builds.status.query({ workspaceId, appId: app.id });
    expect(status.current?.id).toBe(outcome.buildId!);
    expect(status.latest?.id).toBe(outcome.buildId!);
    const files = await c.builds.files.query({ workspaceId, appId: app.id });
    const paths = files.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(["index.html", "src/App.tsx", "src/main.tsx", "package.json"]),
    );
    expect(paths.some((p) => p.startsWith("node_modules") || p.startsWith(".second"))).toBe(false);
    const audit = await c.audit.list.query({ workspaceId, action: "app.snapshot_saved" });
    expect(audit.events.map((e) => e.targetId)).toEqual([app.id]);
    const source = await c.builds.file.query({ workspaceId, appId: app.id, path: "src/App.tsx" });
    expect(source).toMatchObject({ kind: "text", content: APP("Inventory") });

    // The preview is served from the stored artifacts, sandboxed and without network.
    const page = await fetch(new URL(status.current!.previewUrl, world.server.url));
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("sandbox allow-scripts allow-forms");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain("allow-same-origin");
    const html = await page.text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(new URL(`${status.current!.previewUrl}${script}`, world.server.url));
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(await js.text()).toContain("Inventory");
  });

  test("an unchanged file is stored once across versions", async () => {
    const { scope, workspaceId } = await scene("Deduper");
    const w = await builds.worker(scope);
    await writeFile(w.file("src/App.tsx"), APP("One"));
    const first = await w.build();
    expect(first.newBlobs).toBeGreaterThan(5);
    const again = await w.build();
    expect(again.status).toBe("succeeded");
    expect(again.newBlobs).toBe(0);
    await writeFile(w.file("src/App.tsx"), APP("Two"));
    const changed = await w.build();
    // The changed source file, plus the bundle that contains it.
    expect(changed.newBlobs).toBeGreaterThanOrEqual(2);
    expect(changed.newBlobs).toBeLessThanOrEqual(3);
    const counts = await owner(
      (
        sql,
      ) => sql`select (select count(*)::int from app_snapshots where workspace_id = ${workspaceId}) as snapshots,
        (select count(*)::int from app_blobs where workspace_id = ${workspaceId}) as blobs`,
    );
    expect(counts[0]).toMatchObject({ snapshots: 3, blobs: first.newBlobs + changed.newBlobs });
  });

  test("type errors come back by file and line; the last good build and snapshot stay", async () => {
    const { c, workspaceId, app, scope } = await scene("Fixer");
    const w = await builds.worker(scope);
    await writeFile(w.file("src/App.tsx"), APP("Good"));
    const good = await w.build();
    await writeFile(
      w.file("src/App.tsx"),
      `export default function App() {\n  const count: number = "three";\n  return <main>{count}</main>;\n}\n`,
    );
    const bad = await w.build("Broken");
    expect(bad.status).toBe("failed");
    expect(bad.problems[0]).toMatchObject({ source: "typecheck", file: "src/App.tsx", line: 2 });
    expect(bad.problems[0]!.message).toContain("not assignable to type 'number'");
    const status = await c.builds.status.query({ workspaceId, appId: app.id });
    expect(status.current?.id).toBe(good.buildId!);
    expect(status.latest).toMatchObject({ id: bad.buildId, status: "failed" });
    expect(
      (await c.builds.file.query({ workspaceId, appId: app.id, path: "src/App.tsx" })).content,
    ).toBe(APP("Good"));
    // What the model reads: grouped by file, with the line, and what to do.
    const told = await w.services.doneBuilding("Still broken").catch((e: unknown) => e);
    expect(told).toBeInstanceOf(ToolInputError);
    expect((told as Error).message).toMatch(
      /src\/App\.tsx\n {2}line 2:\d+: Type 'string' is not assignable/,
    );
    expect((told as Error).message).toContain("call done_building again");
  });

  test("a bundling error is reported with its file", async () => {
    const { scope } = await scene("Bundler");
    const w = await builds.worker(scope);
    await writeFile(
      w.file("src/App.tsx"),
      `import { nope } from "./missing";\nexport default function App() { return <main>{nope}</main>; }\n`,
    );
    const bad = await w.build();
    expect(bad.status).toBe("failed");
    expect(bad.problems.some((p) => p.file === "src/App.tsx" && p.source === "typecheck")).toBe(
      true,
    );
    expect(bad.problems.some((p) => p.source === "build" && p.message.includes("missing"))).toBe(
      true,
    );
  });

  test("missing entry files, oversized files and secrets", async () => {
    const { scope, workspaceId } = await scene("Limits");
    const w = await builds.worker(scope);
    await rm(w.file("src/main.tsx"));
    const missing = await w.build();
    expect(missing.problems[0]).toMatchObject({ source: "workspace", file: "src/main.tsx" });
    expect(missing.problems[0]!.message).toContain("src/main.tsx is missing");

    await writeFile(
      w.file("src/main.tsx"),
      await readFile(new URL("../../worker/template/src/main.tsx", import.meta.url)),
    );
    // At the limit passes; one byte over is refused with the file's name.
    await writeFile(w.file("src/data.txt"), "x".repeat(512 * 1024));
    await writeFile(w.file(".env"), "API_KEY=secret");
    await writeFile(w.file(".npmrc"), "//registry/:_authToken=secret");
    const atLimit = await w.build();
    expect(atLimit.status).toBe("succeeded");
    const stored = await owner(
      (sql) => sql`select files from app_snapshots where id = ${atLimit.snapshotId}`,
    );
    const storedPaths = (stored[0]!.files as { path: string }[]).map((f) => f.path);
    expect(storedPaths).toContain("src/data.txt");
    expect(storedPaths.filter((p) => p.startsWith("."))).toEqual([]);
    const secrets = await owner(
      (sql) =>
        sql`select count(*)::int as n from app_blobs where workspace_id = ${workspaceId} and position('secret' in convert_from(content, 'UTF8')) > 0`,
    );
    expect(secrets[0]!.n).toBe(0);

    await writeFile(w.file("src/data.txt"), "x".repeat(512 * 1024 + 1));
    const over = await w.build();
    expect(over.status).toBe("failed");
    expect(over.problems[0]!.message).toContain("src/data.txt is 513 KB");
  });

  test("a fresh worker rehydrates the workspace from the latest snapshot", async () => {
    const { scope } = await scene("Mover");
    const first = await builds.worker(scope, "worker-a");
    await writeFile(first.file("src/App.tsx"), APP("Saved"));
    await writeFile(first.file("src/extra.ts"), "export const extra = 1;\n");
    const saved = await first.build();
    const second = await builds.worker(scope, "worker-b");
    expect(second.origin).toBe("snapshot");
    expect(second.snapshotId).toBe(saved.snapshotId);
    expect(await readFile(second.file("src/App.tsx"), "utf8")).toBe(APP("Saved"));
    expect(await readFile(second.file("src/extra.ts"), "utf8")).toBe("export const extra = 1;\n");
    expect((await second.build()).status).toBe("succeeded");
    // The same worker keeps its folder while it holds the latest snapshot.
    expect((await first.prepare()).origin).toBe("snapshot");
    expect((await first.prepare()).origin).toBe("kept");
  });

  test("a workspace lost mid-run is restored and the model is told", async () => {
    const { scope } = await scene("Loser");
    const w = await builds.worker(scope);
    await writeFile(w.file("src/App.tsx"), APP("Kept"));
    await w.build();
    await rm(w.root, { recursive: true, force: true });
    const lost = await w.build();
    expect(lost.status).toBe("failed");
    expect(lost.problems[0]!.message).toContain("restored from the last saved version");
    expect(await readFile(w.file("src/App.tsx"), "utf8")).toBe(APP("Kept"));
    expect((await w.build()).status).toBe("succeeded");
  });
});

describe("collections.json", () => {
  const declared = (due: string) =>
    JSON.stringify({
      version: 1,
      collections: {
        tasks: { display: "title", fields: { title: { type: "string" }, due: { type: due } } },
      },
    });

  test("a malformed file fails the build, naming the path and the problem; a valid one reaches the explorer", async () => {
    const { c, workspaceId, app, scope } = await scene("Declarer");
    const w = await builds.worker(scope);
    await writeFile(w.file("src/App.tsx"), APP("Tasks"));
    expect(await c.builds.collections.query({ workspaceId, appId: app.id })).toEqual({
      buildId: null,
      declared: null,
      problems: [],
    });

    await writeFile(w.file("collections.json"), declared("day"));
    const refused = await w.services.doneBuilding("Bad declaration").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ToolInputError);
    expect((refused as Error).message).toContain("collections.json");
    expect((refused as Error).message).toContain(
      "collections.tasks.fields.due.type: type must be one of",
    );
    const failed = await c.builds.status.query({ workspaceId, appId: app.id });
    expect(failed.current).toBeNull();
    expect(failed.latest?.problems[0]).toMatchObject({
      source: "workspace",
      file: "collections.json",
    });
    await writeFile(w.file("collections.json"), "{ not json");
    expect((await w.build()).problems[0]!.message).toContain("not valid JSON");

    await writeFile(w.file("collections.json"), declared("date"));
    const ok = await w.build("Declared");
    expect(ok.status).toBe("succeeded");
    const served = await c.builds.collections.query({ workspaceId, appId: app.id });
    expect(served.buildId).toBe(ok.buildId!);
    expect(served.problems).toEqual([]);
    expect(served.declared?.collections.tasks).toMatchObject({
      display: "title",
      fields: { due: { type: "date", required: false } },
      access: { viewers: "write", agents: "read" },
    });

    // Bad input and someone else's (or no) app.
    expect(await failure(c.builds.collections.query({ workspaceId, appId: "nope" }))).toMatchObject(
      { code: "BAD_REQUEST" },
    );
    expect(
      await failure(c.builds.collections.query({ workspaceId, appId: crypto.randomUUID() })),
    ).toMatchObject({ code: "NOT_FOUND" });
    const other = await world.person("Outsider", "Elsewhere");
    expect(
      await failure(other.c.builds.collections.query({ workspaceId, appId: app.id })),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  test("an app without collections.json builds as before and declares nothing", async () => {
    const { c, workspaceId, app, scope } = await scene("Undeclared");
    const w = await builds.worker(scope);
    await writeFile(w.file("src/App.tsx"), APP("Plain"));
    const ok = await w.build();
    expect(ok.status).toBe("succeeded");
    expect(await c.builds.collections.query({ workspaceId, appId: app.id })).toEqual({
      buildId: ok.buildId,
      declared: null,
      problems: [],
    });
  });
});

describe("agents.json", () => {
  const collections = JSON.stringify({
    version: 1,
    collections: {
      tickets: { fields: { title: { type: "string" } }, access: { agents: "write" } },
    },
  });
  const agents = (access: string, collection = "tickets") =>
    JSON.stringify({
      version: 1,
      agents: [
        {
          id: "triage",
          name: "Triage",
          description: "Sets the priority of new tickets.",
          systemPrompt: "Set the priority.",
          dataCollections: [{ name: collection, access }],
        },
      ],
    });

  test("done_building refuses a malformed file, naming the path and the problem, and builds a valid one", async () => {
    const { c, workspaceId, app, scope } = await scene("Agent declarer");
    const w = await builds.worker(scope);
    await writeFile(w.file("src/App.tsx"), APP("Tickets"));
    await writeFile(w.file("collections.json"), collections);

    await writeFile(w.file("agents.json"), agents("admin"));
    const refused = await w.services.doneBuilding("Bad agents").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ToolInputError);
    expect((refused as Error).message).toContain(
      "agents.json is not valid — agents.0.dataCollections.0.access: access is read or write",
    );
    const failed = await c.builds.status.query({ workspaceId, appId: app.id });
    expect(failed.current).toBeNull();
    expect(failed.latest?.problems[0]).toMatchObject({ source: "workspace", file: "agents.json" });

    await writeFile(w.file("agents.json"), "{ not json");
    expect((await w.build()).problems[0]!.message).toContain("not valid JSON");
    await writeFile(w.file("agents.json"), agents("write", "orders"));
    expect((await w.build()).problems[0]!.message).toContain(
      'agents.0.dataCollections.0.name: "orders" is not declared in collections.json',
    );

    await writeFile(w.file("agents.json"), agents("write"));
    const ok = await w.build("Agents declared");
    expect(ok.status).toBe("succeeded");
  });
});

describe("stopping a build", () => {
  const countBuilds = (appId: string) =>
    owner((sql) => sql`select count(*)::int as n from app_builds where app_id = ${appId}`).then(
      (rows) => rows[0]!.n as number,
    );

  test("a stop mid-build kills its processes and stores nothing; the last good build stays", async () => {
    const { c, workspaceId, app, scope } = await scene("Halter");
    const first = await builds.worker(scope);
    await writeFile(first.file("src/App.tsx"), APP("Kept"));
    const good = await first.build("Good");
    expect(good.status).toBe("succeeded");

    const abort = new AbortController();
    let ended = 0;
    const w = await builds.worker(scope, "w1", {
      signal: abort.signal,
      stop: () => ended++,
    });
    await writeFile(w.file("src/slow.ts"), slowTypes());
    await writeFile(w.file("src/App.tsx"), APP("Abandoned"));
    const building = w.services.doneBuilding("Never stored");
    await waitFor(async () => (await processesIn(w.root)).length > 0, "the build's processes");
    abort.abort();
    expect(await building).toContain("build was abandoned");
    expect(await processesIn(w.root)).toEqual([]);
    expect(ended).toBe(1);
    expect(w.events.at(-1)).toMatchObject({
      type: "build-finish",
      status: "stopped",
      buildId: null,
    });
    expect(w.events).not.toContainEqual(
      expect.objectContaining({ type: "build-step", step: "save" }),
    );

    expect(await countBuilds(app.id)).toBe(1);
    const status = await c.builds.status.query({ workspaceId, appId: app.id });
    expect(status.current?.id).toBe(good.buildId!);
    expect(status.latest?.id).toBe(good.buildId!);
    const page = await fetch(new URL(status.current!.previewUrl, world.server.url));
    expect(page.status).toBe(200);
    expect(
      (await c.builds.file.query({ workspaceId, appId: app.id, path: "src/App.tsx" })).content,
    ).toBe(APP("Kept"));
  });

  test("a stop that commits before the build's save wins: the save is refused in its transaction", async () => {
    const { c, workspaceId, app, scope } = await scene("Racer");
    const run = await c.runs.create.mutate({ workspaceId, appId: app.id, prompt: "Build a list" });
    await c.runs.stop.mutate({ workspaceId, runId: run.id });
    // The worker has not noticed the stop (no signal): only the run row says so.
    const w = await builds.worker(scope, "w1", { runId: run.id });
    await writeFile(w.file("src/App.tsx"), APP("Late"));
    const outcome = await w.build("Raced the stop");
    expect(outcome).toMatchObject({ status: "stopped", buildId: null, snapshotId: null });
    expect(await countBuilds(app.id)).toBe(0);
    const status = await c.builds.status.query({ workspaceId, appId: app.id });
    expect(status.current).toBeNull();
    // A broken build of a stopped run is not stored either.
    await writeFile(w.file("src/App.tsx"), "export default function App( {");
    expect((await w.build()).status).toBe("stopped");
    expect(await countBuilds(app.id)).toBe(0);
  });
});

describe("add_dependency", () => {
  test("an allowed package is linked, recorded in package.json and survives rehydration", async () => {
    const { scope } = await scene("Adder");
    const w = await builds.worker(scope, "dep-a");
    const said = await w.services.addDependency("@tanstack/react-query");
    expect(said).toContain("@tanstack/react-query@");
    const pkg = JSON.parse(await readFile(w.file("package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies)).toContain("@tanstack/react-query");
    await writeFile(
      w.file("src/App.tsx"),
      `import { QueryClient } from "@tanstack/react-query";\nconst client = new QueryClient();\nexport default function App() { return <main>{String(Boolean(client))}</main>; }\n`,
    );
    expect((await w.build()).status).toBe("succeeded");
    const other = await builds.worker(scope, "dep-b");
    expect((await other.build()).status).toBe("succeeded");
  });

  test("anything off the allowlist, or not a package name, is refused and changes nothing", async () => {
    const { scope } = await scene("Refuser");
    const w = await builds.worker(scope);
    const before = await readFile(w.file("package.json"), "utf8");
    const names = ["left-pad", "react; rm -rf /", "lodash@4", "--global", "../x", "constructor"];
    for (const name of [...names, "toString", "hasOwnProperty", "valueOf"]) {
      const err = await w.services.addDependency(name).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ToolInputError);
    }
    expect(
      String(await w.services.addDependency("left-pad").catch((e: Error) => e.message)),
    ).toContain("not on this workspace's list of allowed packages");
    expect(await readFile(w.file("package.json"), "utf8")).toBe(before);
  });
});

describe("builds API", () => {
  test("status, files and file before any build; bad input", async () => {
    const { c, workspaceId, app } = await scene("Empty");
    expect(await c.builds.status.query({ workspaceId, appId: app.id })).toEqual({
      current: null,
      latest: null,
    });
    expect(await c.builds.files.query({ workspaceId, appId: app.id })).toMatchObject({
      snapshotId: null,
      files: [],
    });
    expect(
      await failure(c.builds.file.query({ workspaceId, appId: app.id, path: "src/App.tsx" })),
    ).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await failure(c.builds.status.query({ workspaceId, appId: "nope" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(
      await failure(
        c.builds.files.query({ workspaceId, appId: app.id, snapshotId: crypto.randomUUID() }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  test("preview links are signed per build and workspace", async () => {
    const { c, workspaceId, app, scope } = await scene("Signer");
    const w = await builds.worker(scope);
    await w.build();
    const { current } = await c.builds.status.query({ workspaceId, appId: app.id });
    const url = new URL(current!.previewUrl, world.server.url);
    expect((await fetch(url)).status).toBe(200);
    const [, , ws, build, token] = url.pathname.split("/");
    const tampered = [
      `/preview/${ws}/${build}/${token!.replace(/.$/, (ch) => (ch === "A" ? "B" : "A"))}/`,
      `/preview/${ws}/${crypto.randomUUID()}/${token}/`,
      `/preview/${crypto.randomUUID()}/${build}/${token}/`,
      `/preview/${ws}/${build}/${token!.replace(/^\d+/, "1000")}/`,
      `/preview/${ws}/${build}/${token!.replace(/\.[0-9a-f-]{36}\./, `.${crypto.randomUUID()}.`)}/`,
    ];
    for (const path of tampered) {
      const res = await fetch(new URL(path, world.server.url));
      expect(res.status).toBe(404);
      expect(res.headers.get("content-security-policy")).toContain("sandbox");
    }
    expect(
      (await fetch(new URL(`${current!.previewUrl}assets/none.js`, world.server.url))).status,
    ).toBe(404);
  });

  test("a preview link stops working when its member is removed or its session signs out", async () => {
    const { c, workspaceId, app, scope } = await scene("Revoker");
    const w = await builds.worker(scope);
    await w.build();
    const viewer = await world.member(workspaceId, "member", "Link Holder");
    const leaver = await world.member(workspaceId, "member", "Signs Out");
    for (const who of [viewer, leaver])
      await addCollaborator(c, { workspaceId, appId: app.id }, who.userId);
    const linkOf = async (who: typeof viewer.c) =>
      new URL(
        (await who.builds.status.query({ workspaceId, appId: app.id })).current!.previewUrl,
        world.server.url,
      );
    const [viewerLink, leaverLink, ownerLink] = await Promise.all([
      linkOf(viewer.c),
      linkOf(leaver.c),
      linkOf(c),
    ]);
    for (const url of [viewerLink, leaverLink, ownerLink])
      expect((await fetch(url)).status).toBe(200);

    await c.members.remove.mutate({ workspaceId, userId: viewer.userId });
    await leaver.c.auth.signOut.mutate();
    for (const url of [viewerLink, leaverLink]) {
      const res = await fetch(url);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-security-policy")).toContain("sandbox");
    }
    expect((await fetch(ownerLink)).status).toBe(200);
  });

  test("with a separate preview origin, links point there and each side allows the other to frame it", async () => {
    const server = startServer(world.db, {
      previewOrigin: "https://preview.example.test",
      publicUrl: "https://second.example.test",
    });
    try {
      const c = client(server.url);
      const user = await c.auth.onboard.mutate({ displayName: "Origin Tester" });
      const ws = await c.workspaces.create.mutate({ name: "Origins" });
      const app = await c.apps.create.mutate({ workspaceId: ws.id, name: "Split origin" });
      const w = await builds.worker({ workspaceId: ws.id, appId: app.id, userId: user.id });
      await w.build();
      const { current } = await c.builds.status.query({ workspaceId: ws.id, appId: app.id });
      expect(current!.previewUrl).toStartWith(`https://preview.example.test/preview/${ws.id}/`);
      const page = await fetch(`${server.url}/`);
      expect(page.headers.get("content-security-policy")).toContain(
        "frame-src 'self' https://preview.example.test",
      );
      const preview = await fetch(`${server.url}${new URL(current!.previewUrl).pathname}`);
      expect(preview.status).toBe(200);
      expect(preview.headers.get("content-security-policy")).toContain(
        "frame-ancestors 'self' https://second.example.test",
      );
    } finally {
      await server.close();
    }
  });

  test("the source downloads as a zip for members only", async () => {
    const { c, workspaceId, app, scope } = await scene("Exporter");
    const url = `${world.server.url}/api/workspaces/${workspaceId}/apps/${app.id}/source.zip`;
    const before = await c.fetch(url);
    expect(before.status).toBe(409);
    const w = await builds.worker(scope);
    await writeFile(w.file("src/App.tsx"), APP("Zipped"));
    await w.build();
    const res = await c.fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const { unzipSync, strFromU8 } = await import("fflate");
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const app_tsx = Object.keys(entries).find((k) => k.endsWith("/src/App.tsx"))!;
    expect(strFromU8(entries[app_tsx]!)).toBe(APP("Zipped"));
    const stranger = await world.person("Stranger", "Elsewhere");
    expect((await stranger.c.fetch(url)).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);
    const malformed = `${world.server.url}/api/workspaces/not-a-uuid/apps/${app.id}/source.zip`;
    expect((await c.fetch(malformed)).status).toBe(404);
  });

  test("a cross-site request for the source is refused and records nothing", async () => {
    const { c, workspaceId, app, scope } = await scene("Victim");
    const w = await builds.worker(scope);
    await w.build();
    const url = `${world.server.url}/api/workspaces/${workspaceId}/apps/${app.id}/source.zip`;
    const exports = () =>
      owner(async (sql) => {
        const [row] = await sql<{ n: number }[]>`
          select count(*)::int as n from audit_events
          where workspace_id = ${workspaceId} and action = 'app.exported'`;
        return row!.n;
      });
    const get = (headers: Record<string, string>) => c.fetch(url, { headers });
    const crossSite: Record<string, string>[] = [
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "same-site", origin: "https://sub.127.0.0.1.example" },
      { origin: "https://evil.example" },
    ];
    for (const headers of crossSite) {
      const refused = await get(headers);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({
        error: { code: "FORBIDDEN", message: "Cross-site request refused." },
      });
    }
    expect(await exports()).toBe(0);
    expect((await get({ "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await get({ "sec-fetch-site": "none" })).status).toBe(200);
    expect((await get({})).status).toBe(200);
    expect(await exports()).toBe(3);
    // A preview's own requests come from its sandbox (an opaque origin): its signed link is the
    // capability, so the cross-site rule does not apply to it.
    const { current } = await c.builds.status.query({ workspaceId, appId: app.id });
    const preview = await fetch(new URL(current!.previewUrl, world.server.url), {
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(preview.status).toBe(200);
  });
});
