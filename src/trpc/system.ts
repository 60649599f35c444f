import { tracked } from "@trpc/server";
import { z } from "zod";
import { publicProcedure, router } from "./init";

export const systemRouter = router({
  /** A tracked tick stream: lets clients and probes check that live streams reach them. */
  heartbeat: publicProcedure
    .input(
      z.object({
        intervalMs: z.number().int().min(100).max(60_000).default(5_000),
        lastEventId: z
          .string()
          .regex(/^\d{1,15}$/)
          .nullish(),
      }),
    )
    .subscription(async function* ({ input, signal }) {
      let n = Number(input.lastEventId ?? 0) || 0;
      while (!signal?.aborted) {
        n++;
        yield tracked(String(n), { n, at: new Date().toISOString() });
        await new Promise((r) => setTimeout(r, input.intervalMs));
      }
    }),
});
