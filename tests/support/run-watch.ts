import type { Client } from "./server";

export interface SeenEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** Follows runs.watch and collects events; waits on conditions, never on time alone. */
export function watchRun(
  c: Client,
  input: { workspaceId: string; runId: string; lastEventId?: string },
) {
  const events: SeenEvent[] = [];
  const waiters: { check: () => boolean; done: () => void }[] = [];
  let failed: unknown = null;
  const sub = c.runs.watch.subscribe(input, {
    onData: (e) => {
      events.push({ seq: e.data.seq, type: e.data.type, data: e.data.data });
      for (const w of [...waiters]) {
        if (!w.check()) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.done();
      }
    },
    onError: (err) => {
      failed = err;
    },
  });
  const until = (check: () => boolean, what: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `run never reached ${what}; failed=${String(failed)}; saw ${events.map((e) => e.type).join(",")}`,
            ),
          ),
        timeoutMs,
      );
      waiters.push({
        check,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  const statuses = () => events.filter((e) => e.type === "status").map((e) => e.data.status);
  return {
    events,
    statuses,
    untilStatus: (status: string, nth = 1) =>
      until(() => statuses().filter((s) => s === status).length >= nth, `status ${status}`),
    untilEvent: (type: string) =>
      until(() => events.some((e) => e.type === type), `a ${type} event`),
    close: () => sub.unsubscribe(),
  };
}
