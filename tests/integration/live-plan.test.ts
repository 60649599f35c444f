import { describe, expect, test } from "bun:test";
import postgres from "postgres";
import { withTenant } from "../../db/tenant";
import { insertDocuments } from "../../src/data/documents";
import { runEventsQuery, selectChanges } from "../../src/realtime/changes";
import { parseSnapshot } from "../../src/realtime/snapshot";
import { newApp } from "../support/apps";
import { setupWorld } from "../support/world";

const world = setupWorld();

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe("live reads without statistics", () => {
  test("the change and run-event reads are index lookups by their shape", async () => {
    const { c, workspaceId, userId } = await world.person("Planner", "Plans");
    const { at } = await newApp(c, workspaceId);
    const owner = postgres(world.db.ownerUrl, { max: 1, onnotice: () => {} });
    try {
      const tables = ["app_changes", "app_documents", "run_events", "agent_runs"];
      for (const t of tables)
        await owner.unsafe(`alter table ${t} set (autovacuum_enabled = false)`);
      const actor = {
        kind: "user" as const,
        userId,
        displayName: "P",
        workspaceId,
        role: "owner" as const,
      };
      for (let k = 0; k < 4; k++)
        await withTenant(world.server.app.deps.db.db, { workspaceId }, (tx) =>
          insertDocuments(
            { tx, actor },
            at("rows"),
            Array.from({ length: 500 }, (_, i) => ({ data: { i, k } })),
          ),
        );
      // No statistics at all: what a fresh table, a bulk load or autovacuum off leaves.
      await owner`delete from pg_statistic where starelid = any(${tables}::regclass[])`;
      await owner`update pg_class set reltuples = -1, relpages = 0 where oid = any(${tables}::regclass[])`;
      const [snap] = await owner`select pg_current_snapshot()::text as s`;
      const now = parseSnapshot(snap!.s as string)!;
      // A cursor with transactions in progress, and one without.
      const cursors = [
        { xmin: now.xmax - 50n, xmax: now.xmax - 2n, xip: [now.xmax - 50n, now.xmax - 7n] },
        { xmin: now.xmax - 1n, xmax: now.xmax - 1n, xip: [] },
      ];
      for (const from of cursors)
        for (const query of [
          selectChanges(owner as never, workspaceId, from, now),
          runEventsQuery(owner as never, workspaceId, from, now),
        ]) {
          const [row] = await owner`explain (format json) ${query}`;
          const plan = (row!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
          const scans = nodes(plan).filter((n) => n["Relation Name"]);
          expect(scans.length).toBeGreaterThan(0);
          for (const s of scans) {
            expect(`${s["Relation Name"]}: ${s["Node Type"]}`).toMatch(/: Index (Only )?Scan$/);
            if (s["Relation Name"] !== "agent_runs")
              expect(s["Index Cond"]).toContain("workspace_id");
          }
          for (const s of scans) {
            const cond = s["Index Cond"] ?? "";
            // The log is read from the cursor on (a lower bound or the ids in progress), never
            // from the start; a document or run is found by its whole key.
            if (s["Relation Name"] === "app_changes" || s["Relation Name"] === "run_events")
              expect(cond).toMatch(/txid >= |txid = ANY/);
            if (s["Relation Name"] === "app_documents") expect(cond).toContain("doc_id");
            if (s["Relation Name"] === "agent_runs") expect(cond).toContain("run_id");
          }
        }
    } finally {
      await owner.end();
    }
  });
});
