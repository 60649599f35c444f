import postgres from "postgres";
import type { TestDatabase } from "./db";

/**
 * Publishes an app's current build for a test, straight into the tables (owner connection):
 * an app_versions row with the build, its source hash and the agents approval as it stands (the
 * approved payload and mode), the app's target teams replaced by `teamIds`, and
 * apps.published_version_id pointing at the new version. For tests that need a published app
 * and its viewers, not the publishing flow itself. `collections` is the collections.json the version
 * publishes (its access rules), when the test needs one.
 */
export async function publishForTest(
  db: TestDatabase,
  at: { workspaceId: string; appId: string },
  teamIds: string[],
  collections?: Record<string, unknown>,
): Promise<string> {
  const sql = postgres(db.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql.begin(async (tx) => {
      const [build] = await tx<{ id: string; snapshot_id: string; source_hash: string }[]>`
        select b.id, b.snapshot_id, s.source_hash
        from app_builds b join app_snapshots s
          on s.workspace_id = b.workspace_id and s.id = b.snapshot_id
        where b.workspace_id = ${at.workspaceId} and b.app_id = ${at.appId}
          and b.status = 'succeeded'
        order by b.created_at desc limit 1`;
      if (!build) throw new Error("publishForTest: the app has no succeeded build");
      const [approval] = await tx<
        { hash: string; payload: Record<string, unknown>; mode: string }[]
      >`
        select hash, payload, mode from app_agent_approvals
        where workspace_id = ${at.workspaceId} and app_id = ${at.appId} and stale_at is null`;
      const id = crypto.randomUUID();
      await tx`
        insert into app_versions (workspace_id, id, app_id, number, build_id, snapshot_id,
          source_hash, agents_hash, agents_payload, agents_mode, collections, team_ids,
          published_by_name)
        select ${at.workspaceId}, ${id}, ${at.appId},
          coalesce(max(number), 0) + 1, ${build.id}, ${build.snapshot_id}, ${build.source_hash},
          ${approval?.hash ?? null}, ${approval ? tx.json(approval.payload as never) : null},
          ${approval?.mode ?? null}, ${collections ? tx.json(collections as never) : null},
          ${tx.json(teamIds)}, 'Test publisher'
        from app_versions where workspace_id = ${at.workspaceId} and app_id = ${at.appId}`;
      await tx`update apps set published_version_id = ${id}
        where workspace_id = ${at.workspaceId} and id = ${at.appId}`;
      await tx`delete from app_teams where workspace_id = ${at.workspaceId} and app_id = ${at.appId}`;
      for (const teamId of teamIds)
        await tx`insert into app_teams (workspace_id, app_id, team_id)
          values (${at.workspaceId}, ${at.appId}, ${teamId})`;
      return id;
    });
  } finally {
    await sql.end();
  }
}
