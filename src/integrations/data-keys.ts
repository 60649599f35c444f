import { eq } from "drizzle-orm";
import { workspaceDataKeys } from "../../db/schema";
import type { Tx } from "../../db/tenant";
import type { MasterKeys } from "../config";
import { newDataKey, unwrapDataKey, wrapDataKey } from "./crypto";

/** The workspace's data key, unwrapped; made (and wrapped by the current master key) on first use. */
export async function workspaceDataKey(
  tx: Tx,
  keys: MasterKeys,
  workspaceId: string,
): Promise<Uint8Array> {
  const read = () =>
    tx.select().from(workspaceDataKeys).where(eq(workspaceDataKeys.workspaceId, workspaceId));
  let [row] = await read();
  if (!row) {
    await tx
      .insert(workspaceDataKeys)
      .values({ workspaceId, ...wrapDataKey(keys.current, workspaceId, newDataKey()) })
      .onConflictDoNothing();
    [row] = await read();
  }
  return unwrapDataKey(keys, workspaceId, row!);
}

/** The workspace's data key if it has one already (reading secrets never makes one). */
export async function existingDataKey(tx: Tx, keys: MasterKeys, workspaceId: string) {
  const [row] = await tx
    .select()
    .from(workspaceDataKeys)
    .where(eq(workspaceDataKeys.workspaceId, workspaceId));
  return row ? unwrapDataKey(keys, workspaceId, row) : null;
}
