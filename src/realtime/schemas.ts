import { z } from "zod";
import { collection, scope } from "../data/schemas";
import { parseSnapshot } from "./snapshot";

/** Most topics one stream carries: a tab's app preview, explorer, chat and app events. */
export const MAX_TOPICS = 48;

const key = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/,
    "Topic keys use 1–32 letters, digits, _ or -, starting with a letter or digit.",
  );
/** A snapshot cursor (snapshot.ts), or the older bare-number horizon. */
export const cursor = z
  .string()
  .max(800, "That is not a valid live cursor.")
  .refine((t) => parseSnapshot(t) !== null, "That is not a valid live cursor.");
const appId = z.uuid("That is not a valid app id.");

/** What a tab follows. Data and app topics resume from a change-log cursor, run topics by seq. */
export const LiveTopic = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("data"),
    key,
    appId,
    scope,
    collection: collection.nullish(),
    cursor: cursor.nullish(),
  }),
  z.object({
    kind: z.literal("run"),
    key,
    runId: z.uuid("That is not a valid run id."),
    afterSeq: z.number().int().min(0).max(2_147_483_647).default(0),
  }),
  z.object({ kind: z.literal("app"), key, appId, cursor: cursor.nullish() }),
  /** Workspace news without content: today, that the review inbox changed. */
  z.object({ kind: z.literal("workspace"), key, cursor: cursor.nullish() }),
]);

export const LiveStreamInput = z.object({
  topics: z
    .array(LiveTopic)
    .min(1, "Follow at least one topic.")
    .max(MAX_TOPICS, `A stream follows at most ${MAX_TOPICS} topics.`)
    .refine((ts) => new Set(ts.map((t) => t.key)).size === ts.length, "Topic keys must differ."),
  /** Set by the client link on reconnect: the id of the last event it received. */
  lastEventId: z.string().max(4096).nullish(),
});

export type LiveTopic = z.infer<typeof LiveTopic>;
export type LiveStreamInput = z.infer<typeof LiveStreamInput>;
