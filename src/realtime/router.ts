import { tracked } from "@trpc/server";
import { router, tenantSubscription } from "../trpc/init";
import { LiveStreamInput } from "./schemas";
import { openLiveStream } from "./stream";

export const liveRouter = router({
  /**
   * A tab's one live connection: app data, run events and app events, multiplexed. Membership,
   * apps and runs are checked on open and on every reconnect; the stream ends when access does.
   */
  stream: tenantSubscription.input(LiveStreamInput).subscription(async ({ ctx, input, signal }) => {
    const { db, live } = ctx.deps;
    const messages = await openLiveStream(
      { db: db.db, hub: live.hub, guard: live.guard },
      ctx.actor,
      ctx.sessionId,
      input,
      signal,
    );
    return (async function* () {
      for await (const { id, ...message } of messages) yield tracked(id, message);
    })();
  }),
});
