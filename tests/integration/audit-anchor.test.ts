import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { withTenant } from "../../db/tenant";
import { chainContext, genesisHash, sealHash, signHead } from "../../src/audit/chain";
import { SealRefused, sealWorkspace } from "../../src/audit/seal";
import { AuditSealer } from "../../src/audit/sealer";
import { verifyChain } from "../../src/audit/verify";
import { createWorkspace } from "../../src/workspaces/workspaces";
import { TEST_AUDIT_KEY } from "../support/server";
import { setupWorld } from "../support/world";

// An attacker with database access alone (a superuser who bypasses the append-only triggers)
// against the chain: every test here fails if seals can vanish or be rebuilt unnoticed.
const world = setupWorld();

/** Runs statements as a superuser with triggers off, as an attacker would. */
async function asAttacker(run: (sql: postgres.TransactionSql) => Promise<unknown>) {
  const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await owner.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await run(tx);
    });
  } finally {
    await owner.end();
  }
}

async function sealCount(workspaceId: string): Promise<number> {
  const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await owner<{ n: number }[]>`
      select count(*)::int as n from audit_seals where workspace_id = ${workspaceId}`;
    return row?.n ?? 0;
  } finally {
    await owner.end();
  }
}

/** A workspace whose history spans several seals. */
async function sealedHistory(name: string, batches = 3) {
  const p = await world.person(name, name);
  for (let i = 0; i < batches; i++) {
    await p.c.teams.create.mutate({ workspaceId: p.workspaceId, name: `Team ${i}` });
    await world.server.app.deps.sealer.settle(p.workspaceId);
  }
  expect(await p.c.audit.verify.query({ workspaceId: p.workspaceId })).toMatchObject({ ok: true });
  return p;
}

describe("audit chain anchoring", () => {
  test("a seal whose signature was removed fails verification and says why", async () => {
    const { c, workspaceId } = await sealedHistory("Unsigned", 2);
    await asAttacker(
      (tx) =>
        tx`update audit_seals set signature = null where workspace_id = ${workspaceId} and batch_no = 2`,
    );
    expect(await c.audit.verify.query({ workspaceId })).toMatchObject({
      ok: false,
      firstBroken: {
        batchNo: 2,
        reason:
          "The seal carries no signature: it was made before this installation signed its seals, or its signature was removed.",
      },
    });
  });

  test("deleting every seal fails verification, and the next change does not reseal over it", async () => {
    const { c, workspaceId } = await sealedHistory("Wiped");
    await asAttacker((tx) => tx`delete from audit_seals where workspace_id = ${workspaceId}`);

    const report = await c.audit.verify.query({ workspaceId });
    expect(report).toMatchObject({
      ok: false,
      seals: 0,
      firstBroken: { reason: "Seals this server made are missing from the chain." },
    });

    await c.teams.create.mutate({ workspaceId, name: "After the wipe" });
    const sealer = world.server.app.deps.sealer;
    await sealer.flush(workspaceId);
    await expect(sealer.settle(workspaceId)).rejects.toBeInstanceOf(SealRefused);
    expect(await sealCount(workspaceId)).toBe(0);
    expect((await c.audit.verify.query({ workspaceId })).ok).toBe(false);
  });

  test("deleting the newest seals fails verification and stops sealing", async () => {
    const { c, workspaceId } = await sealedHistory("Truncated");
    const before = await sealCount(workspaceId);
    expect(before).toBeGreaterThanOrEqual(3);
    await asAttacker(
      (tx) => tx`delete from audit_seals where workspace_id = ${workspaceId} and batch_no > 1`,
    );

    expect(await c.audit.verify.query({ workspaceId })).toMatchObject({
      ok: false,
      seals: 1,
      firstBroken: {
        batchNo: before,
        reason: "Seals this server made are missing from the chain.",
      },
    });
    await c.teams.create.mutate({ workspaceId, name: "After the truncation" });
    await world.server.app.deps.sealer.flush(workspaceId);
    expect(await sealCount(workspaceId)).toBe(1);
  });

  test("a gap in the seals, or a chain not starting at the first seal, fails even in a fresh process", async () => {
    const { workspaceId } = await sealedHistory("Gapped", 3);
    const fresh = chainContext({ auditSigningKey: TEST_AUDIT_KEY, auditSealLagMs: 900_000 });
    const { db } = world.server.app.deps.db;
    const verify = () =>
      withTenant(db, { workspaceId }, (tx) => verifyChain(tx, workspaceId, fresh));
    await asAttacker(
      (tx) => tx`delete from audit_seals where workspace_id = ${workspaceId} and batch_no = 2`,
    );
    expect((await verify()).firstBroken).toEqual({
      batchNo: 2,
      eventId: null,
      reason: "A seal is missing from the chain.",
    });
    await asAttacker(
      (tx) => tx`delete from audit_seals where workspace_id = ${workspaceId} and batch_no = 1`,
    );
    expect((await verify()).firstBroken).toEqual({
      batchNo: 1,
      eventId: null,
      reason: "A seal is missing from the chain.",
    });
  });

  test("a chain rebuilt without the signing key fails verification, even in a fresh process", async () => {
    const { workspaceId } = await sealedHistory("Forged", 2);
    // The attacker deletes one event, then rebuilds a chain over what is left, hashing exactly
    // as the sealer does but signing with a key of their own.
    await asAttacker(async (tx) => {
      await tx`delete from audit_events where workspace_id = ${workspaceId} and action = 'team.created'
               and summary like '%Team 0%'`;
      const rows = await tx<{ id: string; row_hash: string }[]>`
        select e.id, audit_row_hash(e) as row_hash from audit_events e
        where workspace_id = ${workspaceId} order by seq`;
      const [h] = await tx<{ horizon: string }[]>`
        select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`;
      await tx`delete from audit_seals where workspace_id = ${workspaceId}`;
      const seal = {
        workspaceId,
        batchNo: 1,
        xidFrom: "0",
        xidTo: h!.horizon,
        eventIds: rows.map((r) => r.id),
        rowHashes: rows.map((r) => r.row_hash),
        prevHash: genesisHash(workspaceId),
      };
      const hash = sealHash(seal);
      await tx`insert into audit_seals (workspace_id, batch_no, xid_from, xid_to, event_ids,
                 row_hashes, prev_hash, hash, signature)
               values (${workspaceId}, 1, '0', ${seal.xidTo}, ${seal.eventIds}::uuid[],
                 ${seal.rowHashes}, ${seal.prevHash}, ${hash},
                 ${signHead("attacker-key-attacker-key-attacker-key", hash)})`;
    });
    // A process that never saw the real chain still refuses the forged one.
    const fresh = chainContext({ auditSigningKey: TEST_AUDIT_KEY, auditSealLagMs: 900_000 });
    const { db } = world.server.app.deps.db;
    const report = await withTenant(db, { workspaceId }, (tx) =>
      verifyChain(tx, workspaceId, fresh),
    );
    expect(report).toMatchObject({
      ok: false,
      firstBroken: {
        batchNo: 1,
        reason: "The seal is not signed with this installation's audit key.",
      },
    });
    const sealer = new AuditSealer(db, { info() {}, error() {} }, fresh);
    await expect(sealer.settle(workspaceId)).rejects.toMatchObject({ code: "broken_head" });
  });

  test("after a restart, events past the sealing lag with no seal fail verification and are not resealed", async () => {
    const { workspaceId } = await sealedHistory("Restarted", 1);
    await asAttacker((tx) => tx`delete from audit_seals where workspace_id = ${workspaceId}`);
    // A new process has no memory of the chain; every event here is older than a zero lag.
    const restarted = chainContext({ auditSigningKey: TEST_AUDIT_KEY, auditSealLagMs: 0 });
    const { db } = world.server.app.deps.db;
    const report = await withTenant(db, { workspaceId }, (tx) =>
      verifyChain(tx, workspaceId, restarted),
    );
    expect(report).toMatchObject({
      ok: false,
      seals: 0,
      firstBroken: {
        batchNo: 1,
        reason: "Events older than the sealing lag are not covered by any seal.",
      },
    });
    const logged: string[] = [];
    const sealer = new AuditSealer(
      db,
      {
        info: (msg) => logged.push(msg),
        error: (msg, meta) => logged.push(`${msg} ${meta?.code}`),
      },
      restarted,
    );
    await sealer.flush(workspaceId);
    expect(logged).toEqual(["audit sealing refused overdue_events"]);
    expect(await sealCount(workspaceId)).toBe(0);

    // The operator's override, holding the key, seals them once they have checked the heads.
    const resealed = await sealWorkspace(db, workspaceId, restarted, { acceptOverdue: true });
    expect(resealed.sealed).toBeGreaterThan(0);
    expect(await sealCount(workspaceId)).toBe(1);
    const after = await withTenant(db, { workspaceId }, (tx) =>
      verifyChain(tx, workspaceId, restarted),
    );
    expect(after).toMatchObject({ ok: true, seals: 1, unsealed: 0 });
  });

  test("each new head goes to the log stream with ids and hashes only", async () => {
    // Made without the server, so this sealer is the only one told about the workspace.
    const { db } = world.server.app.deps.db;
    const userId = crypto.randomUUID();
    await withTenant(db, { userId }, (tx) =>
      tx.execute(`insert into users (id, display_name) values ('${userId}', 'Logged')`),
    );
    const ws = await createWorkspace(db, { userId, displayName: "Logged" }, "Logged secret");
    const workspaceId = ws.id;
    const lines: { msg: string; meta?: Record<string, unknown> }[] = [];
    const chain = chainContext({ auditSigningKey: TEST_AUDIT_KEY, auditSealLagMs: 900_000 });
    const sealer = new AuditSealer(
      db,
      { info: (msg, meta) => lines.push({ msg, meta }), error: (msg) => lines.push({ msg }) },
      chain,
    );
    await sealer.settle(workspaceId);
    const [line] = lines;
    expect(lines).toHaveLength(1);
    expect(line?.msg).toBe("audit sealed");
    expect(Object.keys(line?.meta ?? {}).sort()).toEqual(["batchNo", "hash", "workspaceId"]);
    expect(JSON.stringify(line)).not.toContain("secret");
    expect(chain.heads.get(workspaceId)).toEqual({
      batchNo: line?.meta?.batchNo as number,
      hash: line?.meta?.hash as string,
    });
  });
});
