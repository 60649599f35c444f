// Adds sample members to a workspace (local mode has no invitations), through the same domain verb
// as Settings → Members → "Add sample members":  bun run db:seed -- <workspace-id> [count] [owner-user-id]
import { and, eq } from "drizzle-orm";
import { createDatabase } from "../db/client";
import { memberships, users } from "../db/schema";
import { withTenant } from "../db/tenant";
import { loadConfig } from "../src/config";
import { addSampleMembers } from "../src/workspaces/sample-members";

const [workspaceId, countArg] = process.argv.slice(2);
if (!workspaceId) {
  console.error("Usage: bun run db:seed -- <workspace-id> [count]");
  process.exit(2);
}
const config = loadConfig();
const { db, close } = createDatabase(config.appDatabaseUrl, { max: 1 });
try {
  const added = await withTenant(db, { workspaceId }, async (tx) => {
    const [owner] = await tx
      .select({ userId: memberships.userId, displayName: users.displayName })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")))
      .limit(1);
    if (!owner) throw new Error(`No workspace ${workspaceId} (or it has no owner).`);
    const actor = { kind: "user" as const, ...owner, workspaceId, role: "owner" as const };
    return addSampleMembers({ tx, actor }, Number(countArg ?? 3));
  });
  for (const m of added.added) console.log(`added ${m.displayName} (${m.userId})`);
} finally {
  await close();
}
