import { Trash2 } from "lucide-react";
import { useState } from "react";
import type { Pin } from "../../bridge/relay";
import { formatFull, formatRelative } from "../../lib/format";
import type { AppDocument } from "../../lib/types";
import { cn } from "../../lib/utils";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Table, Td, Th, Tr } from "../ui/table";
import { Tooltip } from "../ui/tooltip";
import { useDeleteDocument } from "./document-sheet";
import { cellText, columnsOf } from "./json";

const MAX_COLUMNS = 4;

export function DocumentsTable({
  pin,
  collection,
  documents,
  selected,
  onOpen,
}: {
  pin: Pin;
  collection: string;
  documents: AppDocument[];
  selected: string | undefined;
  onOpen: (id: string) => void;
}) {
  const columns = columnsOf(documents, MAX_COLUMNS);
  const [deleting, setDeleting] = useState<AppDocument | null>(null);
  const remove = useDeleteDocument(pin, collection, () => setDeleting(null));

  return (
    <>
      <Table aria-label={`Documents in ${collection}`}>
        <thead>
          <tr>
            <Th className="w-44">Id</Th>
            {columns.map((c) => (
              <Th key={c}>{c}</Th>
            ))}
            <Th className="w-32">Updated</Th>
            <Th className="w-12">
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {documents.map((doc) => (
            <Tr
              key={doc._id}
              onClick={() => onOpen(doc._id)}
              aria-selected={selected === doc._id || undefined}
              className="cursor-pointer transition-colors hover:bg-(--muted)/50 aria-selected:bg-(--accent)/50"
            >
              <Td className="py-2">
                <button
                  type="button"
                  onClick={(e) => {
                    e.stopPropagation();
                    onOpen(doc._id);
                  }}
                  aria-label={`Open document ${doc._id}`}
                  className="block max-w-40 cursor-pointer truncate rounded font-mono text-xs text-(--primary) hover:underline"
                >
                  {doc._id}
                </button>
              </Td>
              {columns.map((c) => (
                <Td key={c} className="max-w-64 py-2">
                  <Cell value={doc[c]} />
                </Td>
              ))}
              <Td className="py-2 text-[13px] whitespace-nowrap text-(--muted-foreground)">
                <time dateTime={doc._updatedAt} title={formatFull(doc._updatedAt)}>
                  {formatRelative(doc._updatedAt)}
                </time>
              </Td>
              <Td className="py-1.5 pr-2 text-right">
                <Tooltip content="Delete">
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={`Delete document ${doc._id}`}
                    className="text-(--muted-foreground) hover:text-(--destructive)"
                    onClick={(e) => {
                      e.stopPropagation();
                      setDeleting(doc);
                    }}
                  >
                    <Trash2 />
                  </Button>
                </Tooltip>
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? null : setDeleting(null))}
        title="Delete this document?"
        description={`It is removed from ${collection} for everyone, in the app and here. This can't be undone.`}
        confirmLabel="Delete document"
        pending={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ ...pin, collection, id: deleting._id })}
      />
    </>
  );
}

function Cell({ value }: { value: unknown }) {
  if (value === undefined) return <span className="text-(--muted-foreground)/60">—</span>;
  const plain = typeof value === "string";
  return (
    <span
      className={cn(
        "block truncate",
        plain ? "" : "font-mono text-xs",
        value === null || typeof value === "boolean" ? "text-(--muted-foreground)" : "",
      )}
      title={cellText(value)}
    >
      {cellText(value)}
    </span>
  );
}
