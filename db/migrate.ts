import path from "node:path";
import { runMigrations } from "bullmq";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import pg from "pg";
import postgres from "postgres";

export const MIGRATIONS_DIR = path.resolve(import.meta.dir, "../migrations");

/** Runs the SQL migrations as the owner role, and sets the runtime role's password when given. */
export async function migrateDatabase(ownerUrl: string, opts: { appPassword?: string } = {}) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_DIR });
    await migrateQueueSchema(ownerUrl);
    if (opts.appPassword) {
      await sql.unsafe(
        `alter role second_app password '${opts.appPassword.replaceAll("'", "''")}'`,
      );
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates the database named in the URL when it is missing (local development only). */
export async function ensureDatabase(ownerUrl: string) {
  const url = new URL(ownerUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = "/postgres";
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as ok from pg_database where datname = ${name}`;
    if (!row) await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * BullMQ's PostgreSQL backend keeps its tables in the `bullmq` schema: create them as the owner and
 * let the runtime role use them, so no process but the migrator needs owner credentials.
 */
async function migrateQueueSchema(ownerUrl: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await runMigrations(client, "bullmq");
    await client.query(`
      grant usage on schema bullmq to second_app;
      grant select, insert, update, delete on all tables in schema bullmq to second_app;
      grant usage, select, update on all sequences in schema bullmq to second_app;
      grant execute on all functions in schema bullmq to second_app;`);
  } finally {
    await client.end();
  }
}
