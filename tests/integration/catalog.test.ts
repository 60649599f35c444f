import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import {
  auditEvents,
  memberships,
  sessions,
  teamMembers,
  teams,
  users,
  workspaces,
} from "../../db/schema";
import { withTenant } from "../../db/tenant";
import { dbError } from "../support/db";
import { setupWorld } from "../support/world";

const world = setupWorld();

// Tables that may lack forced RLS, each with the reason. Reviewed in code: keep it empty.
const RLS_EXCEPTIONS: Record<string, string> = {};

describe("schema catalog", () => {
  test("every table has RLS enabled and forced, with a policy on the tenant or user setting", async () => {
    const sql = postgres(world.db.ownerUrl, { max: 1 });
    try {
      const tables = await sql<{ relname: string; rls: boolean; forced: boolean }[]>`
        select c.relname, c.relrowsecurity as rls, c.relforcerowsecurity as forced
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')`;
      const policies = await sql<
        { tablename: string; qual: string | null; with_check: string | null }[]
      >`
        select tablename, qual, with_check from pg_policies where schemaname = 'public'`;
      expect(tables.length).toBeGreaterThanOrEqual(8);
      const problems: string[] = [];
      for (const t of tables) {
        if (RLS_EXCEPTIONS[t.relname]) continue;
        if (!t.rls || !t.forced)
          problems.push(`${t.relname}: RLS enabled=${t.rls} forced=${t.forced}`);
        const keyed = policies.filter(
          (p) =>
            p.tablename === t.relname &&
            /app\.(workspace_id|user_id)/.test(`${p.qual ?? ""} ${p.with_check ?? ""}`),
        );
        if (keyed.length === 0)
          problems.push(`${t.relname}: no policy on app.workspace_id or app.user_id`);
      }
      expect(problems).toEqual([]);
    } finally {
      await sql.end();
    }
  });

  test("the app's own pool runs as a role that is not superuser, cannot bypass RLS and owns nothing", async () => {
    const { sql, close } = createDatabase(world.db.appUrl, { max: 1 });
    try {
      const [me] = await sql<{ user: string; super: boolean; bypass: boolean; owned: number }[]>`
        select current_user as user, r.rolsuper as super, r.rolbypassrls as bypass,
          (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
        from pg_roles r where r.rolname = current_user`;
      expect(me).toEqual({
        user: new URL(world.db.appUrl).username,
        super: false,
        bypass: false,
        owned: 0,
      });
      expect(me?.user).toMatch(/^second_app_second_t_/);
    } finally {
      await close();
    }
  });

  test("a tenant query with no context sees nothing, and a write without context is refused", async () => {
    const { workspaceId } = await world.person("Fail Closed", "Closed Shop");
    const { db, sql, close } = createDatabase(world.db.appUrl, { max: 1 });
    try {
      for (const table of [
        users,
        sessions,
        workspaces,
        memberships,
        teams,
        teamMembers,
        auditEvents,
      ]) {
        const rows = await withTenant(db, {}, (tx) => tx.select().from(table));
        expect(rows).toHaveLength(0);
      }
      // Outside any transaction the settings are unset too.
      expect(await sql`select * from workspaces`).toHaveLength(0);
      const write = withTenant(db, {}, (tx) =>
        tx
          .insert(teams)
          .values({ id: crypto.randomUUID(), workspaceId, name: "Sneaky", slug: "sneaky" }),
      );
      expect(await dbError(write)).toMatch(/row-level security/);
    } finally {
      await close();
    }
  });

  test("a write tagged with another workspace is refused even inside a tenant transaction", async () => {
    const a = await world.person("Tenant A", "Workspace A");
    const b = await world.person("Tenant B", "Workspace B");
    const { db, close } = createDatabase(world.db.appUrl, { max: 1 });
    try {
      const write = withTenant(db, { workspaceId: a.workspaceId }, (tx) =>
        tx
          .insert(teams)
          .values({ id: crypto.randomUUID(), workspaceId: b.workspaceId, name: "X", slug: "x" }),
      );
      expect(await dbError(write)).toMatch(/row-level security/);
      const seen = await withTenant(db, { workspaceId: a.workspaceId }, (tx) =>
        tx.select().from(teams),
      );
      expect(seen.every((t) => t.workspaceId === a.workspaceId)).toBe(true);
    } finally {
      await close();
    }
  });

  test("the runtime role cannot create temporary tables, and no other role may connect", async () => {
    const { sql, close } = createDatabase(world.db.appUrl, { max: 1 });
    try {
      expect(await dbError(sql`create temp table scratch (x int)`)).toMatch(
        /permission denied to create temporary tables/,
      );
    } finally {
      await close();
    }
    const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const [acl] = await owner<{ public_connect: boolean; group_connect: boolean }[]>`
        select has_database_privilege('public', current_database(), 'connect') as public_connect,
          has_database_privilege('second_app', current_database(), 'connect') as group_connect`;
      expect(acl).toEqual({ public_connect: false, group_connect: false });
    } finally {
      await owner.end();
    }
  });
});
