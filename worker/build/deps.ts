import { spawn } from "node:child_process";
import { mkdir, readFile, readlink, rename, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { ToolInputError } from "../workspace/paths";
import { scrubbedEnv } from "./child";

/** The platform's checkout: its node_modules holds the template's dependencies. */
export const PLATFORM_ROOT = path.resolve(import.meta.dir, "../..");
export const TEMPLATE_DIR = path.resolve(import.meta.dir, "../template");

/**
 * The npm packages an app may add, with the range the platform installs. One place, reviewed
 * like code: add_dependency installs nothing else, and never runs an arbitrary command.
 */
export const ALLOWED_PACKAGES: Readonly<Record<string, { range: string; use: string }>> = {
  "date-fns": { range: "^4.1.0", use: "date formatting and arithmetic" },
  dayjs: { range: "^1.11.0", use: "small date library" },
  recharts: { range: "^3.2.0", use: "charts" },
  "@tanstack/react-table": { range: "^8.21.0", use: "headless tables" },
  "@tanstack/react-query": { range: "^5.90.0", use: "async state" },
  "lucide-react": { range: "^1.0.0", use: "icons" },
  clsx: { range: "^2.1.0", use: "class names" },
  "tailwind-merge": { range: "^3.0.0", use: "class merging" },
  zod: { range: "^4.0.0", use: "validation" },
  nanoid: { range: "^5.1.0", use: "ids" },
  papaparse: { range: "^5.5.0", use: "CSV parsing" },
  "@types/papaparse": { range: "^5.3.0", use: "types for papaparse" },
  marked: { range: "^16.0.0", use: "markdown rendering" },
  "react-markdown": { range: "^10.1.0", use: "markdown rendering" },
  "@dnd-kit/core": { range: "^6.3.0", use: "drag and drop" },
  "@dnd-kit/sortable": { range: "^10.0.0", use: "sortable lists" },
};

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const INSTALL_TIMEOUT_MS = 120_000;

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

let templatePackage: Promise<PackageJson> | undefined;

/** The template's package.json, read once per process (the template ships with the platform). */
export function templatePackageJson(): Promise<PackageJson> {
  templatePackage ??= readFile(path.join(TEMPLATE_DIR, "package.json"), "utf8").then(JSON.parse);
  return templatePackage;
}

/** Every package the template itself depends on: linked from the platform's node_modules. */
export async function templatePackages(): Promise<string[]> {
  const pkg = await templatePackageJson();
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
}

const platformRequire = createRequire(path.join(PLATFORM_ROOT, "package.json"));

/** Where the platform has a package installed, if it does. */
function platformPackageDir(name: string): string | null {
  try {
    return path.dirname(platformRequire.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/**
 * The shared dependency folder every workspace's node_modules points at. Linking instead of
 * installing keeps the build path free of npm; a package's own dependencies resolve from its
 * real location.
 */
export class AppDeps {
  private chain: Promise<unknown> = Promise.resolve();
  readonly modules: string;
  private readonly extra: string;

  constructor(readonly dir: string) {
    this.dir = path.resolve(dir);
    this.modules = path.join(this.dir, "node_modules");
    this.extra = path.join(this.dir, "installed");
  }

  private linked: Promise<void> | null = null;

  /** Links the template's packages once per process (idempotent across processes). */
  setup(): Promise<void> {
    this.linked ??= this.linkTemplate().catch((err) => {
      this.linked = null;
      throw err;
    });
    return this.linked;
  }

  private async linkTemplate(): Promise<void> {
    await mkdir(this.modules, { recursive: true });
    for (const name of await templatePackages()) {
      const from = platformPackageDir(name);
      if (!from) throw new Error(`The platform is missing ${name}; run npm install.`);
      await this.link(name, from);
    }
  }

  has(name: string): Promise<boolean> {
    return readlink(path.join(this.modules, name)).then(
      () => true,
      () => false,
    );
  }

  /**
   * Makes an allowed package available to every app: linked from the platform when it has it,
   * else installed once into the shared folder (scripts disabled, scrubbed environment).
   */
  add(name: string): Promise<{ name: string; range: string; installed: boolean }> {
    const allowed = checkAllowed(name);
    const run = this.chain.then(async () => {
      if (await this.has(name)) return { name, range: allowed.range, installed: false };
      const local = platformPackageDir(name);
      if (local) {
        await this.link(name, local);
        return { name, range: allowed.range, installed: false };
      }
      await this.install(name, allowed.range);
      await this.link(name, path.join(this.extra, "node_modules", name));
      return { name, range: allowed.range, installed: true };
    });
    this.chain = run.catch(() => {});
    return run;
  }

  /** Points `node_modules/<name>` at `target`, atomically (a new link renamed over the old). */
  private async link(name: string, target: string) {
    const at = path.join(this.modules, name);
    if ((await readlink(at).catch(() => null)) === target) return;
    await mkdir(path.dirname(at), { recursive: true });
    const fresh = `${at}.${crypto.randomUUID()}.tmp`;
    await symlink(target, fresh, "dir");
    try {
      await rename(fresh, at);
    } catch (err) {
      // Something other than a link is in the way: replace it.
      await rm(at, { force: true, recursive: true });
      await rename(fresh, at).catch(async () => {
        await rm(fresh, { force: true });
        throw err;
      });
    }
  }

  private async install(name: string, range: string) {
    await mkdir(this.extra, { recursive: true });
    const args = ["install", "--prefix", this.extra, "--ignore-scripts", "--no-audit"];
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn("npm", [...args, "--no-fund", `${name}@${range}`], {
        cwd: this.extra,
        env: scrubbedEnv(this.extra),
        stdio: ["ignore", "pipe", "pipe"],
        timeout: INSTALL_TIMEOUT_MS,
      });
      let output = "";
      child.stdout.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("error", (err) => resolve({ code: null, output: err.message }));
      child.on("close", (code) => resolve({ code, output }));
    });
    if (result.code !== 0) {
      const tail = result.output.trim().split("\n").slice(-5).join("\n");
      throw new ToolInputError(
        `Installing ${name}@${range} failed (the package registry may be unreachable from this worker):\n${tail}`,
      );
    }
  }
}

/** The allow-list entry for a package name; names like "constructor" are not inherited entries. */
export const allowedPackage = (name: string) =>
  Object.hasOwn(ALLOWED_PACKAGES, name) ? ALLOWED_PACKAGES[name] : undefined;

export function checkAllowed(name: string): { range: string; use: string } {
  const trimmed = name.trim();
  if (!PACKAGE_NAME.test(trimmed)) {
    throw new ToolInputError(
      `"${name.slice(0, 80)}" is not an npm package name; pass just the name, like date-fns (no version, flags or commands).`,
    );
  }
  const allowed = allowedPackage(trimmed);
  if (!allowed) {
    const list = Object.entries(ALLOWED_PACKAGES)
      .map(([n, a]) => `${n} (${a.use})`)
      .join(", ");
    throw new ToolInputError(
      `${trimmed} is not on this workspace's list of allowed packages, so it cannot be installed. Allowed: ${list}. Otherwise write the code yourself.`,
    );
  }
  return allowed;
}
