import { and, eq, sql } from "drizzle-orm";
import { memberships, teamMembers, teams, users } from "../../db/schema";
import { recordAudit } from "../audit/record";
import { requirePermission, type TenantCtx } from "../context";

const SAMPLE_NAMES = [
  "Grace Hopper",
  "Alan Turing",
  "Katherine Johnson",
  "Barbara Liskov",
  "Edsger Dijkstra",
  "Margaret Hamilton",
  "Donald Knuth",
  "Radia Perlman",
  "Frances Allen",
  "Ken Thompson",
  "Hedy Lamarr",
  "John McCarthy",
];

/**
 * Local mode has no invitations: an admin adds sample people so roles and teams can be tried.
 * Each new user row is written under its own user id, which is what the users policy allows.
 */
export async function addSampleMembers({ tx, actor }: TenantCtx, count: number) {
  requirePermission(actor, "members:manage");
  const existing = await tx
    .select({ name: users.displayName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, actor.workspaceId));
  const taken = new Set(existing.map((e) => e.name));
  const names = SAMPLE_NAMES.filter((n) => !taken.has(n));
  for (let round = 2; names.length < count; round++) {
    names.push(...SAMPLE_NAMES.map((n) => `${n} ${round}`).filter((n) => !taken.has(n)));
  }
  const [general] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.isDefault, true)));
  const added: { userId: string; displayName: string }[] = [];
  for (const displayName of names.slice(0, count)) {
    const userId = crypto.randomUUID();
    await tx.execute(sql`select set_config('app.user_id', ${userId}, true)`);
    await tx.insert(users).values({ id: userId, displayName });
    await tx.execute(sql`select set_config('app.user_id', ${actor.userId}, true)`);
    await tx.insert(memberships).values({ workspaceId: actor.workspaceId, userId, role: "member" });
    if (general) {
      await tx
        .insert(teamMembers)
        .values({ workspaceId: actor.workspaceId, teamId: general.id, userId });
    }
    await recordAudit(tx, actor, {
      action: "member.added",
      summary: `${actor.displayName} added ${displayName} as a member`,
      target: { type: "member", id: userId, name: displayName },
      metadata: { role: "member", sample: true },
    });
    added.push({ userId, displayName });
  }
  return { added };
}
