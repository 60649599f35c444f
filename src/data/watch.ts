import type { Db } from "../../db/tenant";
import { withTenant } from "../../db/tenant";
import { requireApp } from "../apps/apps";
import type { Actor } from "../context";
import { AsyncQueue } from "../realtime/async-queue";
import { type ChangeBatch, type LiveChange, readChangesTx } from "../realtime/changes";
import type { LiveHub } from "../realtime/hub";
import type { Scope } from "./schemas";

export interface WatchTarget {
  appId: string;
  scope: Scope;
  collection?: string | null;
  lastEventId?: string | null;
}

export interface WatchEvent {
  cursor: string;
  changes: LiveChange[];
}

const MAX_QUEUED_BATCHES = 1000;

/**
 * The live changes of one app scope (optionally one collection) after `lastEventId`, each event
 * carrying the cursor to resume from. A consumer that falls too far behind is dropped; it
 * reconnects with its cursor and misses nothing.
 */
export async function watchChanges(
  db: Db,
  hub: LiveHub,
  actor: Actor,
  target: WatchTarget,
  signal?: AbortSignal,
): Promise<AsyncGenerator<WatchEvent>> {
  // Checked before the stream starts, so an unknown app is a plain NOT_FOUND answer.
  await withTenant(db, { workspaceId: actor.workspaceId, userId: actor.userId }, (tx) =>
    requireApp(tx, actor, target.appId),
  );
  return streamChanges(db, hub, actor, target, signal);
}

async function* streamChanges(
  db: Db,
  hub: LiveHub,
  actor: Actor,
  target: WatchTarget,
  signal?: AbortSignal,
): AsyncGenerator<WatchEvent> {
  const matches = (c: LiveChange) =>
    c.appId === target.appId &&
    c.scope === target.scope &&
    (!target.collection || c.collection === target.collection);
  const queue = new AsyncQueue<ChangeBatch>(MAX_QUEUED_BATCHES, signal);
  const sub = await hub.subscribe(actor.workspaceId, { push: (b) => queue.push(b) });
  try {
    let cursor = target.lastEventId ?? sub.horizon;
    if (BigInt(cursor) < BigInt(sub.horizon)) {
      const from = cursor;
      const missed = await withTenant(db, { workspaceId: actor.workspaceId }, (tx) =>
        readChangesTx(tx, actor.workspaceId, from, sub.horizon, target),
      );
      cursor = sub.horizon;
      yield { cursor, changes: missed.filter(matches) };
    } else {
      yield { cursor, changes: [] };
    }
    for await (const batch of queue) {
      const fresh = batch.changes.filter((c) => BigInt(c.txid) >= BigInt(cursor) && matches(c));
      if (BigInt(batch.to) > BigInt(cursor)) cursor = batch.to;
      if (fresh.length > 0) yield { cursor, changes: fresh };
    }
  } finally {
    sub.close();
  }
}
