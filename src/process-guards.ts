import { type Logger, stackFrames } from "./log";

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
      log.warn("database connection lost mid-write; reconnecting", { err });
      return;
    }
    log.error("uncaught exception", { err, frames: stackFrames(err) });
    process.exit(1);
  });
  // The runtime's own report would print the whole error object: a query's parameters, or a
  // database client with its password.
  process.on("unhandledRejection", (err) => {
    log.error("unhandled rejection", { err, frames: stackFrames(err) });
    process.exit(1);
  });
}

/** Runs `stop` once on SIGINT or SIGTERM (a terminal's Ctrl-C and `npm run dev` both send one). */
export function onShutdownSignal(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      await stop(signal);
      process.exit(0);
    });
  }
}
