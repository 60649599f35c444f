import { follow } from "./live";
import type { Client } from "./server";

export interface SeenEvent {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** One run topic on live.stream; collects its events. */
export function watchRun(
  c: Client,
  input: { workspaceId: string; runId: string; lastEventId?: string },
) {
  const f = follow(c, {
    workspaceId: input.workspaceId,
    topics: [
      { kind: "run", key: "r", runId: input.runId, afterSeq: Number(input.lastEventId ?? 0) },
    ],
  });
  const events = (): SeenEvent[] =>
    f.messages.flatMap((m) =>
      m.events.flatMap((e) => (e.kind === "run" ? (e.events as SeenEvent[]) : [])),
    );
  const statuses = () =>
    events()
      .filter((e) => e.type === "status")
      .map((e) => e.data.status);
  const until = (check: () => boolean, what: string) =>
    f.until(
      check,
      `${what} (saw ${events()
        .map((e) => e.type)
        .join(",")})`,
      30_000,
    );
  return {
    get events() {
      return events();
    },
    statuses,
    untilStatus: (status: string, nth = 1) =>
      until(() => statuses().filter((s) => s === status).length >= nth, `status ${status}`),
    untilEvent: (type: string) =>
      until(() => events().some((e) => e.type === type), `a ${type} event`),
    close: f.close,
  };
}
