import { PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import type { Db, Tx } from "./client";

export interface TenantScope {
  /** The workspace whose rows the transaction may touch. */
  workspaceId?: string | null;
  /** The acting user: unlocks their own rows (profile, sessions, memberships) before a workspace is chosen. */
  userId?: string | null;
  /** Further transaction-local settings, sent with BEGIN (e.g. a read's statement timeout). */
  settings?: Readonly<Record<string, string>>;
}

/** The postgres.js connection under a drizzle transaction, for hot paths that want prepared statements. */
export function rawOf(tx: Tx): postgres.TransactionSql {
  return (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
}

/** What drizzle keeps on a database object to build a session on another client. */
interface DrizzleInternals {
  $client: postgres.Sql;
  session: { dialect: unknown; schema: unknown; options: unknown };
}

// Work to run once a transaction has committed, by the transaction's connection handle.
const onCommit = new WeakMap<object, (() => void)[]>();

/**
 * Runs `fn` once the tenant transaction `tx` has committed (not at all if it rolls back). Outside
 * withTenant there is no commit to wait for: it runs at once.
 */
export function afterCommit(tx: Tx, fn: () => void): void {
  const hooks = onCommit.get(rawOf(tx));
  if (hooks) hooks.push(fn);
  else fn();
}

/**
 * The transaction's connection as drizzle sees it. Nested drizzle transactions (`tx.transaction`)
 * become savepoints on it. Drizzle sends its statements unprepared, and postgres.js then asks
 * PostgreSQL for an unprepared statement's parameter types before sending it (a round trip of
 * its own, which also stops everything queued behind it): prepared, a statement is one round
 * trip after its first use on a connection, and travels with the statements around it.
 */
function forDrizzle(conn: postgres.ReservedSql) {
  let n = 0;
  const unsafe = conn.unsafe;
  return Object.assign(conn, {
    unsafe(query: string, params?: postgres.ParameterOrJSON<never>[], options?: object) {
      return params?.length
        ? unsafe(query, params, { ...options, prepare: true })
        : unsafe(query, params, options);
    },
    async savepoint<T>(fn: (sql: postgres.ReservedSql) => Promise<T>): Promise<T> {
      const name = `s${n++}`;
      await conn.unsafe(`savepoint ${name}`);
      try {
        const out = await fn(conn);
        await conn.unsafe(`release savepoint ${name}`);
        return out;
      } catch (err) {
        await conn.unsafe(`rollback to savepoint ${name}`);
        throw err;
      }
    },
  });
}

/** A string as an SQL literal, whatever `standard_conforming_strings` says. */
const literal = (v: string) => `E'${v.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;

/**
 * BEGIN and the settings as one simple-protocol message: one message and one answer instead of
 * a statement each (values inline, as literals: a simple query takes no parameters).
 */
function beginWith(scope: TenantScope) {
  const all = {
    ...scope.settings,
    "app.workspace_id": scope.workspaceId ?? "",
    "app.user_id": scope.userId ?? "",
  };
  const calls = Object.entries(all).map(
    ([k, v]) => `set_config(${literal(k)}, ${literal(v)}, true)`,
  );
  return `begin; select ${calls.join(", ")}`;
}

/**
 * The only door to tenant tables: one transaction with the RLS settings set transaction-locally,
 * so nothing leaks to the next user of the pooled connection.
 *
 * Round trips are most of a request's cost (docs/decisions/0002-request-path.md), so BEGIN and the
 * settings are not awaited: on a reserved connection they travel in one write with the first
 * statement of `fn`, and PostgreSQL runs them in order. A statement that failed inside `fn` leaves
 * the transaction aborted even if `fn` caught the error; COMMIT then reports ROLLBACK, and that
 * is an error here too, as it is for postgres.js's own `begin`.
 */
export async function withTenant<T>(db: Db, scope: TenantScope, fn: (tx: Tx) => Promise<T>) {
  const inner = db as unknown as DrizzleInternals;
  const conn = forDrizzle(await inner.$client.reserve());
  const hooks: (() => void)[] = [];
  onCommit.set(conn, hooks);
  // A connection lost mid-transaction never answers what was sent on it: like postgres.js's own
  // `begin`, race every wait against its close, and never hand a closed connection back.
  let connection: { onclose: ((e: Error) => void) | null } | undefined;
  let lost: Error | undefined;
  let onLost: (e: Error) => void = () => {};
  const closed = new Promise<never>((_, reject) => {
    onLost = reject;
  });
  closed.catch(() => {});
  const onexecute = (c: NonNullable<typeof connection>) => {
    connection = c;
    c.onclose = (e) => {
      lost = e;
      onLost(e);
    };
    return true;
  };
  const setup = conn.unsafe(beginWith(scope), [], { onexecute } as postgres.UnsafeQueryOptions);
  // Seen by `setup` below; this keeps an early failure of `fn` from leaving it unhandled.
  setup.execute().catch(() => {});
  const race = <R>(p: Promise<R>) => Promise.race([p, closed]);
  let out: T;
  try {
    const { dialect, options } = inner.session;
    const Session = PostgresJsSession as unknown as new (...a: unknown[]) => object;
    const Transaction = PostgresJsTransaction as unknown as new (...a: unknown[]) => Tx;
    // Without the schema: drizzle would build a relational query builder per table for every
    // transaction, and nothing here uses them (`tx.query` is empty).
    const tx = new Transaction(dialect, new Session(conn, dialect, undefined, options), undefined);
    try {
      out = await race(fn(tx));
      await race(setup);
    } catch (err) {
      if (!lost) await race(conn.unsafe("rollback")).catch(() => {});
      throw err;
    }
    const done = await race(conn.unsafe("commit"));
    if (done.command !== "COMMIT") {
      throw new Error("The transaction was rolled back: one of its statements failed.");
    }
  } finally {
    onCommit.delete(conn);
    if (connection) connection.onclose = null;
    if (!lost) conn.release();
  }
  for (const hook of hooks) hook();
  return out;
}

export type { Db, Tx };
