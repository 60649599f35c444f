import { afterAll, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import {
  EMBEDDED_PG_USER,
  EmbeddedPostgresError,
  startEmbeddedPostgres,
} from "../../scripts/lib/embedded-postgres";
import { reachable } from "../../scripts/lib/services";

// The folder the dev script would use, but temporary; readable by the server's user when root.
const root = mkdtempSync(path.join(tmpdir(), "second-embedded-pg-"));
chmodSync(root, 0o755);
const dir = path.join(root, "pg");
const password = "embedded-test-password-0123456789";
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freePort(): Promise<{ port: number; server: net.Server }> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      resolve({ port: (server.address() as net.AddressInfo).port, server });
    });
  });
}

test("the embedded PostgreSQL starts (as an unprivileged user of its own when root), answers and stops", async () => {
  const { port, server } = await freePort();
  await new Promise((r) => server.close(r));
  const pg = await startEmbeddedPostgres({ dir, port, password });
  const sql = postgres(pg.url.replace(/\/second$/, "/postgres"), { max: 1, onnotice: () => {} });
  try {
    const [row] =
      await sql`select current_user as "user", current_setting('server_version_num')::int as version`;
    expect(row?.user).toBe("postgres");
    expect(row?.version).toBeGreaterThanOrEqual(150000);
  } finally {
    await sql.end({ timeout: 5 });
  }
  if (process.getuid?.() === 0) {
    const owner = Bun.spawnSync(["id", "-u", EMBEDDED_PG_USER]).stdout.toString().trim();
    expect(statSync(dir).uid).toBe(Number(owner));
    expect(owner).not.toBe("0");
  }
  await pg.stop();
  expect(await reachable("127.0.0.1", port)).toBe(false);
}, 90_000);

test("a port that is taken fails with one sentence saying what to do", async () => {
  const { port, server } = await freePort();
  try {
    const started = startEmbeddedPostgres({ dir, port, password });
    await expect(started).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(started).rejects.toThrow(
      new RegExp(`did not start on port ${port} .*free that port .*DATABASE_URL`),
    );
  } finally {
    await new Promise((r) => server.close(r));
  }
}, 90_000);

test("as root where no other user is mapped (a user namespace), it still runs: as root seen as an ordinary user", async () => {
  // The reported machine: root inside a user namespace that maps uid 0 alone, so the data folder
  // cannot be handed to any other user (chown fails with EINVAL).
  const { port, server } = await freePort();
  await new Promise((r) => server.close(r));
  const script = `
    const { startEmbeddedPostgres } = await import(${JSON.stringify(path.resolve("scripts/lib/embedded-postgres.ts"))});
    const { default: postgres } = await import("postgres");
    const pg = await startEmbeddedPostgres({ dir: ${JSON.stringify(path.join(root, "ns"))}, port: ${port}, password: "x".repeat(20) });
    const sql = postgres(pg.url.replace(/\\/second$/, "/postgres"), { max: 1 });
    const [row] = await sql\`select current_user as "user"\`;
    await sql.end();
    await pg.stop();
    console.log(JSON.stringify(row));`;
  const proc = Bun.spawnSync(["unshare", "--user", "--map-root-user", "bun", "-e", script]);
  expect(proc.stderr.toString()).toBe("");
  expect(JSON.parse(proc.stdout.toString())).toEqual({ user: "postgres" });
  expect(proc.exitCode).toBe(0);
  expect(await reachable("127.0.0.1", port)).toBe(false);
}, 60_000);
