// The HTTP request path measured from outside, against baselines in the same run and process:
// 16 signed-in writers through tRPC `data.insert` against 16 clients of raw single-statement
// INSERTs (interleaved), the same writers with 100 SSE subscribers attached, and signed-in tRPC
// queries against a plain Hono route of the same server process (tests/bench/request-path-server.ts).
import postgres from "postgres";
import type { TestDatabase } from "../support/db";
import { type Client, client } from "../support/server";
import { spawnServer, throughput } from "./lib";

type At = { workspaceId: string; appId: string; scope: "draft" };

/** Opens a watch of the app's draft data; resolves once its first event (the cursor) arrived. */
function watch(c: Client, at: At, onChange: (id: string) => void) {
  return new Promise<{ close(): void }>((resolve, reject) => {
    let ready = false;
    const { workspaceId, ...target } = at;
    const sub = c.live.stream.subscribe(
      { workspaceId, topics: [{ kind: "data" as const, key: "d", ...target }] },
      {
        onData: (e) => {
          for (const t of e.data.events)
            if (t.kind === "data") for (const ch of t.changes) onChange(ch.id);
          if (!ready) {
            ready = true;
            resolve({ close: () => sub.unsubscribe() });
          }
        },
        onError: reject,
      },
    );
  });
}

async function drained(r: Response) {
  const body = await r.text();
  if (!r.ok) throw new Error(`HTTP ${r.status}: ${body.slice(0, 200)}`);
}

/** Runs a and b in alternating blocks (same total each) so drift on a shared machine hits both. */
async function interleaved(
  n: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
  rounds = 4,
) {
  const per = Math.ceil(n / rounds);
  let msA = 0;
  let msB = 0;
  for (let r = 0; r < rounds; r++) {
    msA += (await throughput(per, (i) => a(r * per + i))).ms;
    msB += (await throughput(per, (i) => b(r * per + i))).ms;
  }
  const rate = (ms: number) => Math.round(((per * rounds) / ms) * 1000);
  return { a: rate(msA), b: rate(msB) };
}

export async function benchRequestPath(db: TestDatabase, n: number, subscribers = 100) {
  const server = await spawnServer(
    db,
    { DATABASE_POOL_SIZE: "20", LOG_LEVEL: "warn", SERVE_WEB: "false" },
    "tests/bench/request-path-server.ts",
  );
  const owner = postgres(db.ownerUrl, { max: 16, onnotice: () => {} });
  try {
    const c = client(server.url);
    const me = await c.auth.onboard.mutate({ displayName: "Bench Writer" });
    const ws = await c.workspaces.create.mutate({ name: "Bench" });
    const app = await c.apps.create.mutate({ workspaceId: ws.id, name: "Bench app" });
    const at: At = { workspaceId: ws.id, appId: app.id, scope: "draft" };
    const cookie = [...c.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const headers = { "content-type": "application/json", cookie };
    const insert = (collection: string, id: string, i: number) =>
      fetch(`${server.url}/trpc/data.insert`, {
        method: "POST",
        headers,
        body: JSON.stringify({ ...at, collection, id, data: { title: `Item ${i}`, n: i } }),
      }).then(drained);
    const query = (path: string, input: unknown) => {
      const url = `${server.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;
      return () => fetch(url, { headers: { cookie } }).then(drained);
    };
    const plain = () => fetch(`${server.url}/bench/plain`).then(drained);
    const raw = (i: number) =>
      owner`insert into app_documents (workspace_id, app_id, scope, collection, id, data,
        created_by_kind, created_by, updated_by_kind, updated_by)
        values (${ws.id}, ${app.id}, 'draft', 'bare', ${crypto.randomUUID()},
          ${JSON.stringify({ title: `Item ${i}`, n: i })}::jsonb, 'user', ${me.id}, 'user', ${me.id})`;

    await insert("doc", "q1", 0);
    const workspaceGet = query("workspaces.get", { workspaceId: ws.id });
    const dataGet = query("data.get", { ...at, collection: "doc", id: "q1" });
    // Warm the server (JIT, pool, prepared statements) before anything counts.
    await throughput(300, (i) => insert("warm", `w${i}`, i));
    await throughput(300, () => Promise.all([plain(), workspaceGet(), dataGet()]));

    const writes = interleaved(n, raw, (i) => insert("http", `h${i}`, i));
    const { a: rawPerSecond, b: httpPerSecond } = await writes;
    const reads = await interleaved(n, plain, workspaceGet);
    const docReads = await interleaved(n, plain, dataGet);

    // The same writers with subscribers attached, beside a block without, on the same server.
    const quiet = await throughput(n, (i) => insert("quiet", `q${i}`, i));
    const received = new Array<number>(subscribers).fill(0);
    const viewers = Array.from({ length: 10 }, () => client(server.url, c.jar));
    const subs = await Promise.all(
      received.map((_, k) =>
        watch(viewers[k % viewers.length]!, at, (id) => {
          if (id.startsWith("s")) received[k]! += 1;
        }),
      ),
    );
    const start = performance.now();
    const live = await throughput(n, (i) => insert("sub", `s${i}`, i));
    while (received.some((r) => r < n)) await Bun.sleep(2);
    const deliveredMs = performance.now() - start;
    for (const s of subs) s.close();
    const delivered = Math.round((n / deliveredMs) * 1000);

    const ratio = (x: number, y: number) => +(x / y).toFixed(3);
    return {
      n,
      rawInsertPerSecond: rawPerSecond,
      httpInsertPerSecond: httpPerSecond,
      httpVsRaw: ratio(httpPerSecond, rawPerSecond),
      subscribers,
      httpInsertQuietPerSecond: quiet.perSecond,
      httpInsertWithSubscribersPerSecond: live.perSecond,
      deliveredToAllPerSecond: delivered,
      withSubscribersVsNone: ratio(Math.min(live.perSecond, delivered), quiet.perSecond),
      plainRoutePerSecond: reads.a,
      workspaceGetPerSecond: reads.b,
      workspaceGetVsPlain: ratio(reads.b, reads.a),
      plainRoute2PerSecond: docReads.a,
      dataGetPerSecond: docReads.b,
      dataGetVsPlain: ratio(docReads.b, docReads.a),
    };
  } finally {
    await owner.end();
    await server.stop();
  }
}

if (import.meta.main) {
  const { createTemplate, createTestDatabase, dropRunDatabases } = await import("../support/db");
  process.env.SECOND_TEST_TEMPLATE ??= await createTemplate();
  const d = await createTestDatabase();
  try {
    console.log(await benchRequestPath(d, Number(process.env.BENCH_N ?? 4000)));
  } finally {
    await d.drop();
    await dropRunDatabases();
  }
  process.exit(0);
}
