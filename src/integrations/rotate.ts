import type postgres from "postgres";
import type { MasterKeys } from "../config";
import { ServiceError } from "../errors";
import { unwrapDataKey, wrapDataKey } from "./crypto";

export interface Rotation {
  rewrapped: number;
  alreadyCurrent: number;
}

/**
 * Re-wraps every workspace's data key under the current master key, in one transaction: all or
 * nothing. Secrets are encrypted with the data keys, so none of them is touched. Runs on the owner
 * connection, which must see every workspace's row (a superuser or BYPASSRLS role, as the
 * migrator is); a role that RLS would silently limit is refused.
 */
export async function rotateMasterKey(owner: postgres.Sql, keys: MasterKeys): Promise<Rotation> {
  return owner.begin(async (tx) => {
    const [role] = await tx<{ ok: boolean }[]>`
      select rolsuper or rolbypassrls as ok from pg_roles where rolname = current_user`;
    if (!role?.ok)
      throw new ServiceError(
        "FORBIDDEN",
        "Rotating the master key needs the owner connection of a superuser or BYPASSRLS role (DATABASE_URL), which sees every workspace.",
      );
    const rows = await tx<{ workspace_id: string; master_key_id: string; wrapped_key: string }[]>`
      select workspace_id, master_key_id, wrapped_key from workspace_data_keys for update`;
    const stale = rows.filter((r) => r.master_key_id !== keys.current.id);
    const known = new Set(keys.previous.map((k) => k.id));
    const unknown = stale.filter((r) => !known.has(r.master_key_id));
    if (unknown.length > 0)
      throw new ServiceError(
        "PRECONDITION_FAILED",
        `${unknown.length} workspace data key(s) are wrapped by a master key that is neither SECOND_MASTER_KEY nor in SECOND_MASTER_KEY_PREVIOUS; nothing was changed.`,
      );
    for (const r of stale) {
      const dataKey = unwrapDataKey(keys, r.workspace_id, {
        masterKeyId: r.master_key_id,
        wrappedKey: r.wrapped_key,
      });
      const wrapped = wrapDataKey(keys.current, r.workspace_id, dataKey);
      await tx`update workspace_data_keys set master_key_id = ${wrapped.masterKeyId},
        wrapped_key = ${wrapped.wrappedKey}, rewrapped_at = now()
        where workspace_id = ${r.workspace_id}`;
    }
    return { rewrapped: stale.length, alreadyCurrent: rows.length - stale.length };
  });
}
