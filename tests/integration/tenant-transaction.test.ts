import { describe, expect, test } from "bun:test";
import { sql as drizzleSql, eq } from "drizzle-orm";
import { createDatabase } from "../../db/client";
import { teams, workspaces } from "../../db/schema";
import { rawOf, withTenant } from "../../db/tenant";
import { setupWorld } from "../support/world";

const world = setupWorld();

// One connection, so every transaction below reuses the statements the earlier ones prepared.
const onePool = () => createDatabase(world.db.appUrl, { max: 1 });

describe("the tenant transaction", () => {
  test("its settings reach PostgreSQL exactly as given, and end with it", async () => {
    const { db, sql, close } = onePool();
    try {
      const odd = `x'); select set_config('app.user_id', 'else', false); --\\'`;
      const [seen] = await withTenant(
        db,
        { workspaceId: odd, userId: "a\\b'c" },
        (tx) =>
          rawOf(tx)`select current_setting('app.workspace_id') as ws,
            current_setting('app.user_id') as "user"`,
      );
      expect(seen).toEqual({ ws: odd, user: "a\\b'c" });
      const [after] =
        await sql`select coalesce(current_setting('app.workspace_id', true), '') as ws,
        coalesce(current_setting('app.user_id', true), '') as "user"`;
      expect(after).toEqual({ ws: "", user: "" });
    } finally {
      await close();
    }
  });

  test("further settings open with it, end with it, and never replace the tenant's", async () => {
    const { workspaceId } = await world.person("Settings", "Settings");
    const { db, sql, close } = onePool();
    try {
      const settings = {
        statement_timeout: "1234",
        "app.workspace_id": crypto.randomUUID(),
        "app.user_id": "someone else",
      };
      const [seen] = await withTenant(
        db,
        { workspaceId, settings },
        (tx) =>
          rawOf(tx)`select current_setting('statement_timeout') as timeout,
            current_setting('app.workspace_id') as ws, current_setting('app.user_id') as "user"`,
      );
      expect(seen).toEqual({ timeout: "1234ms", ws: workspaceId, user: "" });
      const [after] = await sql`select current_setting('statement_timeout') as timeout`;
      expect(after?.timeout).not.toBe("1234ms");
    } finally {
      await close();
    }
  });

  test("a drizzle statement prepared once answers each later call with its own values and RLS", async () => {
    const a = await world.person("Prepared A", "Prepared A");
    const b = await world.person("Prepared B", "Prepared B");
    const { db, close } = onePool();
    try {
      // More calls than PostgreSQL's five custom plans, so a generic plan serves the later ones.
      for (let i = 0; i < 8; i++) {
        for (const [mine, other] of [
          [a.workspaceId, b.workspaceId],
          [b.workspaceId, a.workspaceId],
        ] as const) {
          const seen = await withTenant(db, { workspaceId: mine }, async (tx) => ({
            own: await tx
              .select({ id: workspaces.id })
              .from(workspaces)
              .where(eq(workspaces.id, mine)),
            other: await tx
              .select({ id: workspaces.id })
              .from(workspaces)
              .where(eq(workspaces.id, other)),
          }));
          expect(seen).toEqual({ own: [{ id: mine }], other: [] });
        }
      }
    } finally {
      await close();
    }
  });

  test("a statement that failed and was caught still fails the transaction, and nothing stays", async () => {
    const { workspaceId } = await world.person("Caught", "Caught");
    const { db, close } = onePool();
    try {
      for (const fail of [
        (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => rawOf(tx)`select 1 / 0`,
        (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
          tx.execute(drizzleSql`select 1 / ${0}::int`),
      ]) {
        const slug = `caught-${crypto.randomUUID().slice(0, 8)}`;
        const run = withTenant(db, { workspaceId }, async (tx) => {
          await tx.insert(teams).values({ id: crypto.randomUUID(), workspaceId, name: slug, slug });
          await fail(tx).catch(() => {});
          return "answered";
        });
        await expect(run).rejects.toThrow(/rolled back/);
        const kept = await withTenant(db, { workspaceId }, (tx) =>
          tx.select({ id: teams.id }).from(teams).where(eq(teams.slug, slug)),
        );
        expect(kept).toEqual([]);
      }
      // The connection is clean afterwards.
      const [ok] = await withTenant(db, { workspaceId }, (tx) => rawOf(tx)`select 1 as one`);
      expect(ok).toEqual({ one: 1 });
    } finally {
      await close();
    }
  });

  test("a failed drizzle statement reports its own error and rolls back", async () => {
    const { workspaceId } = await world.person("Duplicate", "Duplicate");
    const { db, close } = onePool();
    try {
      const slug = `dup-${crypto.randomUUID().slice(0, 8)}`;
      const add = (name: string) =>
        withTenant(db, { workspaceId }, async (tx) => {
          await tx.insert(teams).values({ id: crypto.randomUUID(), workspaceId, name, slug });
          await tx.insert(teams).values({ id: crypto.randomUUID(), workspaceId, name, slug });
        });
      for (const name of ["first", "second"]) {
        // Drizzle wraps the driver's error; PostgreSQL's code is on its cause.
        const err = await add(name).then(
          () => null,
          (e: { cause?: { code?: string } }) => e,
        );
        expect(err?.cause?.code).toBe("23505");
      }
      const kept = await withTenant(db, { workspaceId }, (tx) =>
        tx.select({ id: teams.id }).from(teams).where(eq(teams.slug, slug)),
      );
      expect(kept).toEqual([]);
    } finally {
      await close();
    }
  });
});
