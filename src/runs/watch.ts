import { type Db, withTenant } from "../../db/tenant";
import type { Actor } from "../context";
import { AsyncQueue } from "../realtime/async-queue";
import type { ChangeBatch, LiveRunEvent } from "../realtime/changes";
import type { LiveHub } from "../realtime/hub";
import { readRunEvents } from "./events";
import { requireRun } from "./runs";

const MAX_QUEUED_BATCHES = 1000;

/**
 * A run's events after `lastEventId` (its last seen seq): a late viewer replays from the start,
 * a reconnecting one gets exactly what it missed, then both follow live through the hub.
 */
export async function watchRun(
  db: Db,
  hub: LiveHub,
  actor: Actor,
  target: { runId: string; lastEventId?: string | null },
  signal?: AbortSignal,
): Promise<AsyncGenerator<LiveRunEvent[]>> {
  await withTenant(db, { workspaceId: actor.workspaceId }, (tx) =>
    requireRun(tx, actor, target.runId),
  );
  return stream(db, hub, actor, target, signal);
}

async function* stream(
  db: Db,
  hub: LiveHub,
  actor: Actor,
  target: { runId: string; lastEventId?: string | null },
  signal?: AbortSignal,
): AsyncGenerator<LiveRunEvent[]> {
  const queue = new AsyncQueue<ChangeBatch>(MAX_QUEUED_BATCHES, signal);
  // Subscribe first, then replay: anything committed in between arrives twice and is dropped by seq.
  const sub = await hub.subscribe(actor.workspaceId, { push: (b) => queue.push(b) });
  try {
    let cursor = Number(target.lastEventId ?? 0);
    const missed = await withTenant(db, { workspaceId: actor.workspaceId }, (tx) =>
      readRunEvents(tx, actor.workspaceId, target.runId, cursor),
    );
    if (missed.length > 0) {
      cursor = missed[missed.length - 1]!.seq;
      yield missed;
    }
    for await (const batch of queue) {
      const fresh = batch.runEvents.filter((e) => e.runId === target.runId && e.seq > cursor);
      if (fresh.length === 0) continue;
      cursor = fresh[fresh.length - 1]!.seq;
      yield fresh;
    }
  } finally {
    sub.close();
  }
}
