import { rawOf, type Tx } from "../../db/tenant";

export interface RunEventInput {
  type: string;
  data: Record<string, unknown>;
}

/**
 * Appends events to a run in order. Appenders of one run take turns (advisory lock until commit),
 * so `seq` is also the order in which the events become visible.
 */
export async function appendRunEvents(
  tx: Tx,
  workspaceId: string,
  runId: string,
  events: RunEventInput[],
) {
  if (events.length === 0) return;
  const q = rawOf(tx);
  await q`select pg_advisory_xact_lock(hashtextextended(${`run-events:${runId}`}, 0))`;
  await q`
    insert into run_events (workspace_id, run_id, seq, type, data)
    select ${workspaceId}, ${runId},
      coalesce((select max(seq) from run_events where workspace_id = ${workspaceId} and run_id = ${runId}), 0) + e.n,
      e.type, e.data
    from jsonb_to_recordset(${JSON.stringify(events.map((e, i) => ({ ...e, n: i + 1 })))}::jsonb)
      as e(n int, type text, data jsonb)`;
}

export async function readRunEvents(tx: Tx, workspaceId: string, runId: string, afterSeq: number) {
  const rows = await rawOf(tx)`
    select seq, type, data, at from run_events
    where workspace_id = ${workspaceId} and run_id = ${runId} and seq > ${afterSeq}
    order by seq`;
  return rows.map((r) => ({
    runId,
    seq: r.seq as number,
    type: r.type as string,
    data: r.data as Record<string, unknown>,
    at: new Date(r.at as string).toISOString(),
  }));
}
