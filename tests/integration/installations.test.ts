import { afterAll, describe, expect, test } from "bun:test";
import postgres from "postgres";
import { ensureDatabase, migrateDatabase } from "../../db/migrate";
import { installationRoles } from "../../src/config";
import { dbError, dropDatabase, urlFor } from "../support/db";
import { setupWorld } from "../support/world";

// Several installations share one PostgreSQL cluster: each gets its own login roles, and the
// queue backend's tables are out of the tenant connection's reach.
const world = setupWorld();
const run = process.env.SECOND_TEST_RUN ?? `${process.pid}`;
const made: string[] = [];

afterAll(async () => {
  for (const name of made) await dropDatabase(name);
});

const owner = () => postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });

async function passwordOf(sql: postgres.Sql, role: string): Promise<string | null> {
  const [row] = await sql<{ pw: string | null }[]>`
    select rolpassword as pw from pg_authid where rolname = ${role}`;
  return row?.pw ?? null;
}

async function install(suffix: string, password?: string) {
  const name = `second_inst_${run}_${suffix}${Date.now().toString(36)}`;
  made.push(name);
  await ensureDatabase(urlFor(name));
  await migrateDatabase(urlFor(name), { appPassword: password });
  return { name, roles: installationRoles(urlFor(name)) };
}

describe("installations on one cluster", () => {
  test("each installation gets its own roles, and migrating one never changes another's password", async () => {
    const sql = owner();
    try {
      const a = await install("a", "password-a");
      const before = await passwordOf(sql, a.roles.app);
      expect(before).toStartWith("SCRAM-SHA-256$");
      const b = await install("b", "password-b");
      expect(b.roles.app).not.toBe(a.roles.app);
      expect(await passwordOf(sql, b.roles.app)).not.toBeNull();
      expect(await passwordOf(sql, a.roles.app)).toBe(before);
      // Installation A's runtime role cannot even connect to B's database.
      const cross = postgres(urlFor(b.name, a.roles.app), { max: 1, onnotice: () => {} });
      expect(await dbError(cross`select 1`)).toMatch(/permission denied for database/);
      await cross.end();
    } finally {
      await sql.end();
    }
  }, 60_000);

  test("a role the migrator did not create keeps its password", async () => {
    const sql = owner();
    const role = `second_dba_${run}_${Date.now().toString(36)}`;
    try {
      await sql.unsafe(`create role ${role} login password 'set-by-the-dba'`);
      const before = await passwordOf(sql, role);
      const name = `second_inst_${run}_dba${Date.now().toString(36)}`;
      made.push(name);
      await ensureDatabase(urlFor(name));
      await migrateDatabase(urlFor(name), {
        appPassword: "migrator-password",
        roles: { app: role, queue: installationRoles(urlFor(name)).queue },
      });
      expect(await passwordOf(sql, role)).toBe(before);
      // It still gets the runtime grants, through the group.
      const app = postgres(urlFor(name, role), { max: 1, onnotice: () => {} });
      const [n] = await app<{ n: number }[]>`select count(*)::int as n from workspaces`;
      expect(n?.n).toBe(0);
      await app.end();
      await dropDatabase(name);
    } finally {
      await sql.unsafe(`drop role if exists ${role}`);
      await sql.end();
    }
  }, 60_000);

  test("the runtime role cannot touch the queue's tables, and the queue role cannot touch tenant tables", async () => {
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    const app = postgres(world.db.appUrl, { max: 1, onnotice: () => {} });
    const queue = postgres(world.db.queueUrl, { max: 1, onnotice: () => {} });
    try {
      const tables = await sql<{ name: string }[]>`
        select tablename as name from pg_tables where schemaname = 'bullmq' order by 1`;
      expect(tables.length).toBeGreaterThan(0);
      for (const t of tables) {
        expect(await dbError(app.unsafe(`select * from bullmq.${t.name} limit 1`))).toMatch(
          /permission denied for schema bullmq/,
        );
        await queue.unsafe(`select * from bullmq.${t.name} limit 1`);
      }
      for (const table of ["workspaces", "users", "audit_events", "app_documents"]) {
        expect(await dbError(queue.unsafe(`select * from ${table} limit 1`))).toMatch(
          /permission denied for table/,
        );
      }
    } finally {
      await Promise.all([sql.end(), app.end(), queue.end()]);
    }
  });
});
