import { useQuery } from "@tanstack/react-query";
import { Check, Minus, TriangleAlert } from "lucide-react";
import { type FieldDecl, valueProblem } from "../../../../src/sdk/collections";
import type { Pin } from "../../bridge/relay";
import { formatDate, formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { cn } from "../../lib/utils";
import { Badge } from "../ui/badge";
import { titleOf, useDeclaredCollection, useReferenceTitles } from "./declared";
import { cellText } from "./json";

const numberFmt = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });

/** A stored value shown as its declared type; a value that does not fit is flagged, not hidden. */
export function TypedCell({
  pin,
  field,
  value,
  onJump,
}: {
  pin: Pin;
  field: FieldDecl;
  value: unknown;
  onJump: (collection: string, id: string) => void;
}) {
  const problem = valueProblem(field, value);
  if (problem) return <Mismatch problem={problem} value={value} />;
  if (value === undefined || value === null || value === "") return <Empty />;
  switch (field.type) {
    case "boolean":
      return value ? (
        <Check className="size-4 text-(--success)" aria-label="Yes" />
      ) : (
        <Minus className="size-4 text-(--muted-foreground)/70" aria-label="No" />
      );
    case "number":
    case "integer":
      return <span className="tabular-nums">{numberFmt.format(value as number)}</span>;
    case "date":
      return <Plain text={formatDate(`${value as string}T00:00:00`)} full={value as string} />;
    case "datetime":
      return <Plain text={formatDateTime(value as string)} full={value as string} />;
    case "select":
      return <Badge>{value as string}</Badge>;
    case "reference":
      return (
        <Reference pin={pin} collection={field.collection!} id={value as string} onJump={onJump} />
      );
    case "json":
      return <Plain text={cellText(value)} mono />;
    default:
      return <Plain text={value as string} />;
  }
}

function Plain({ text, full = text, mono }: { text: string; full?: string; mono?: boolean }) {
  return (
    <span className={cn("block truncate", mono && "font-mono text-xs")} title={full}>
      {text}
    </span>
  );
}

const Empty = () => <span className="text-(--muted-foreground)/60">—</span>;

function Mismatch({ problem, value }: { problem: string; value: unknown }) {
  return (
    <span
      className="flex min-w-0 items-center gap-1.5 text-(--warning)"
      title={`Doesn't match collections.json: ${problem}`}
      data-mismatch
    >
      <TriangleAlert className="size-3.5 shrink-0" aria-label="Doesn't match its declared type" />
      <span className="truncate font-mono text-xs">
        {value === undefined ? "missing" : cellText(value)}
      </span>
    </span>
  );
}

function Reference({
  pin,
  collection,
  id,
  onJump,
}: {
  pin: Pin;
  collection: string;
  id: string;
  onJump: (collection: string, id: string) => void;
}) {
  const trpc = useTRPC();
  const target = useDeclaredCollection(pin, collection);
  const { titles, loading } = useReferenceTitles(pin, collection);
  const listed = titles.get(id);
  // Older than the newest page: read on its own; a failed read means the record is gone.
  const single = useQuery({
    ...trpc.data.get.queryOptions({ ...pin, collection, id }),
    enabled: !listed && !loading,
    retry: false,
  });
  const title = listed ?? (single.data ? titleOf(single.data, target) : undefined);
  if (!title && (loading || single.isLoading))
    return <span className="text-(--muted-foreground)">…</span>;
  if (!title && single.isError) {
    return (
      <span
        className="flex min-w-0 items-center gap-1.5 text-(--warning)"
        title={`No record ${id} in ${collection}: it was deleted, or never existed.`}
        data-missing-reference
      >
        <TriangleAlert className="size-3.5 shrink-0" aria-label="Missing record" />
        <span className="truncate font-mono text-xs">{id}</span>
      </span>
    );
  }
  return (
    <button
      type="button"
      onClick={(e) => {
        e.stopPropagation();
        onJump(collection, id);
      }}
      title={
        title
          ? `${title} (${collection} / ${id})`
          : `${collection} / ${id} is not among the newest records`
      }
      className="block max-w-full cursor-pointer truncate rounded text-left text-(--primary) hover:underline"
    >
      {title ?? <span className="font-mono text-xs">{id}</span>}
    </button>
  );
}
