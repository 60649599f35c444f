import { TRPCError } from "@trpc/server";
import { authedProcedure, publicProcedure, router } from "../trpc/init";
import { clearedSessionCookie, sessionCookie } from "./cookie";
import { OnboardInput, UpdateProfileInput } from "./schemas";
import { createLocalIdentity, revokeSession, updateDisplayName } from "./service";

export const authRouter = router({
  session: publicProcedure.query(async ({ ctx }) => {
    const identity = await ctx.identity();
    return {
      mode: ctx.deps.auth.mode,
      selfOnboarding: ctx.deps.auth.selfOnboarding,
      user: identity ? { id: identity.userId, displayName: identity.displayName } : null,
    };
  }),

  onboard: publicProcedure.input(OnboardInput).mutation(async ({ ctx, input }) => {
    if (!ctx.deps.auth.selfOnboarding) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: "This server signs people in through its identity provider.",
      });
    }
    const claims = await createLocalIdentity(ctx.deps.db.db, input.displayName);
    ctx.resHeaders.append(
      "Set-Cookie",
      await sessionCookie(claims, ctx.deps.config.sessionSecret, ctx.secure),
    );
    return { id: claims.userId, displayName: input.displayName };
  }),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await revokeSession(ctx.deps.db.db, ctx.identity);
    ctx.resHeaders.append("Set-Cookie", clearedSessionCookie(ctx.secure));
    return { ok: true };
  }),

  updateProfile: authedProcedure.input(UpdateProfileInput).mutation(async ({ ctx, input }) => {
    const updated = await updateDisplayName(ctx.deps.db.db, ctx.identity.userId, input.displayName);
    // Remembered sessions carry the old name; other processes' expire within the cache's TTL.
    ctx.deps.access.clear();
    return updated;
  }),
});
