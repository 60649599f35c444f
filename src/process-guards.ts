import type { Logger } from "./log";

/**
 * postgres.js 3.4 can write to a socket it has just closed when PostgreSQL goes away mid-query
 * (a restart, a failover): the TypeError surfaces from a timer, outside any query's promise. The
 * affected query already failed and the pool reconnects, so that one error is logged, not fatal.
 * Anything else still ends the process.
 */
export function isPostgresSocketRace(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    /socket\.write|reading 'write'/.test(err.message) &&
    /postgres[\\/]src[\\/]connection\.js/.test(err.stack ?? "")
  );
}

export function installProcessGuards(log: Logger): void {
  process.on("uncaughtException", (err) => {
    if (isPostgresSocketRace(err)) {
      log.warn("database connection lost mid-write; reconnecting", { err: err.message });
      return;
    }
    log.error("uncaught exception", { err: String(err), stack: (err as Error)?.stack });
    process.exit(1);
  });
}
