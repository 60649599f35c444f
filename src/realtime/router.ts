import { router, tenantSubscription } from "../trpc/init";
import { LiveStreamInput } from "./schemas";
import { LiveStreamHandle } from "./sse";
import { openLiveStream } from "./stream";

export const liveRouter = router({
  /**
   * A tab's one live connection: app data, run events and app events, multiplexed. Membership,
   * apps and runs are checked on open and on every reconnect; the stream ends when access does.
   * Served over SSE by the route in sse.ts (tRPC's protocol, frames shared by subscribers).
   */
  stream: tenantSubscription.input(LiveStreamInput).subscription(async ({ ctx, input, signal }) => {
    const { db, live } = ctx.deps;
    const connection = await openLiveStream(
      { db: db.db, hub: live.hub, guard: live.guard },
      ctx.actor,
      ctx.sessionId,
      input,
    );
    return new LiveStreamHandle(connection, signal);
  }),
});
