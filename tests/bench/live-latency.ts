// Write → other viewer latency through the real server process (tRPC mutation → SSE subscriber),
// against raw INSERT → LISTEN on the same machine; then fan-out of one write to 1,000 subscribers
// and the server's memory per idle subscriber.
import { readFileSync } from "node:fs";
import { EventSource } from "eventsource";
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
    // The write's own response, apart: delivery cannot come before the commit it follows.
    const responses: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const id = `l${i}`;
      const got = new Promise<void>((r) => waiting.set(id, r));
      const t0 = performance.now();
      await c.data.insert.mutate({ ...at, collection: "latency", id, data: { i } });
      responses.push(performance.now() - t0);
      await got;
      samples.push(performance.now() - t0);
    }
    sub.close();
    return {
      p50: percentile(samples, 50),
      p99: percentile(samples, 99),
      response: { p50: percentile(responses, 50), p99: percentile(responses, 99) },
    };
  } finally {
    await server.stop();
  }
}

/** Opens `n` streams, 50 at a time, each resolving once it is open. */
async function openMany<T>(n: number, open: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let k = 0; k < n; k += 50)
    out.push(
      ...(await Promise.all(Array.from({ length: Math.min(50, n - k) }, (_, j) => open(k + j)))),
    );
  return out;
}

/** Writes one at a time; each sample is one subscriber's arrival after its write began. */
async function fanoutSamples(
  subscribers: number,
  writes: number,
  arrivals: Map<string, number[]>,
  write: (id: string, i: number) => Promise<unknown>,
) {
  const samples: number[] = [];
  for (let i = 0; i < writes; i++) {
    const id = `f${i}`;
    const times: number[] = [];
    arrivals.set(id, times);
    const t0 = performance.now();
    await write(id, i);
    while (times.length < subscribers) await Bun.sleep(1);
    for (const t of times) samples.push(t - t0);
  }
  return samples;
}

/**
 * The fan-out baseline: the same number of SSE clients on a bare Bun broadcaster (bare-sse.ts)
 * that inserts each write's row and sends it to all of them, serialised once, in the same message
 * shape as live.stream's (so the clients parse as much).
 */
export async function benchBareFanout(db: TestDatabase, subscribers: number, writes: number) {
  const proc = Bun.spawn(["bun", `${import.meta.dir}/bare-sse.ts`], {
    env: { ...process.env, DATABASE_URL: db.ownerUrl },
    stdout: "pipe",
    stderr: "inherit",
  });
  try {
    const reader = proc.stdout.getReader();
    let out = "";
    while (!out.includes("\n")) out += new TextDecoder().decode((await reader.read()).value);
    const url = `http://127.0.0.1:${out.match(/listening (\d+)/)![1]}`;
    const rssKb = () =>
      Number(readFileSync(`/proc/${proc.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    const before = rssKb();
    const arrivals = new Map<string, number[]>();
    const sources = await openMany(
      subscribers,
      () =>
        new Promise<EventSource>((resolve, reject) => {
          const es = new EventSource(`${url}/events`);
          es.onopen = () => resolve(es);
          es.onerror = reject;
          es.onmessage = (e) => {
            const { events } = JSON.parse(e.data) as { events: { changes: { id: string }[] }[] };
            for (const t of events)
              for (const ch of t.changes) arrivals.get(ch.id)?.push(performance.now());
          };
        }),
    );
    await Bun.sleep(500);
    const after = rssKb();
    const samples = await fanoutSamples(subscribers, writes, arrivals, (id, i) =>
      fetch(`${url}/write`, { method: "POST", body: JSON.stringify({ id, data: { i } }) }).then(
        (r) => r.json(),
      ),
    );
    for (const s of sources) s.close();
    return {
      subscribers,
      writes,
      p50: percentile(samples, 50),
      p99: percentile(samples, 99),
      memoryPerIdleSubscriberKb: +((after - before) / subscribers).toFixed(1),
    };
  } finally {
    proc.kill("SIGTERM");
    await proc.exited;
  }
}

/**
 * An SSE client of live.stream as bare as the baseline's: the same EventSource, the same JSON
 * parse, so the comparison is of the servers (tRPC's client adds its own work per message).
 */
function rawStream(
  url: string,
  jar: Map<string, string>,
  at: { workspaceId: string; appId: string; scope: "draft" },
  onChange: (id: string) => void,
) {
  const { workspaceId, ...target } = at;
  const input = { workspaceId, topics: [{ kind: "data", key: "d", ...target }] };
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return new Promise<EventSource>((resolve, reject) => {
    const es = new EventSource(
      `${url}/trpc/live.stream?input=${encodeURIComponent(JSON.stringify(input))}`,
      { fetch: (u, init) => fetch(u, { ...init, headers: { ...init?.headers, cookie } }) },
    );
    es.onerror = reject;
    es.onmessage = (e) => {
      const { events } = JSON.parse(e.data) as {
        events: { kind: string; changes?: { id: string }[] }[];
      };
      for (const t of events) for (const ch of t.changes ?? []) onChange(ch.id);
      resolve(es);
    };
  });
}

export async function benchFanout(db: TestDatabase, subscribers: number, writes: number) {
  const server = await spawnServer(db, { DATABASE_POOL_SIZE: "20", LOG_LEVEL: "warn" });
  try {
    const { c, at } = await setup(server.url);
    const before = server.rssKb();
    const arrivals = new Map<string, number[]>();
    const subs = await openMany(subscribers, () =>
      rawStream(server.url, c.jar, at, (id) => arrivals.get(id)?.push(performance.now())),
    );
    await Bun.sleep(500); // let the server settle before reading its memory
    const after = server.rssKb();
    const samples = await fanoutSamples(subscribers, writes, arrivals, (id, i) =>
      c.data.insert.mutate({ ...at, collection: "fanout", id, data: { i } }),
    );
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
 * Many idle subscribers on one server process: opens `n` streams, reads the server's memory at
 * `mark` and at `n` streams (the slope between them is the memory each idle subscriber holds,
 * without the fixed cost of the first ones: pool connections, compiled code), then checks that
 * one write reaches every one of them.
 */
export async function benchIdleSubscribers(db: TestDatabase, n: number, mark = 1000) {
  const server = await spawnServer(db, { DATABASE_POOL_SIZE: "20", LOG_LEVEL: "warn" });
  try {
    const { c, at } = await setup(server.url);
    const arrivals = new Map<string, number[]>();
    const open = (count: number) =>
      openMany(count, () =>
        rawStream(server.url, c.jar, at, (id) => arrivals.get(id)?.push(performance.now())),
      );
    const opened = performance.now();
    const subs = await open(mark);
    await Bun.sleep(500);
    const atMark = server.rssKb();
    subs.push(...(await open(n - mark)));
    const openSeconds = +((performance.now() - opened) / 1000).toFixed(1);
    await Bun.sleep(500);
    const atN = server.rssKb();
    const times: number[] = [];
    arrivals.set("idle", times);
    const t0 = performance.now();
    await c.data.insert.mutate({ ...at, collection: "idle", id: "idle", data: {} });
    const deadline = t0 + 30_000;
    while (times.length < n && performance.now() < deadline) await Bun.sleep(5);
    const samples = times.map((t) => t - t0);
    for (const s of subs) s.close();
    return {
      subscribers: n,
      openSeconds,
      received: times.length,
      p50: percentile(samples, 50),
      p99: percentile(samples, 99),
      memoryPerIdleSubscriberKb: +((atN - atMark) / (n - mark)).toFixed(1),
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
