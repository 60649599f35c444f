import { and, eq } from "drizzle-orm";
import { createDatabase } from "../../db/client";
import { memberships, type Role, teamMembers, teams } from "../../db/schema";
import { withTenant } from "../../db/tenant";
import type { TestDatabase } from "./db";

/**
 * Makes an existing (signed-up) user a member of a workspace — what an invitation will do once
 * invitations exist. Goes through the runtime role and the tenant helper like the app does.
 */
export async function addMembership(
  db: TestDatabase,
  workspaceId: string,
  userId: string,
  role: Role,
) {
  const { db: d, close } = createDatabase(db.appUrl, { max: 1 });
  try {
    await withTenant(d, { workspaceId }, async (tx) => {
      await tx.insert(memberships).values({ workspaceId, userId, role });
      const [general] = await tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(eq(teams.workspaceId, workspaceId), eq(teams.isDefault, true)));
      await tx.insert(teamMembers).values({ workspaceId, teamId: general!.id, userId });
    });
  } finally {
    await close();
  }
}
