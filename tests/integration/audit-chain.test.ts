import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { chainContext } from "../../src/audit/chain";
import { recordAudit } from "../../src/audit/record";
import { sealWorkspace } from "../../src/audit/seal";
import { verifyChain } from "../../src/audit/verify";
import type { Actor } from "../../src/context";
import { dbError } from "../support/db";
import { TEST_AUDIT_KEY } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();
const chain = chainContext({ auditSigningKey: TEST_AUDIT_KEY, auditSealLagMs: 900_000 });

function actorFor(workspaceId: string, userId: string): Actor {
  return { kind: "user", userId, displayName: "Auditor", workspaceId, role: "owner" };
}

async function sealAll(db: ReturnType<typeof createDatabase>["db"], workspaceId: string) {
  for (let i = 0; i < 200; i++) {
    const { pending } = await sealWorkspace(db, workspaceId, chain);
    if (!pending) return;
    await Bun.sleep(10);
  }
  throw new Error("events stayed unsealed");
}

describe("audit chain", () => {
  test("events are sealed into a chain that verifies", async () => {
    const { workspaceId, userId } = await world.person("Chain Owner", "Chained");
    const { db, close } = createDatabase(world.db.appUrl, { max: 2 });
    try {
      for (let i = 0; i < 5; i++) {
        await withTenant(db, { workspaceId }, (tx) =>
          recordAudit(tx, actorFor(workspaceId, userId), {
            action: "team.created",
            summary: `team ${i}`,
            metadata: { apiKey: "sk-secret", n: i },
          }),
        );
      }
      await sealAll(db, workspaceId);
      const report = await withTenant(db, { workspaceId }, (tx) =>
        verifyChain(tx, workspaceId, chain),
      );
      // 1 event from workspace creation + 5 here.
      expect(report).toMatchObject({ ok: true, events: 6, unsealed: 0, firstBroken: null });
      expect(report.seals).toBeGreaterThanOrEqual(1);
    } finally {
      await close();
    }
  });

  test("concurrent writers committing out of order are each sealed exactly once", async () => {
    const { workspaceId, userId } = await world.person("Busy Owner", "Busy");
    const { db, close } = createDatabase(world.db.appUrl, { max: 12 });
    let writing = true;
    try {
      const sealer = (async () => {
        while (writing) {
          await sealWorkspace(db, workspaceId, chain);
          await Bun.sleep(1);
        }
      })();
      // Each writer holds its transaction open for a random time after writing, so sequence
      // order and commit order disagree.
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          withTenant(db, { workspaceId }, async (tx) => {
            await recordAudit(tx, actorFor(workspaceId, userId), {
              action: "team.renamed",
              summary: `w${i}`,
            });
            await Bun.sleep(Math.random() * 30);
          }),
        ),
      );
      writing = false;
      await sealer;
      await sealAll(db, workspaceId);
      const report = await withTenant(db, { workspaceId }, (tx) =>
        verifyChain(tx, workspaceId, chain),
      );
      expect(report).toMatchObject({ ok: true, events: 61, unsealed: 0 });
    } finally {
      writing = false;
      await close();
    }
  });

  test("the runtime role cannot update, delete or truncate audit rows", async () => {
    const { workspaceId } = await world.person("Immutable", "Stone");
    const { db, sql, close } = createDatabase(world.db.appUrl, { max: 1 });
    try {
      const asTenant = (q: string) => withTenant(db, { workspaceId }, (tx) => tx.execute(q));
      expect(await dbError(asTenant("update audit_events set summary = 'x'"))).toMatch(
        /permission denied/,
      );
      expect(await dbError(asTenant("delete from audit_events"))).toMatch(/permission denied/);
      expect(await dbError(asTenant("truncate audit_events"))).toMatch(/permission denied/);
      expect(await dbError(asTenant("update audit_seals set hash = 'x'"))).toMatch(
        /permission denied/,
      );
      await sql.end();
    } finally {
      await close();
    }
  });

  test("even the owner role cannot update, delete or truncate audit rows", async () => {
    await world.person("Owner Role", "Owned");
    const sql = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      for (const q of [
        "update audit_events set summary = 'x'",
        "delete from audit_events",
        "truncate audit_events",
        "delete from audit_seals",
        "truncate audit_seals",
      ]) {
        const err = await sql.unsafe(q).then(
          () => "succeeded",
          (e: Error) => e.message,
        );
        expect(err).toMatch(/append-only/);
      }
    } finally {
      await sql.end();
    }
  });

  test("verification reports the first tampered or deleted event", async () => {
    const { workspaceId, userId } = await world.person("Tamper Target", "Tampered");
    const { db, close } = createDatabase(world.db.appUrl, { max: 2 });
    const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      for (const s of ["first", "second", "third"]) {
        await withTenant(db, { workspaceId }, (tx) =>
          recordAudit(tx, actorFor(workspaceId, userId), { action: "team.created", summary: s }),
        );
      }
      await sealAll(db, workspaceId);
      const [victim] = await owner<{ id: string }[]>`
        select id from audit_events where workspace_id = ${workspaceId} and summary = 'second'`;
      // Someone with direct database access disables the triggers and edits history.
      await owner.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`update audit_events set summary = 'rewritten' where id = ${victim!.id}`;
      });
      const edited = await withTenant(db, { workspaceId }, (tx) =>
        verifyChain(tx, workspaceId, chain),
      );
      expect(edited.ok).toBe(false);
      expect(edited.firstBroken).toMatchObject({
        eventId: victim!.id,
        reason: "A sealed event was modified.",
      });

      await owner.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`update audit_events set summary = 'second' where id = ${victim!.id}`;
      });
      const restored = await withTenant(db, { workspaceId }, (tx) =>
        verifyChain(tx, workspaceId, chain),
      );
      expect(restored.ok).toBe(true);

      await owner.begin(async (tx) => {
        await tx`set local session_replication_role = replica`;
        await tx`delete from audit_events where id = ${victim!.id}`;
      });
      const deleted = await withTenant(db, { workspaceId }, (tx) =>
        verifyChain(tx, workspaceId, chain),
      );
      expect(deleted.firstBroken).toMatchObject({
        eventId: victim!.id,
        reason: "A sealed event was deleted.",
      });
    } finally {
      await owner.end();
      await close();
    }
  });

  test("the writer cannot set the transaction id, sequence or time of an event", async () => {
    const { workspaceId, userId } = await world.person("Forger", "Forgery");
    const { db, close } = createDatabase(world.db.appUrl, { max: 1 });
    try {
      const insert = (column: string, value: string) =>
        withTenant(db, { workspaceId }, (tx) =>
          tx.execute(`insert into audit_events (id, workspace_id, ${column}, action, category, actor_kind, actor_id, summary)
            values ('${crypto.randomUUID()}', '${workspaceId}', ${value}, 'team.created', 'teams', 'user', '${userId}', 'forged')`),
        );
      expect(await dbError(insert("txid", "'1'"))).toMatch(/permission denied/);
      expect(await dbError(insert("occurred_at", "'2001-01-01'"))).toMatch(/permission denied/);
      expect(
        await dbError(
          withTenant(db, { workspaceId }, (tx) =>
            tx.execute(`insert into audit_events (id, workspace_id, seq, action, category, actor_kind, summary)
              overriding system value values ('${crypto.randomUUID()}', '${workspaceId}', 1, 'x', 'teams', 'user', 'forged')`),
          ),
        ),
      ).toMatch(/permission denied/);
    } finally {
      await close();
    }
  });
});
