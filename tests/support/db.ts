import postgres from "postgres";
import { migrateDatabase } from "../../db/migrate";
import { dropInstallationRoles, provisionInstallation } from "../../db/roles";
import { installationRoles } from "../../src/config";

export const OWNER_URL =
  process.env.SECOND_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const RUN = process.env.SECOND_TEST_RUN ?? `${process.pid}`;

export function urlFor(database: string, user?: string): string {
  const url = new URL(OWNER_URL);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user;
    url.password = "";
  }
  return url.toString();
}

function admin() {
  return postgres(OWNER_URL, { max: 1, onnotice: () => {} });
}

/** Migrates a template database once; every test file clones it (~0.1 s) instead of migrating. */
export async function createTemplate(name = `second_tpl_${RUN}`): Promise<string> {
  const sql = admin();
  try {
    await sql.unsafe(`drop database if exists ${name}`);
    await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
  await migrateDatabase(urlFor(name));
  return name;
}

/** Drops a database and its installation's login roles. */
export async function dropDatabase(name: string) {
  const sql = admin();
  try {
    await sql.unsafe(`drop database if exists ${name} with (force)`);
    await dropInstallationRoles(sql, installationRoles(urlFor(name)));
  } finally {
    await sql.end();
  }
}

/** Drops every database this run created (template and clones). */
export async function dropRunDatabases(run = RUN) {
  const sql = admin();
  try {
    const rows = await sql<{ datname: string }[]>`
      select datname from pg_database where datname like ${`second_%_${run}%`}`;
    for (const r of rows) {
      await sql.unsafe(`drop database if exists ${r.datname} with (force)`);
      await dropInstallationRoles(sql, installationRoles(urlFor(r.datname)));
    }
    // Roles of this run's databases that are already gone (a file that died before its cleanup).
    const like = (prefix: string) => `${prefix}_second_%_${run}%`.replaceAll("_", "\\_");
    const roles = await sql<{ rolname: string }[]>`
      select r.rolname from pg_roles r
      where (r.rolname like ${like("second_app")} or r.rolname like ${like("second_queue")})
        and not exists (select 1 from pg_shdepend d where d.refobjid = r.oid)`;
    for (const r of roles) await sql.unsafe(`drop role if exists "${r.rolname}"`);
  } finally {
    await sql.end();
  }
}

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  /** The installation's runtime role (tenant tables only). */
  appUrl: string;
  /** The installation's queue role (the `bullmq` schema only). */
  queueUrl: string;
  drop(): Promise<void>;
}

let counter = 0;

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.SECOND_TEST_TEMPLATE;
  if (!template)
    throw new Error(
      "SECOND_TEST_TEMPLATE is not set: run tests with `bun run test`, or bun test (the preload sets it).",
    );
  const name = `second_t_${RUN}_${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const sql = admin();
  try {
    // Cloning needs the template to have no other sessions; retry briefly if one lingers.
    for (let attempt = 0; ; attempt++) {
      try {
        await sql.unsafe(`create database ${name} template ${template}`);
        break;
      } catch (err) {
        if (attempt >= 20 || !String(err).includes("being accessed")) throw err;
        await Bun.sleep(50);
      }
    }
  } finally {
    await sql.end();
  }
  // A clone copies the grants on tables but not the database's own: it gets its own login roles.
  const roles = installationRoles(urlFor(name));
  const owner = postgres(urlFor(name), { max: 1, onnotice: () => {} });
  try {
    await provisionInstallation(owner, roles);
  } finally {
    await owner.end();
  }
  return {
    name,
    ownerUrl: urlFor(name),
    appUrl: urlFor(name, roles.app),
    queueUrl: urlFor(name, roles.queue),
    drop: () => dropDatabase(name),
  };
}

/** The database's own message for a rejected query (drizzle wraps it in a "Failed query" error). */
export async function dbError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause;
    return cause?.message ?? (err as Error).message;
  }
  throw new Error("expected the query to fail, but it succeeded");
}
