import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { RouterOutputs } from "../../../../src/api-types";
import type { Pin } from "../../bridge/relay";
import { trpcClient, useTRPC } from "../../lib/trpc";
import type { AppDocument, LiveChange } from "../../lib/types";
import { useLiveTopic } from "../../lib/use-live";

export type DocumentPage = RouterOutputs["data"]["list"];

export const EXPLORER_PAGE_SIZE = 200;

/** The explorer's one list query per collection: the newest documents first. */
export const listInput = (pin: Pin, collection: string) => ({
  ...pin,
  collection,
  limit: EXPLORER_PAGE_SIZE,
  sort: { field: "_createdAt", direction: "desc" as const },
});

const newestFirst = (a: AppDocument, b: AppDocument) =>
  a._createdAt === b._createdAt
    ? b._id.localeCompare(a._id)
    : b._createdAt.localeCompare(a._createdAt);

/** A server version of a document into the page, unless the page already has a newer one. */
export function upsertDoc(page: DocumentPage, doc: AppDocument): DocumentPage {
  const at = page.documents.findIndex((d) => d._id === doc._id);
  if (at >= 0) {
    if (page.documents[at]!._version >= doc._version) return page;
    const documents = [...page.documents];
    documents[at] = doc;
    return { ...page, documents };
  }
  return { ...page, documents: [...page.documents, doc].sort(newestFirst) };
}

export function dropDoc(page: DocumentPage, id: string, version?: number): DocumentPage {
  const doc = page.documents.find((d) => d._id === id);
  if (!doc || (version !== undefined && doc._version >= version)) return page;
  return { ...page, documents: page.documents.filter((d) => d._id !== id) };
}

export function applyChanges(page: DocumentPage, changes: LiveChange[]): DocumentPage {
  return changes.reduce(
    (acc, c) => (c.doc ? upsertDoc(acc, c.doc) : dropDoc(acc, c.id, c.version)),
    page,
  );
}

/** Writes a document the explorer just saved into its cached list, ahead of the live echo. */
export function useCacheWrite(pin: Pin) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (collection: string, update: (page: DocumentPage) => DocumentPage) => {
      queryClient.setQueryData(trpc.data.list.queryKey(listInput(pin, collection)), (old) =>
        old ? update(old) : old,
      );
      void queryClient.invalidateQueries(trpc.data.collections.queryFilter(pin));
    },
    [queryClient, trpc, pin],
  );
}

/**
 * Keeps the explorer's cached lists and counts current from the app scope's data topic on the
 * tab's live stream, which resumes from its cursor after a reconnect.
 */
export function useLiveData(pin: Pin) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const write = useCacheWrite(pin);

  return useLiveTopic(
    pin.workspaceId,
    { kind: "data", appId: pin.appId, scope: pin.scope },
    {
      // Lists read before the topic went live may have missed a write: read them again.
      onLive: () => {
        void queryClient.invalidateQueries(trpc.data.list.queryFilter({ ...pin }));
        void queryClient.invalidateQueries(trpc.data.collections.queryFilter(pin));
      },
      onEvent: (event) => {
        const byCollection = new Map<string, LiveChange[]>();
        for (const c of event.changes) {
          byCollection.set(c.collection, [...(byCollection.get(c.collection) ?? []), c]);
        }
        for (const [collection, changes] of byCollection) {
          write(collection, (page) => applyChanges(page, changes));
        }
      },
    },
  );
}

/** Every document of a collection, page by page, for export. */
export async function readAll(pin: Pin, collection: string): Promise<AppDocument[]> {
  const all: AppDocument[] = [];
  let cursor: string | null = null;
  do {
    const page: DocumentPage = await trpcClient.data.list.query({
      ...pin,
      collection,
      limit: EXPLORER_PAGE_SIZE,
      cursor,
    });
    all.push(...page.documents);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
