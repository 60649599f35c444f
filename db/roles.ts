import type postgres from "postgres";
import { APP_GROUP, QUEUE_GROUP } from "../src/config";

/** Marks a login role whose password this migrator set, and so may change again. */
const MANAGED = "second: login managed by the migrator";

export interface InstallationRoles {
  app: string;
  queue: string;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Creates a role once; concurrent migrators of other installations may race to create a group. */
async function createRole(sql: postgres.Sql, name: string, attrs: string): Promise<boolean> {
  const [row] = await sql`select 1 as ok from pg_roles where rolname = ${name}`;
  if (row) return false;
  try {
    await sql.unsafe(`create role ${ident(name)} ${attrs}`);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "42710" || (err as { code?: string }).code === "23505")
      return false;
    throw err;
  }
}

export async function ensureGroupRoles(sql: postgres.Sql) {
  for (const group of [APP_GROUP, QUEUE_GROUP]) await createRole(sql, group, "nologin");
}

/**
 * Gives the installation in this database its own login roles: the runtime one joins the group
 * that holds the tenant-table grants, the queue one the group that holds the `bullmq` grants.
 * Only these two may connect, and nobody may create temporary tables. A password is set only on
 * a role this migrator created, never on one it finds (another installation's or a DBA's).
 */
export async function provisionInstallation(
  sql: postgres.Sql,
  roles: InstallationRoles,
  password?: string,
) {
  await ensureGroupRoles(sql);
  for (const [login, group] of [
    [roles.app, APP_GROUP],
    [roles.queue, QUEUE_GROUP],
  ] as const) {
    const attrs = "login nosuperuser nobypassrls nocreatedb nocreaterole noreplication";
    if (await createRole(sql, login, attrs))
      await sql.unsafe(`comment on role ${ident(login)} is ${literal(MANAGED)}`);
    const [managed] = await sql`
      select 1 as ok from pg_roles r join pg_shdescription d on d.objoid = r.oid
      where r.rolname = ${login} and d.classoid = 'pg_authid'::regclass
        and d.description = ${MANAGED}`;
    if (managed && password)
      await sql.unsafe(`alter role ${ident(login)} password ${literal(password)}`);
    // An older install may name the group itself as its login (DATABASE_APP_URL): it holds the grants.
    if (login !== group) await sql.unsafe(`grant ${ident(group)} to ${ident(login)}`);
  }
  const db = ident((await sql`select current_database() as name`)[0]?.name as string);
  await sql.unsafe(`revoke all on database ${db} from public`);
  await sql.unsafe(`grant connect on database ${db} to ${ident(roles.app)}, ${ident(roles.queue)}`);
}

/** Drops an installation's login roles (test databases; after the database itself is gone). */
export async function dropInstallationRoles(sql: postgres.Sql, roles: InstallationRoles) {
  for (const login of [roles.app, roles.queue])
    await sql.unsafe(`drop role if exists ${ident(login)}`);
}
