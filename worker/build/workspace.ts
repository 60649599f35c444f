import { cp, mkdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { latestSnapshot, readBlobs } from "../../src/builds/store";
import {
  type AppDeps,
  allowedPackage,
  PLATFORM_ROOT,
  TEMPLATE_DIR,
  templatePackageJson,
} from "./deps";
import { isSnapshotPath } from "./sources";

/** Files the platform writes into every workspace on every preparation; the agent can't change them. */
export const PLATFORM_FILES = [
  "package.json",
  "tsconfig.json",
  "vite.config.ts",
  "src/second/sdk.ts",
  "src/second/protocol.ts",
] as const;

const STATE_FILE = ".second/state.json";

interface WorkspaceState {
  /** The snapshot this folder was last rehydrated from or saved as. */
  snapshotId: string | null;
}

export interface PreparedWorkspace {
  root: string;
  /** Where its files came from this time: kept as they were, the latest snapshot, or the template. */
  origin: "kept" | "snapshot" | "template";
  snapshotId: string | null;
}

export interface WorkspaceDeps {
  db: Database;
  deps: AppDeps;
  workspacesDir: string;
}

export function workspaceRoot(workspacesDir: string, appId: string) {
  return path.resolve(workspacesDir, appId);
}

/**
 * The app's workspace on this worker, ready to build: kept when it holds the latest snapshot,
 * else rebuilt from that snapshot, else from the template. So any worker can take any run.
 */
export async function prepareAppWorkspace(
  { db, deps, workspacesDir }: WorkspaceDeps,
  scope: { workspaceId: string; appId: string },
): Promise<PreparedWorkspace> {
  const root = workspaceRoot(workspacesDir, scope.appId);
  const latest = await withTenant(db.db, scope, (tx) =>
    latestSnapshot(tx, scope.workspaceId, scope.appId),
  );
  const state = await readState(root);
  let origin: PreparedWorkspace["origin"] = "kept";
  if (!state || state.snapshotId !== (latest?.id ?? null)) {
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    if (!latest) {
      await cp(TEMPLATE_DIR, root, {
        recursive: true,
        filter: (src) => !src.split(path.sep).includes("node_modules"),
      });
      origin = "template";
    } else {
      const blobs = await withTenant(db.db, scope, (tx) =>
        readBlobs(
          tx,
          scope.workspaceId,
          latest.files.map((f) => f.hash),
        ),
      );
      for (const file of latest.files) {
        if (!isSnapshotPath(file.path) || path.posix.normalize(file.path).startsWith(".."))
          continue;
        const content = blobs.get(file.hash);
        if (!content)
          throw new Error(`Snapshot ${latest.id} is missing the content of ${file.path}.`);
        await mkdir(path.dirname(path.join(root, file.path)), { recursive: true });
        await writeFile(path.join(root, file.path), content);
      }
      origin = "snapshot";
    }
    await writeState(root, { snapshotId: latest?.id ?? null });
  }
  await writePlatformFiles(root, deps);
  return { root, origin, snapshotId: latest?.id ?? null };
}

/** Records that the folder now matches a snapshot it just saved. */
export function markSaved(root: string, snapshotId: string) {
  return writeState(root, { snapshotId });
}

/** The platform's build files, the SDK and the shared node_modules link, always current. */
export async function writePlatformFiles(root: string, deps: AppDeps) {
  await mkdir(path.join(root, "src/second"), { recursive: true });
  for (const file of ["tsconfig.json", "vite.config.ts"]) {
    await cp(path.join(TEMPLATE_DIR, file), path.join(root, file));
  }
  await cp(path.join(PLATFORM_ROOT, "src/sdk/second-sdk.ts"), path.join(root, "src/second/sdk.ts"));
  await cp(
    path.join(PLATFORM_ROOT, "src/sdk/protocol.ts"),
    path.join(root, "src/second/protocol.ts"),
  );
  const added = await addedDependencies(root);
  for (const name of Object.keys(added)) await deps.add(name);
  await writeAppPackageJson(root, added);
  const link = path.join(root, "node_modules");
  if ((await readlink(link).catch(() => null)) !== deps.modules) {
    await rm(link, { recursive: true, force: true });
    await symlink(deps.modules, link, "dir");
  }
}

/** Allowed packages the app added on top of the template, from its package.json. */
export async function addedDependencies(root: string): Promise<Record<string, string>> {
  const template = await templatePackageJson();
  let pkg: { dependencies?: Record<string, string> };
  try {
    pkg = JSON.parse(await readFile(path.join(root, "package.json"), "utf8"));
  } catch {
    return {};
  }
  const added: Record<string, string> = {};
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    const allowed = allowedPackage(name);
    if (allowed && !template.dependencies?.[name] && !template.devDependencies?.[name]) {
      added[name] = allowed.range;
    }
  }
  return added;
}

export async function writeAppPackageJson(root: string, added: Record<string, string>) {
  const template = await templatePackageJson();
  const pkg = { ...template, dependencies: sortKeys({ ...template.dependencies, ...added }) };
  await writeFile(path.join(root, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
}

async function readState(root: string): Promise<WorkspaceState | null> {
  try {
    return JSON.parse(await readFile(path.join(root, STATE_FILE), "utf8")) as WorkspaceState;
  } catch {
    return null;
  }
}

async function writeState(root: string, state: WorkspaceState) {
  await mkdir(path.join(root, ".second"), { recursive: true });
  await writeFile(path.join(root, STATE_FILE), JSON.stringify(state));
}

const sortKeys = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
