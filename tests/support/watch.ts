import { follow } from "./live";
import type { Client } from "./server";

interface WatchInput {
  workspaceId: string;
  appId: string;
  scope: "draft" | "published";
  collection?: string;
  /** A cursor from an earlier watch, to resume from. */
  lastEventId?: string | null;
}
interface Change {
  id: string;
  op: string;
  version: number;
  txid: string;
  collection: string;
  doc: Record<string, unknown> | null;
}

/** One data topic on live.stream; collects its changes. */
export function watch(c: Client, input: WatchInput) {
  const { workspaceId, lastEventId, ...target } = input;
  const f = follow(c, {
    workspaceId,
    topics: [{ kind: "data", key: "d", ...target, cursor: lastEventId ?? null }],
  });
  const changes = () =>
    f.messages.flatMap((m) =>
      m.events.flatMap((e) => (e.kind === "data" ? (e.changes as Change[]) : [])),
    );
  return {
    get changes() {
      return changes();
    },
    get cursor() {
      return f.messages.at(-1)?.cursor ?? null;
    },
    ready: f.ready,
    count: (n: number, timeoutMs?: number) =>
      f.until(() => changes().length >= n, `${n} changes`, timeoutMs),
    close: f.close,
  };
}
