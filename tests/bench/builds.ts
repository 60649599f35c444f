// The build path: a plain `vite build` of the template (baseline), done_building → preview served
// on a warm worker, and prompt → first preview with the offline builder, all in the same run.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase } from "../../db/client";
import { createLogger } from "../../src/log";
import { LiveNotifier } from "../../src/realtime/hub";
import { viteBuild } from "../../worker/build/check";
import { AppDeps, TEMPLATE_DIR } from "../../worker/build/deps";
import { buildAndSave } from "../../worker/build/service";
import { prepareAppWorkspace, writePlatformFiles } from "../../worker/build/workspace";
import { createWorker } from "../../worker/create";
import { generateApp } from "../../worker/offline/codegen";
import { deriveSpec } from "../../worker/offline/spec";
import type { TestDatabase } from "../support/db";
import { watchRun } from "../support/run-watch";
import { client, testConfig } from "../support/server";
import { percentile, spawnServer } from "./lib";

const stats = (samples: number[]) => ({
  p50: Math.round(percentile(samples, 50)),
  max: Math.round(Math.max(...samples)),
  n: samples.length,
});

/** Baseline: `vite build` of the bare template with the platform's config, nothing else. */
export async function benchTemplateBuild(rounds: number) {
  const dir = await mkdtemp(path.join(tmpdir(), "second-bench-tpl-"));
  try {
    const deps = new AppDeps(path.join(dir, "deps"));
    await deps.setup();
    const root = path.join(dir, "app");
    await cp(TEMPLATE_DIR, root, { recursive: true });
    await writePlatformFiles(root, deps);
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const result = await viteBuild(root, path.join(dir, `out-${i}`));
      if (!result.ok) throw new Error(`template build failed: ${JSON.stringify(result.problems)}`);
      samples.push(result.ms);
    }
    return stats(samples);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** done_building of a generated app on a warm worker, until the preview answers with its script. */
export async function benchDoneBuilding(db: TestDatabase, rounds: number) {
  const dir = await mkdtemp(path.join(tmpdir(), "second-bench-build-"));
  const server = await spawnServer(db, { LOG_LEVEL: "warn" });
  const database = createDatabase(db.appUrl, { max: 3 });
  const notifier = new LiveNotifier(database.sql, null, createLogger("silent", "bench"));
  try {
    const c = client(server.url);
    const user = await c.auth.onboard.mutate({ displayName: "Bench Builder" });
    const ws = await c.workspaces.create.mutate({ name: "Bench builds" });
    const app = await c.apps.create.mutate({ workspaceId: ws.id, name: "Bench CRM" });
    const deps = new AppDeps(path.join(dir, "deps"));
    await deps.setup();
    const scope = { workspaceId: ws.id, appId: app.id };
    const { root } = await prepareAppWorkspace(
      { db: database, deps, workspacesDir: path.join(dir, "ws") },
      scope,
    );
    for (const f of generateApp(deriveSpec(["A CRM for companies, contacts and deals"]))) {
      await mkdir(path.dirname(path.join(root, f.path)), { recursive: true });
      await writeFile(path.join(root, f.path), f.content);
    }
    const ctx = {
      db: database,
      deps,
      notifier,
      ...scope,
      runId: null,
      userId: user.id,
      root,
      emit: () => {},
    };
    const cold = await buildAndSave(ctx, "cold");
    if (cold.status !== "succeeded") throw new Error(JSON.stringify(cold.problems));
    const samples: number[] = [];
    const phases = { typecheck: [] as number[], bundle: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      await writeFile(path.join(root, "src/bench-marker.ts"), `export const round = ${i};\n`);
      const t0 = performance.now();
      const outcome = await buildAndSave(ctx, `round ${i}`);
      const status = await c.builds.status.query({ workspaceId: ws.id, appId: app.id });
      const url = new URL(status.current!.previewUrl, server.url);
      const html = await (await fetch(url)).text();
      const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
      await (await fetch(new URL(script!, url))).arrayBuffer();
      samples.push(performance.now() - t0);
      phases.typecheck.push(outcome.ms.typecheck);
      phases.bundle.push(outcome.ms.build);
    }
    return {
      ...stats(samples),
      typecheckP50: Math.round(percentile(phases.typecheck, 50)),
      bundleP50: Math.round(percentile(phases.bundle, 50)),
    };
  } finally {
    notifier.close();
    await database.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Prompt → first preview with the offline builder: a real server process and worker. The plan
 * card is approved as soon as it shows, so the figure is the machine's time, not the user's.
 */
export async function benchPromptToPreview(db: TestDatabase, prompts: string[]) {
  const dir = await mkdtemp(path.join(tmpdir(), "second-bench-p2p-"));
  const server = await spawnServer(db, { LOG_LEVEL: "warn" });
  const worker = createWorker(
    testConfig(db, {
      workspacesDir: path.join(dir, "ws"),
      appDepsDir: path.join(dir, "deps"),
      logLevel: "warn",
    }),
  );
  try {
    await worker.ready();
    const c = client(server.url);
    await c.auth.onboard.mutate({ displayName: "Bench Prompter" });
    const ws = await c.workspaces.create.mutate({ name: "Bench prompts" });
    const samples: number[] = [];
    for (const [i, prompt] of prompts.entries()) {
      const app = await c.apps.create.mutate({ workspaceId: ws.id, name: `Prompt app ${i}` });
      const t0 = performance.now();
      const run = await c.runs.create.mutate({ workspaceId: ws.id, appId: app.id, prompt });
      const w = watchRun(c, { workspaceId: ws.id, runId: run.id });
      await w.untilStatus("awaiting_approval");
      await c.runs.respond.mutate({ workspaceId: ws.id, runId: run.id, approve: true });
      await w.untilStatus("completed");
      w.close();
      const status = await c.builds.status.query({ workspaceId: ws.id, appId: app.id });
      if (!status.current)
        throw new Error(`no preview for "${prompt}": ${JSON.stringify(status.latest?.problems)}`);
      const res = await fetch(new URL(status.current.previewUrl, server.url));
      await res.arrayBuffer();
      samples.push(performance.now() - t0);
    }
    return stats(samples);
  } finally {
    await worker.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
