// The fan-out baseline: a minimal Bun SSE broadcaster. POST /write inserts a row and sends it, as
// one pre-encoded frame, to every open GET /events stream. Run as its own process by the bench.
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL!, { max: 4, onnotice: () => {} });
await sql.unsafe("create table if not exists bench_fanout (id text primary key, data jsonb)");
const streams = new Set<ReadableStreamDirectController>();
const encoder = new TextEncoder();
const APP = crypto.randomUUID();

const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  idleTimeout: 0,
  async fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === "/events") {
      let controller: ReadableStreamDirectController | null = null;
      req.signal.addEventListener("abort", () => {
        if (controller) streams.delete(controller);
      });
      const source: Bun.DirectUnderlyingSource = {
        type: "direct",
        pull(c) {
          controller = c;
          streams.add(c);
          c.write(": connected\n\n");
          c.flush();
          return new Promise<void>(() => {}); // open until the client leaves
        },
      };
      return new Response(new ReadableStream(source as unknown as UnderlyingDefaultSource), {
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    }
    if (url.pathname === "/write" && req.method === "POST") {
      const { id, data } = (await req.json()) as { id: string; data: Record<string, unknown> };
      const [row] = await sql`insert into bench_fanout values (${id}, ${sql.json(data as never)})
        returning pg_current_xact_id()::text as txid, pg_current_snapshot()::text as cursor,
          now() as at`;
      // The same message and frame shape as live.stream's, so clients parse as much.
      const at = new Date(row!.at as string).toISOString();
      const doc = { ...data, _id: id, _version: 1, _createdAt: at, _updatedAt: at };
      const change = { txid: row!.txid, appId: APP, scope: "draft", collection: "fanout", id };
      const message = {
        cursor: row!.cursor,
        events: [
          { key: "d", kind: "data", changes: [{ ...change, op: "upsert", version: 1, doc }] },
        ],
      };
      const eventId = JSON.stringify({ c: row!.cursor, r: {} });
      const frame = encoder.encode(`data: ${JSON.stringify(message)}\nid: ${eventId}\n\n`);
      for (const c of streams) {
        c.write(frame);
        c.flush();
      }
      return Response.json({ ok: true });
    }
    return new Response("not found", { status: 404 });
  },
});
console.log(`listening ${server.port}`);
