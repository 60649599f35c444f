import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import {
  type CollectionDecl,
  declaredCollection,
  type FieldDecl,
} from "../../../../src/sdk/collections";
import type { Pin } from "../../bridge/relay";
import { useTRPC } from "../../lib/trpc";
import type { AppDocument } from "../../lib/types";
import { listInput } from "./live-data";

/** The app's collections.json from its current build: null when it declares none. */
export function useDeclaredCollections(pin: Pin) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.builds.collections.queryOptions({ workspaceId: pin.workspaceId, appId: pin.appId }),
  );
  return query.data?.declared ?? null;
}

export function useDeclaredCollection(pin: Pin, collection: string): CollectionDecl | null {
  return declaredCollection(useDeclaredCollections(pin), collection);
}

export const fieldLabel = (name: string, field: FieldDecl) => field.label ?? name;

/** A record's title: its display field, else its first text field, else its id. */
export function titleOf(doc: AppDocument, decl: CollectionDecl | null): string {
  const fields = decl ? Object.entries(decl.fields) : [];
  const key =
    decl?.display ?? fields.find(([, f]) => f.type === "string" || f.type === "text")?.[0];
  const value = key && Object.hasOwn(doc, key) ? doc[key] : undefined;
  return typeof value === "string" && value.trim() ? value : doc._id;
}

/**
 * Titles of the records a reference field points at, from the explorer's own list of the target
 * collection (live, the newest page); a record outside it shows as "missing or older".
 */
export function useReferenceTitles(pin: Pin, target: string | undefined) {
  const trpc = useTRPC();
  const declared = useDeclaredCollections(pin);
  const list = useQuery({
    ...trpc.data.list.queryOptions(listInput(pin, target ?? "_")),
    enabled: target !== undefined,
  });
  return useMemo(() => {
    const decl = target ? declaredCollection(declared, target) : null;
    const titles = new Map<string, string>();
    for (const doc of list.data?.documents ?? []) titles.set(doc._id, titleOf(doc, decl));
    return { titles, loading: list.isPending && target !== undefined };
  }, [list.data, list.isPending, declared, target]);
}
