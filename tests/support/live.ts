import type { Client } from "./server";

export type StreamInput = Parameters<Client["live"]["stream"]["subscribe"]>[0];
export type LiveMessage = {
  id: string;
  cursor: string;
  events: (
    | { key: string; kind: "data"; changes: unknown[] }
    | { key: string; kind: "run"; events: unknown[] }
    | { key: string; kind: "app"; runs: { runId: string; seq: number; type: string }[] }
  )[];
};

/**
 * Follows live.stream and collects what arrives; waits on conditions, never on time. `ended`
 * records how the stream stopped (the server completed it, or an error).
 */
export function follow(c: Client, input: StreamInput) {
  const messages: LiveMessage[] = [];
  const waiters: { check: () => boolean; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let failed: unknown = null;
  let ended: "completed" | "error" | null = null;
  const settle = () => {
    for (const w of [...waiters]) {
      if (w.check()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const sub = c.live.stream.subscribe(input, {
    onData: (event) => {
      messages.push({ id: event.id, ...(event.data as Omit<LiveMessage, "id">) });
      settle();
    },
    onError: (err) => {
      failed = err;
      ended = "error";
      settle();
      for (const w of waiters.splice(0)) w.reject(err);
    },
    onComplete: () => {
      ended ??= "completed";
      settle();
    },
  });
  const until = (check: () => boolean, what: string, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      if (failed) return reject(failed);
      const timer = setTimeout(
        () => reject(new Error(`${what} not met; failed=${String(failed)}; ended=${ended}`)),
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
    messages,
    get failed() {
      return failed;
    },
    get ended() {
      return ended;
    },
    until,
    ready: () => until(() => messages.length > 0, "first message"),
    /** Resolves once the stream has stopped, however. */
    ends: (timeoutMs?: number) => until(() => ended !== null, "stream end", timeoutMs),
    close: () => sub.unsubscribe(),
  };
}
