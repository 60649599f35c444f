import path from "node:path";
import { runMigrations } from "bullmq";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import pg from "pg";
import postgres from "postgres";
import { APP_GROUP, installationRoles, QUEUE_GROUP } from "../src/config";
import { ensureGroupRoles, type InstallationRoles, provisionInstallation } from "./roles";

export const MIGRATIONS_DIR = path.resolve(import.meta.dir, "../migrations");

/**
 * Runs the SQL migrations as the owner role and gives the installation its login roles (named
 * after the database unless given); a password is set only on roles the migrator owns.
 */
export async function migrateDatabase(
  ownerUrl: string,
  opts: { appPassword?: string; roles?: InstallationRoles } = {},
) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_DIR });
    await ensureGroupRoles(sql);
    await migrateQueueSchema(ownerUrl);
    await provisionInstallation(sql, opts.roles ?? installationRoles(ownerUrl), opts.appPassword);
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
 * BullMQ's PostgreSQL backend keeps its tables in the `bullmq` schema: created as the owner and
 * usable only by the queue role, so a tenant connection can neither read nor alter jobs.
 */
async function migrateQueueSchema(ownerUrl: string) {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await runMigrations(client, "bullmq");
    await client.query(`
      revoke all on schema bullmq from public, ${APP_GROUP};
      revoke all on all tables in schema bullmq from public, ${APP_GROUP};
      revoke all on all sequences in schema bullmq from public, ${APP_GROUP};
      revoke all on all functions in schema bullmq from public, ${APP_GROUP};
      grant usage on schema bullmq to ${QUEUE_GROUP};
      grant select, insert, update, delete on all tables in schema bullmq to ${QUEUE_GROUP};
      grant usage, select, update on all sequences in schema bullmq to ${QUEUE_GROUP};
      grant execute on all functions in schema bullmq to ${QUEUE_GROUP};`);
  } finally {
    await client.end();
  }
}
