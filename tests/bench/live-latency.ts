// Write → other viewer latency through the real server process (tRPC mutation → SSE subscriber),
// against raw INSERT → LISTEN on the same machine; then fan-out of one write to 1,000 subscribers
// and the server's memory per idle subscriber.
import postgres from "postgres";
import { type TestDatabase, urlFor } from "../support/db";
import { client } from "../support/server";
import { percentile, spawnServer } from "./lib";

type Client = ReturnType<typeof client>;

async function setup(url: string) {
  const c = client(url);
  await c.auth.onboard.mutate({ displayName: "Bench Writer" });
  const ws = await c.workspaces.create.mutate({ name: "Bench" });
  const app = await c.apps.create.mutate({ workspaceId: ws.id, name: "Bench app" });
  const at = { workspaceId: ws.id, appId: app.id, scope: "draft" as const };
  return { c, at };
}

/** Opens a watch and resolves once its first event (the cursor) has arrived. */
function subscribe(
  c: Client,
  at: { workspaceId: string; appId: string; scope: "draft" },
  onChange: (id: string) => void,
) {
  return new Promise<{ close(): void }>((resolve, reject) => {
    let ready = false;
    const { workspaceId, ...target } = at;
    const topics = [{ kind: "data" as const, key: "d", ...target }];
    const sub = c.live.stream.subscribe(
      { workspaceId, topics },
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

export async function benchRawListen(db: TestDatabase, rounds: number) {
  const writer = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  const listener = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await writer.unsafe("create table if not exists bench_listen (id text primary key)");
    const waiting = new Map<string, () => void>();
    await listener.listen("bench_listen", (id) => waiting.get(id)?.());
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const id = `r${i}`;
      const got = new Promise<void>((r) => waiting.set(id, r));
      const t0 = performance.now();
      await writer`with i as (insert into bench_listen values (${id}) returning id) select pg_notify('bench_listen', id) from i`;
      await got;
      samples.push(performance.now() - t0);
    }
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await writer.end();
    await listener.end();
  }
}

export async function benchLatency(db: TestDatabase, rounds: number) {
  const server = await spawnServer(db, { DATABASE_POOL_SIZE: "20", LOG_LEVEL: "warn" });
  try {
    const { c, at } = await setup(server.url);
    const viewer = client(server.url, c.jar);
    const waiting = new Map<string, () => void>();
    const sub = await subscribe(viewer, at, (id) => waiting.get(id)?.());
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const id = `l${i}`;
      const got = new Promise<void>((r) => waiting.set(id, r));
      const t0 = performance.now();
      await c.data.insert.mutate({ ...at, collection: "latency", id, data: { i } });
      await got;
      samples.push(performance.now() - t0);
    }
    sub.close();
    return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
  } finally {
    await server.stop();
  }
}

export async function benchFanout(db: TestDatabase, subscribers: number, writes: number) {
  const server = await spawnServer(db, { DATABASE_POOL_SIZE: "20", LOG_LEVEL: "warn" });
  try {
    const { c, at } = await setup(server.url);
    const before = server.rssKb();
    const arrivals = new Map<string, number[]>();
    const viewers = Array.from({ length: 20 }, () => client(server.url, c.jar));
    const subs = [];
    for (let k = 0; k < subscribers; k += 50) {
      subs.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, subscribers - k) }, (_, j) =>
            subscribe(viewers[(k + j) % viewers.length]!, at, (id) =>
              arrivals.get(id)?.push(performance.now()),
            ),
          ),
        )),
      );
    }
    await Bun.sleep(500); // let the server settle before reading its memory
    const after = server.rssKb();
    const samples: number[] = [];
    for (let i = 0; i < writes; i++) {
      const id = `f${i}`;
      const times: number[] = [];
      arrivals.set(id, times);
      const t0 = performance.now();
      await c.data.insert.mutate({ ...at, collection: "fanout", id, data: { i } });
      while (times.length < subscribers) await Bun.sleep(1);
      for (const t of times) samples.push(t - t0);
    }
    for (const s of subs) s.close();
    return {
      subscribers,
      writes,
      p50: percentile(samples, 50),
      p99: percentile(samples, 99),
      memoryPerIdleSubscriberKb: +((after - before) / subscribers).toFixed(1),
    };
  } finally {
    await server.stop();
  }
}

/**
 * Write → other viewer latency with and without a 3 s transaction open in another database of
 * the cluster, interleaved in blocks on one server: delivery must not wait for it.
 */
export async function benchLatencyBesideLongTx(db: TestDatabase, rounds: number, block = 25) {
  const server = await spawnServer(db, { DATABASE_POOL_SIZE: "20", LOG_LEVEL: "warn" });
  const elsewhere = postgres(urlFor("postgres"), { max: 1, onnotice: () => {} });
  try {
    const { c, at } = await setup(server.url);
    const viewer = client(server.url, c.jar);
    const waiting = new Map<string, () => void>();
    const sub = await subscribe(viewer, at, (id) => waiting.get(id)?.());
    const samples = { quiet: [] as number[], longTx: [] as number[] };
    const measure = async (into: number[], prefix: string) => {
      for (let i = 0; i < block; i++) {
        const id = `${prefix}${i}`;
        const got = new Promise<void>((r) => waiting.set(id, r));
        const t0 = performance.now();
        await c.data.insert.mutate({ ...at, collection: "latency", id, data: { i } });
        await got;
        into.push(performance.now() - t0);
      }
    };
    await measure([], "warm-"); // the server's first writes are slower (JIT, pool)
    for (let k = 0; samples.longTx.length < rounds; k++) {
      await measure(samples.quiet, `q${k}-`);
      await elsewhere.begin(async (tx) => {
        const opened = performance.now();
        await tx`select txid_current()`;
        await measure(samples.longTx, `t${k}-`);
        await Bun.sleep(Math.max(0, 3000 - (performance.now() - opened)));
      });
    }
    sub.close();
    const stats = (s: number[]) => ({ p50: percentile(s, 50), p99: percentile(s, 99) });
    const quiet = stats(samples.quiet);
    const longTx = stats(samples.longTx);
    return {
      quiet,
      longTx,
      n: samples.longTx.length,
      p99Ratio: +(longTx.p99 / quiet.p99).toFixed(2),
      p99AddedMs: +(longTx.p99 - quiet.p99).toFixed(2),
    };
  } finally {
    await elsewhere.end();
    await server.stop();
  }
}
