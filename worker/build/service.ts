import { access, rm } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../../db/client";
import type { BuildProblem } from "../../db/schema/builds";
import { type Tx, withTenant } from "../../db/tenant";
import { markApprovalStale } from "../../src/agents/approvals";
import { canonicalAgents } from "../../src/agents/canonical";
import type { AgentsSummary } from "../../src/agents/summary";
import { recordAudit } from "../../src/audit/record";
import { insertBuild, insertSnapshot, manifest, putBlobs } from "../../src/builds/store";
import { type DataMigration, type MigrationResult, migrateDocuments } from "../../src/data/migrate";
import { auditRuleChanges, scopeCollections } from "../../src/data/rules";
import { ServiceError } from "../../src/errors";
import { type OauthRevokeDeps, revokeConnections } from "../../src/integrations/oauth";
import { syncIntegrationGrants } from "../../src/integrations/sync";
import { supersedePendingReview } from "../../src/publishing/reviews";
import type { LiveNotifier } from "../../src/realtime/hub";
import { stopRequestedLocked } from "../../src/runs/stop-gate";
import { AGENTS_FILE, agentCollectionProblems, parseAgentsFile } from "../../src/sdk/agents";
import { COLLECTIONS_FILE, parseCollectionsFile } from "../../src/sdk/collections";
import {
  INTEGRATION_SETUP_FILE,
  integrationSetupProblems,
  parseIntegrationSetupFile,
} from "../../src/sdk/integration-setup";
import type { BuildStep, RunEmitter } from "../agent/events";
import { ToolInputError } from "../workspace/paths";
import { reviewAgents } from "./agents-review";
import { auditBuild, builderActor } from "./audit";
import { formatProblems, typecheck, viteBuild } from "./check";
import type { AppDeps } from "./deps";
import { describeIntegrationKeys } from "./integration-keys";
import { BUILD_LIMITS, ENTRY_FILES } from "./limits";
import {
  collectFiles,
  collectSources,
  manifestHash,
  type SourceFile,
  SourceLimitError,
} from "./sources";
import { addedDependencies, markSaved, writeAppPackageJson } from "./workspace";

/** What the build tools reach on the worker; tests of the agent loop run without it. */
export interface BuildServices {
  /** Type-checks, builds and saves the app; returns the model's message, throws ToolInputError on failure. */
  doneBuilding(summary: string): Promise<string>;
  addDependency(name: string): Promise<string>;
  /** The current build's agents.json as the present_agents card shows it; ToolInputError if none. */
  reviewAgents?(): Promise<AgentsSummary>;
  /** Moves the app's draft records after renames and type changes; returns what moved. */
  migrateData?(operations: DataMigration[]): Promise<string>;
  /** list_app_integration_keys: the app's grants and their states, names only. */
  integrationKeys?(service?: string): Promise<string>;
}

export interface BuildContext {
  db: Database;
  deps: AppDeps;
  notifier: LiveNotifier;
  /** How to revoke the OAuth connections of grants a build removes (without it, they are only deleted). */
  oauthRevoke?: OauthRevokeDeps;
  /** Called after audit rows are written, so they get sealed. */
  audited?: (workspaceId: string) => void;
  workspaceId: string;
  appId: string;
  runId: string | null;
  /** The user the run acts for. */
  userId: string | null;
  root: string;
  emit: RunEmitter;
  /** Rebuilds a lost workspace folder from the latest snapshot (or the template). */
  restore?: () => Promise<void>;
  /** The run's stop: aborting kills the build's child processes and abandons the build. */
  signal?: AbortSignal;
  /** Ends the run; called when the build was abandoned because the run was stopped. */
  stop?: () => void;
  /** Called once a saved build has made the app's agents approval stale (schedules to retire). */
  approvalStale?: (target: { workspaceId: string; appId: string }) => Promise<void>;
}

/** The run was stopped before the build was stored: nothing of it is kept. */
class BuildStopped extends Error {}

export interface BuildOutcome {
  status: "succeeded" | "failed" | "stopped";
  /** Null when the run was stopped: an abandoned build leaves no row. */
  buildId: string | null;
  snapshotId: string | null;
  problems: BuildProblem[];
  fileCount: number;
  newBlobs: number;
  ms: { typecheck: number; build: number; total: number };
}

export function createBuildServices(ctx: BuildContext): BuildServices {
  return {
    async doneBuilding(summary) {
      const outcome = await buildAndSave(ctx, summary);
      if (outcome.status === "stopped") {
        return "The run was stopped, so this build was abandoned; the preview still shows the last good version.";
      }
      if (outcome.status === "failed") {
        throw new ToolInputError(
          `The app did not build, so the preview still shows the last good version. Fix these problems, then call done_building again:\n\n${formatProblems(outcome.problems)}`,
        );
      }
      const seconds = (outcome.ms.total / 1000).toFixed(1);
      return `Built and saved in ${seconds} s (${outcome.fileCount} source files, ${outcome.newBlobs} new or changed). The preview now shows this version.`;
    },
    async migrateData(operations) {
      if (!ctx.userId) throw new ToolInputError("Migrating data needs the person the run is for.");
      const actor = builderActor({
        workspaceId: ctx.workspaceId,
        appId: ctx.appId,
        runId: ctx.runId,
        userId: ctx.userId,
      });
      const scope = { workspaceId: ctx.workspaceId, userId: ctx.userId };
      let result: MigrationResult;
      try {
        result = await withTenant(ctx.db.db, scope, (tx) =>
          migrateDocuments({ tx, actor }, ctx.appId, operations),
        );
      } catch (err) {
        if (err instanceof ServiceError) throw new ToolInputError(err.message);
        throw err;
      }
      ctx.audited?.(ctx.workspaceId);
      return migrationSummary(result);
    },
    async addDependency(name) {
      const added = await ctx.deps.add(name);
      const current = await addedDependencies(ctx.root);
      await writeAppPackageJson(ctx.root, { ...current, [added.name]: added.range });
      return `${added.name}@${added.range} is available to the app${added.installed ? " (installed into the shared cache)" : ""}; import it from "${added.name}".`;
    },
    reviewAgents: () => reviewAgents(ctx),
    integrationKeys: (service) => describeIntegrationKeys(ctx, service),
  };
}

/** "Moved 3 records, renamed 5 values, converted 2; 1 kept as typed." */
export function migrationSummary(r: MigrationResult): string {
  const parts = [
    r.moved > 0
      ? `moved ${r.moved} record${r.moved === 1 ? "" : "s"} to the renamed collection`
      : "",
    r.renamed > 0 ? `moved ${r.renamed} value${r.renamed === 1 ? "" : "s"} to renamed fields` : "",
    r.converted > 0
      ? `converted ${r.converted} value${r.converted === 1 ? "" : "s"} to the new types`
      : "",
    r.kept > 0
      ? `kept ${r.kept} value${r.kept === 1 ? "" : "s"} as typed (they did not fit, or the field already held one)`
      : "",
  ].filter(Boolean);
  if (parts.length === 0) return "No stored records needed to change.";
  const text = parts.join("; ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** done_building: collect the source, type-check and bundle in parallel, then save both. */
export async function buildAndSave(ctx: BuildContext, summary: string): Promise<BuildOutcome> {
  const started = performance.now();
  const step = (s: BuildStep, state: "running" | "done" | "failed", ms?: number) =>
    ctx.emit({
      type: "build-step",
      step: s,
      state,
      ...(ms !== undefined && { ms: Math.round(ms) }),
    });
  const scope = { workspaceId: ctx.workspaceId, userId: ctx.userId };
  const auditScope = (userId: string) => ({
    workspaceId: ctx.workspaceId,
    appId: ctx.appId,
    runId: ctx.runId,
    userId,
  });
  const ms = { typecheck: 0, build: 0, total: 0 };

  /** Inside a transaction that stores a build: refuses once the run has been asked to stop. */
  const unlessStopped = async (tx: Tx) => {
    if (ctx.runId && (await stopRequestedLocked(tx, ctx.workspaceId, ctx.runId)))
      throw new BuildStopped();
  };
  const stopped = async (sources = 0): Promise<BuildOutcome> => {
    ms.total = performance.now() - started;
    ctx.stop?.();
    await ctx.emit({
      type: "build-finish",
      status: "stopped",
      buildId: null,
      ms: Math.round(ms.total),
      fileCount: sources,
      problems: [],
    });
    return {
      status: "stopped",
      buildId: null,
      snapshotId: null,
      problems: [],
      fileCount: sources,
      newBlobs: 0,
      ms,
    };
  };

  const fail = async (problems: BuildProblem[], sources = 0): Promise<BuildOutcome> => {
    // A step killed by the stop is not a failure of the app.
    if (ctx.signal?.aborted) return stopped(sources);
    ms.total = performance.now() - started;
    let buildId: string;
    try {
      buildId = await withTenant(ctx.db.db, scope, async (tx) => {
        await unlessStopped(tx);
        const id = await insertBuild(tx, {
          workspaceId: ctx.workspaceId,
          appId: ctx.appId,
          runId: ctx.runId,
          snapshotId: null,
          status: "failed",
          summary,
          problems: problems.slice(0, BUILD_LIMITS.maxProblems),
          artifacts: [],
          typecheckMs: Math.round(ms.typecheck),
          buildMs: Math.round(ms.build),
          totalMs: Math.round(ms.total),
        });
        if (ctx.userId)
          await auditBuild(tx, auditScope(ctx.userId), {
            action: "build.failed",
            buildId: id,
            problemCount: problems.length,
            ms: Math.round(ms.total),
          });
        return id;
      });
      if (ctx.userId) ctx.audited?.(ctx.workspaceId);
    } catch (err) {
      if (err instanceof BuildStopped) return stopped(sources);
      throw err;
    }
    ctx.notifier.changed(ctx.workspaceId);
    await ctx.emit({
      type: "build-finish",
      status: "failed",
      buildId,
      ms: Math.round(ms.total),
      fileCount: sources,
      problems: problems.slice(0, BUILD_LIMITS.maxProblems),
    });
    return {
      status: "failed",
      buildId,
      snapshotId: null,
      problems,
      fileCount: sources,
      newBlobs: 0,
      ms,
    };
  };

  if (ctx.signal?.aborted) return stopped();
  const { userId } = ctx;
  if (userId)
    await withTenant(ctx.db.db, scope, (tx) =>
      auditBuild(tx, auditScope(userId), { action: "build.started" }),
    ).then(() => ctx.audited?.(ctx.workspaceId));
  await step("collect", "running");
  if (ctx.restore && !(await exists(path.join(ctx.root, ".second")))) {
    // The folder vanished mid-run (disk cleaned, worker moved): bring back the last saved version.
    await ctx.restore();
    await step("collect", "failed");
    return fail([
      {
        source: "workspace",
        file: null,
        line: null,
        column: null,
        message:
          "The app's workspace was lost during this run and has been restored from the last saved version; changes made since then are gone. Check the files and write your changes again.",
      },
    ]);
  }
  const missing = [];
  for (const file of ENTRY_FILES) {
    if (!(await exists(path.join(ctx.root, file)))) missing.push(file);
  }
  if (missing.length > 0) {
    await step("collect", "failed");
    return fail(
      missing.map((file) => ({
        source: "workspace",
        file,
        line: null,
        column: null,
        message: `${file} is missing; the app's entry point must exist (${ENTRY_FILES.join(" loads ")}).`,
      })),
    );
  }
  let sources: SourceFile[];
  try {
    sources = await collectSources(ctx.root);
  } catch (err) {
    if (!(err instanceof SourceLimitError)) throw err;
    await step("collect", "failed");
    return fail([
      { source: "workspace", file: null, line: null, column: null, message: err.message },
    ]);
  }
  const declared = checkDeclarations(sources);
  if (declared.length > 0) {
    await step("collect", "failed");
    return fail(declared, sources.length);
  }
  await step("collect", "done", performance.now() - started);

  const outDir = path.join(ctx.root, ".second", `out-${crypto.randomUUID()}`);
  try {
    await Promise.all([step("typecheck", "running"), step("bundle", "running")]);
    const [checked, bundled] = await Promise.all([
      typecheck(ctx.root, ctx.signal).then(async (r) => {
        await step("typecheck", r.ok ? "done" : "failed", r.ms);
        return r;
      }),
      viteBuild(ctx.root, outDir, ctx.signal).then(async (r) => {
        await step("bundle", r.ok ? "done" : "failed", r.ms);
        return r;
      }),
    ]);
    ms.typecheck = checked.ms;
    ms.build = bundled.ms;
    if (ctx.signal?.aborted) return stopped(sources.length);
    if (!checked.ok || !bundled.ok) {
      return fail([...checked.problems, ...bundled.problems], sources.length);
    }
    let artifacts: SourceFile[];
    try {
      artifacts = await collectFiles(outDir, {
        maxFileBytes: BUILD_LIMITS.maxArtifactFileBytes,
        maxTotalBytes: BUILD_LIMITS.maxArtifactBytes,
        maxFiles: BUILD_LIMITS.maxSourceFiles,
        what: "built",
      });
    } catch (err) {
      if (!(err instanceof SourceLimitError)) throw err;
      return fail(
        [{ source: "build", file: null, line: null, column: null, message: err.message }],
        sources.length,
      );
    }
    if (!artifacts.some((a) => a.path === "index.html")) {
      return fail(
        [
          {
            source: "build",
            file: "index.html",
            line: null,
            column: null,
            message:
              "The build produced no index.html; keep index.html at the workspace root with a module script for src/main.tsx.",
          },
        ],
        sources.length,
      );
    }

    await step("save", "running");
    const saveStarted = performance.now();
    const saved = await withTenant(ctx.db.db, scope, async (tx) => {
      await unlessStopped(tx);
      const blobs = await putBlobs(tx, ctx.workspaceId, [...sources, ...artifacts]);
      const files = manifest(sources);
      const sourceHash = manifestHash(files);
      const snapshotId = await insertSnapshot(tx, {
        workspaceId: ctx.workspaceId,
        appId: ctx.appId,
        runId: ctx.runId,
        createdBy: ctx.userId,
        files,
        sourceHash,
      });
      ms.total = performance.now() - started;
      // The rules the current build declares, before this one becomes current.
      const rulesBefore = ctx.userId
        ? await scopeCollections(tx, builderActor(auditScope(ctx.userId)), ctx.appId, "draft")
        : null;
      const buildId = await insertBuild(tx, {
        workspaceId: ctx.workspaceId,
        appId: ctx.appId,
        runId: ctx.runId,
        snapshotId,
        status: "succeeded",
        summary,
        problems: [],
        artifacts: manifest(artifacts),
        typecheckMs: Math.round(ms.typecheck),
        buildMs: Math.round(ms.build),
        totalMs: Math.round(ms.total),
      });
      const approvalStale = await markApprovalStale(tx, {
        workspaceId: ctx.workspaceId,
        appId: ctx.appId,
        newHash: agentsHash(sources),
        auditAs: ctx.userId ? builderActor(auditScope(ctx.userId)) : null,
      });
      await supersedePendingReview(
        tx,
        { workspaceId: ctx.workspaceId, appId: ctx.appId },
        "new_build",
        ctx.userId ? builderActor(auditScope(ctx.userId)) : null,
      );
      const grants = await syncIntegrationGrants(tx, {
        workspaceId: ctx.workspaceId,
        appId: ctx.appId,
        ...integrationDeclarations(sources),
        auditAs: ctx.userId ? builderActor(auditScope(ctx.userId)) : null,
        ...(ctx.oauthRevoke ? { keys: ctx.oauthRevoke.keys } : {}),
      });
      if (ctx.userId) {
        const audit = auditScope(ctx.userId);
        const name = await auditBuild(tx, audit, {
          action: "build.succeeded",
          buildId,
          fileCount: artifacts.length,
          ms: Math.round(ms.total),
        });
        await recordAudit(tx, builderActor(audit), {
          action: "app.snapshot_saved",
          target: { type: "app", id: ctx.appId, name },
          summary: `Saved a new version of the app's source (${files.length} files) and its build.`,
          metadata: {
            snapshotId,
            buildId,
            runId: ctx.runId,
            sourceHash,
            fileCount: files.length,
            newBlobs: blobs.added,
          },
        });
        const declared = text(sources, COLLECTIONS_FILE);
        const parsed = declared === null ? null : parseCollectionsFile(declared);
        await auditRuleChanges(
          tx,
          builderActor(audit),
          { id: ctx.appId, name },
          rulesBefore,
          parsed?.ok ? parsed.file : null,
        );
      }
      return {
        snapshotId,
        buildId,
        newBlobs: blobs.added,
        approvalStale,
        revocations: grants.revocations,
      };
    }).catch((err) => {
      if (err instanceof BuildStopped) return null;
      throw err;
    });
    if (!saved) return stopped(sources.length);
    await markSaved(ctx.root, saved.snapshotId);
    ctx.notifier.changed(ctx.workspaceId);
    if (ctx.userId) ctx.audited?.(ctx.workspaceId);
    // Grants the build removed: their users' connections are revoked at the provider now that
    // the removal has committed (best effort, each outcome audited).
    if (ctx.oauthRevoke && saved.revocations.length > 0)
      await revokeConnections(
        ctx.oauthRevoke,
        builderActor(auditScope(ctx.userId ?? "00000000-0000-0000-0000-000000000000")),
        saved.revocations,
      );
    if (saved.approvalStale)
      await ctx.approvalStale?.({ workspaceId: ctx.workspaceId, appId: ctx.appId });
    await step("save", "done", performance.now() - saveStarted);
    await ctx.emit({
      type: "build-finish",
      status: "succeeded",
      buildId: saved.buildId,
      ms: Math.round(ms.total),
      fileCount: sources.length,
      problems: [],
    });
    const { approvalStale: _, ...stored } = saved;
    return { status: "succeeded", ...stored, problems: [], fileCount: sources.length, ms };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

const problem = (file: string, message: string): BuildProblem => ({
  source: "workspace",
  file,
  line: null,
  column: null,
  message,
});

/** The canonical hash of the build's agents.json (already checked valid), or null without one. */
function agentsHash(sources: readonly SourceFile[]): string | null {
  const content = text(sources, AGENTS_FILE);
  const parsed = content === null ? null : parseAgentsFile(content);
  return parsed?.ok ? canonicalAgents(parsed.file).hash : null;
}

/** The build's integration-setup.json and agents.json (both already checked valid), or null. */
function integrationDeclarations(sources: readonly SourceFile[]) {
  const setupText = text(sources, INTEGRATION_SETUP_FILE);
  const agentsText = text(sources, AGENTS_FILE);
  const setup = setupText === null ? null : parseIntegrationSetupFile(setupText);
  const agents = agentsText === null ? null : parseAgentsFile(agentsText);
  return { setup: setup?.ok ? setup.file : null, agents: agents?.ok ? agents.file : null };
}

const text = (sources: readonly SourceFile[], path: string) => {
  const file = sources.find((s) => s.path === path);
  return file ? Buffer.from(file.content).toString("utf8") : null;
};

/**
 * A malformed collections.json or agents.json fails the build: the explorer, the data service and
 * agent approval rely on them.
 */
function checkDeclarations(sources: readonly SourceFile[]): BuildProblem[] {
  const collectionsText = text(sources, COLLECTIONS_FILE);
  const collections = collectionsText === null ? null : parseCollectionsFile(collectionsText);
  if (collections && !collections.ok)
    return collections.problems.map((p) =>
      problem(
        COLLECTIONS_FILE,
        `${COLLECTIONS_FILE} is not valid — ${p}. Fix it to match the format in the instructions (version 1, collections → fields with a type).`,
      ),
    );
  const agentsText = text(sources, AGENTS_FILE);
  const agents = agentsText === null ? null : parseAgentsFile(agentsText);
  const problems = !agents
    ? []
    : agents.ok
      ? agentCollectionProblems(agents.file, collections?.ok ? collections.file : null)
      : agents.problems;
  if (problems.length > 0)
    return problems.map((p) =>
      problem(
        AGENTS_FILE,
        `${AGENTS_FILE} is not valid — ${p}. Fix it to match the format in the instructions (version 1, agents → id, name, description, systemPrompt, tools, dataCollections, triggers).`,
      ),
    );
  const setupText = text(sources, INTEGRATION_SETUP_FILE);
  if (setupText === null) return [];
  const setup = parseIntegrationSetupFile(setupText);
  const setupProblems = setup.ok
    ? agents?.ok
      ? integrationSetupProblems(agents.file, setup.file)
      : []
    : setup.problems;
  return setupProblems.map((p) =>
    problem(
      INTEGRATION_SETUP_FILE,
      `${INTEGRATION_SETUP_FILE} is not valid — ${p}. Fix it to match the format in the instructions (version 1, services → name, domain, keySlug, auth, permissionGroups, secrets, setupSteps).`,
    ),
  );
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );
