// The full app-data write path (tenant transaction, document, change-log row, audit row) against a
// bare single-statement INSERT of the same row, and with live delivery to 100 subscribers.
import postgres from "postgres";
import { createDatabase } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { canonicalAgents } from "../../src/agents/canonical";
import { createApp } from "../../src/apps/apps";
import { chainContext } from "../../src/audit/chain";
import { sealWorkspace } from "../../src/audit/seal";
import type { Actor } from "../../src/context";
import { insertDocument } from "../../src/data/documents";
import { createLogger } from "../../src/log";
import { LiveHub, LiveNotifier } from "../../src/realtime/hub";
import { agentsFileSchema } from "../../src/sdk/agents";
import { createWorkspace } from "../../src/workspaces/workspaces";
import type { TestDatabase } from "../support/db";
import { throughput } from "./lib";

export async function benchWritePath(db: TestDatabase, n: number) {
  const app = createDatabase(db.appUrl, { max: 20 });
  const owner = postgres(db.ownerUrl, { max: 20, onnotice: () => {} });
  const log = createLogger("warn", "bench");
  try {
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
    const created = await withTenant(app.db, { workspaceId: ws.id, userId }, (tx) =>
      createApp({ tx, actor }, { name: "Bench app", description: "" }),
    );
    const loc = (collection: string) => ({
      appId: created.id,
      scope: "draft" as const,
      collection,
    });
    const doc = (i: number) => ({ title: `Item ${i}`, done: false, n: i });

    const bare = await throughput(
      n,
      (i) =>
        owner`insert into app_documents (workspace_id, app_id, scope, collection, id, data,
        created_by_kind, created_by, updated_by_kind, updated_by)
        values (${ws.id}, ${created.id}, 'draft', 'bare', ${crypto.randomUUID()}, ${JSON.stringify(doc(i))}::jsonb,
        'user', ${userId}, 'user', ${userId})`,
    );
    const write = (collection: string) => (i: number) =>
      withTenant(app.db, { workspaceId: ws.id, userId }, (tx) =>
        insertDocument({ tx, actor }, loc(collection), { data: doc(i) }),
      );
    const liveOff = await throughput(n, write("off"));

    // The same writes once the app's agents are approved with a document trigger (on another
    // collection): each write also reads which approval holds and looks its triggers up.
    const agents = canonicalAgents(
      agentsFileSchema.parse({
        version: 1,
        agents: [
          {
            id: "watcher",
            name: "Watcher",
            description: "Watches another collection.",
            systemPrompt: "Watch.",
            dataCollections: [{ name: "elsewhere", access: "write" }],
            triggers: [{ type: "document", collection: "elsewhere", on: "inserted" }],
          },
        ],
      }),
    );
    await owner`insert into app_agent_approvals (workspace_id, app_id, hash, payload, mode, source,
        approved_by, approved_by_name)
      values (${ws.id}, ${created.id}, ${agents.hash}, ${JSON.stringify(agents.payload)}::jsonb,
        'live', 'agents_page', ${userId}, 'Bench')`;
    const approved = await throughput(n, write("approved"));
    await owner`delete from app_agent_approvals where workspace_id = ${ws.id}`;

    const hub = new LiveHub(app, log);
    const notifier = new LiveNotifier(app.sql, hub, log);
    const received = new Array<number>(100).fill(0);
    const subs = await Promise.all(
      received.map((_, k) =>
        hub.subscribe(ws.id, {
          push: (b) => {
            received[k]! += b.changes.filter((c) => c.collection === "on").length;
          },
        }),
      ),
    );
    const start = performance.now();
    await throughput(n, (i) => write("on")(i).then(() => notifier.changed(ws.id)));
    while (received.some((r) => r < n)) await hub.poke(ws.id);
    const liveOnMs = performance.now() - start;
    const liveOn = { ms: liveOnMs, perSecond: Math.round((n / liveOnMs) * 1000) };
    for (const s of subs) s.close();
    notifier.close();
    await hub.close();

    const sealStart = performance.now();
    let sealed = 0;
    const chain = chainContext({ auditSigningKey: "bench-audit-key", auditSealLagMs: 900_000 });
    for (;;) {
      const r = await sealWorkspace(app.db, ws.id, chain);
      sealed += r.sealed;
      if (!r.pending) break;
    }
    const sealMs = performance.now() - sealStart;
    return {
      n,
      bareInsertPerSecond: bare.perSecond,
      fullPathLiveOffPerSecond: liveOff.perSecond,
      fullPathAgentsApprovedPerSecond: approved.perSecond,
      agentsApprovedVsOff: +(approved.perSecond / liveOff.perSecond).toFixed(3),
      fullPathLiveOnPerSecond: liveOn.perSecond,
      liveOnVsOff: +(liveOn.perSecond / liveOff.perSecond).toFixed(3),
      fullPathVsBare: +(liveOff.perSecond / bare.perSecond).toFixed(3),
      subscribers: 100,
      auditSealedPerSecond: Math.round((sealed / sealMs) * 1000),
    };
  } finally {
    await owner.end();
    await app.close();
  }
}
