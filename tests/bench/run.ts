// Benchmarks, each against a baseline measured in the same run; prints a table and writes
// tests/bench/results.json. Figures are ratios on this machine, never pass/fail assertions.
import { writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { teams } from "../../db/schema";
import { withTenant } from "../../db/tenant";
import { sealWorkspace } from "../../src/audit/chain";
import { recordAudit } from "../../src/audit/record";
import type { Actor } from "../../src/context";
import { createWorkspace } from "../../src/workspaces/workspaces";
import { createTemplate, createTestDatabase, dropRunDatabases } from "../support/db";

const N = Number(process.env.BENCH_N ?? 4000);
const CONCURRENCY = 16;

async function timed(n: number, op: (i: number) => Promise<unknown>) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) await op(next++);
    }),
  );
  const ms = performance.now() - start;
  return { ms, perSecond: Math.round((n / ms) * 1000) };
}

process.env.SECOND_TEST_TEMPLATE ??= await createTemplate();
const db = await createTestDatabase();
const results: Record<string, unknown> = {
  machine: { cores: navigator.hardwareConcurrency },
  n: N,
};
try {
  const owner = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  await owner.unsafe(`create table bench_plain (id uuid primary key, workspace_id uuid, name text, slug text);
                      grant insert on bench_plain to second_app`);
  await owner.end();

  const app = createDatabase(db.appUrl, { max: CONCURRENCY });
  const userId = crypto.randomUUID();
  await withTenant(app.db, { userId }, (tx) =>
    tx.execute(`insert into users (id, display_name) values ('${userId}', 'Bench')`),
  );
  const ws = await createWorkspace(app.db, { userId, displayName: "Bench" }, "Bench");
  const actor: Actor = {
    kind: "user",
    userId,
    displayName: "Bench",
    workspaceId: ws.id,
    role: "owner",
  };

  const bare = await timed(
    N,
    (i) =>
      app.sql`insert into bench_plain values (${crypto.randomUUID()}, ${ws.id}, ${`t${i}`}, ${`t${i}`})`,
  );
  const tenant = await timed(N, (i) =>
    withTenant(app.db, { workspaceId: ws.id, userId }, async (tx) => {
      const id = crypto.randomUUID();
      await tx.insert(teams).values({ id, workspaceId: ws.id, name: `t${i}`, slug: `t${i}` });
      await recordAudit(tx, actor, {
        action: "team.created",
        summary: `t${i}`,
        target: { type: "team", id },
      });
    }),
  );
  const sealStart = performance.now();
  let sealed = 0;
  for (;;) {
    const r = await sealWorkspace(app.db, ws.id);
    sealed += r.sealed;
    if (!r.pending) break;
  }
  const sealMs = performance.now() - sealStart;
  await app.close();

  results.write = {
    bareInsertPerSecond: bare.perSecond,
    tenantWriteWithAuditPerSecond: tenant.perSecond,
    ratio: +(tenant.perSecond / bare.perSecond).toFixed(3),
  };
  results.sealing = {
    events: sealed,
    ms: Math.round(sealMs),
    eventsPerSecond: Math.round((sealed / sealMs) * 1000),
  };

  console.log(`\nBenchmarks (n=${N}, ${CONCURRENCY} concurrent clients)\n`);
  console.log("  case                                         result        vs baseline");
  console.log(
    `  bare INSERT (baseline)                       ${String(bare.perSecond).padStart(7)}/s`,
  );
  console.log(
    `  tenant tx: set_config + insert + audit row   ${String(tenant.perSecond).padStart(7)}/s   ${(tenant.perSecond / bare.perSecond).toFixed(2)}×`,
  );
  console.log(
    `  audit sealing                                ${String(Math.round((sealed / sealMs) * 1000)).padStart(7)} events/s (${sealed} events in ${Math.round(sealMs)} ms)`,
  );
  writeFileSync(
    path.join(import.meta.dir, "results.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
} finally {
  await db.drop();
  await dropRunDatabases();
}
