import type { Deps } from "./trpc/context";

/** Whether this process can reach what it needs: the database and the queue backend. */
export async function checkHealth(deps: Pick<Deps, "db" | "queue" | "config">) {
  const [database, queue] = await Promise.allSettled([deps.db.sql`select 1`, deps.queue.ping()]);
  const ok = database.status === "fulfilled" && queue.status === "fulfilled";
  return {
    status: ok ? ("ok" as const) : ("degraded" as const),
    database: database.status === "fulfilled" ? "ok" : "unreachable",
    queue: queue.status === "fulfilled" ? "ok" : "unreachable",
    queueBackend: deps.config.queueBackend,
  };
}
