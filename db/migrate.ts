import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

export const MIGRATIONS_DIR = path.resolve(import.meta.dir, "../migrations");

/** Runs the SQL migrations as the owner role, and sets the runtime role's password when given. */
export async function migrateDatabase(ownerUrl: string, opts: { appPassword?: string } = {}) {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_DIR });
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
