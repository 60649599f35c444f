import type { Client } from "./server";

type WatchInput = Parameters<Client["data"]["watch"]["subscribe"]>[0];
interface Change {
  id: string;
  op: string;
  version: number;
  txid: string;
  collection: string;
  doc: Record<string, unknown> | null;
}

/** Subscribes to data.watch and collects what arrives; waits on conditions, never on time. */
export function watch(c: Client, input: WatchInput) {
  const changes: Change[] = [];
  let cursor: string | null = null;
  let ready = false;
  const waiters: { check: () => boolean; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let failed: unknown = null;
  const settle = () => {
    for (const w of [...waiters]) {
      if (w.check()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const sub = c.data.watch.subscribe(input, {
    onData: (event) => {
      ready = true;
      cursor = event.id;
      changes.push(...(event.data.changes as Change[]));
      settle();
    },
    onError: (err) => {
      failed = err;
      for (const w of waiters.splice(0)) w.reject(err);
    },
  });
  const until = (check: () => boolean, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      if (failed) return reject(failed);
      const timer = setTimeout(
        () =>
          reject(
            new Error(`condition not met; failed=${String(failed)}; got ${changes.length} changes`),
          ),
        timeoutMs,
      );
      waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  return {
    changes,
    get cursor() {
      return cursor;
    },
    ready: () => until(() => ready),
    count: (n: number, timeoutMs?: number) => until(() => changes.length >= n, timeoutMs),
    close: () => sub.unsubscribe(),
  };
}
