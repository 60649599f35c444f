import { Trash2, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { type CollectionDecl, documentProblems } from "../../../../src/sdk/collections";
import type { Pin } from "../../bridge/relay";
import { formatFull, formatRelative } from "../../lib/format";
import type { AppDocument } from "../../lib/types";
import { cn } from "../../lib/utils";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Table, Td, Th, Tr } from "../ui/table";
import { Tooltip } from "../ui/tooltip";
import { fieldLabel } from "./declared";
import { useDeleteDocument } from "./document-sheet";
import { cellText, columnsOf, fieldsOf } from "./json";
import { TypedCell } from "./typed-cell";

/** Undeclared collections show their most common fields; the table scrolls sideways for more. */
const MAX_COLUMNS = 8;

export function DocumentsTable({
  pin,
  collection,
  documents,
  selected,
  decl,
  onOpen,
  onJump,
}: {
  pin: Pin;
  collection: string;
  documents: AppDocument[];
  selected: string | undefined;
  /** The collection as collections.json declares it: typed columns and mismatch warnings. */
  decl: CollectionDecl | null;
  onOpen: (id: string) => void;
  onJump: (collection: string, id: string) => void;
}) {
  const columns = decl ? Object.keys(decl.fields) : columnsOf(documents, MAX_COLUMNS);
  const [deleting, setDeleting] = useState<AppDocument | null>(null);
  const remove = useDeleteDocument(pin, collection, () => setDeleting(null));

  return (
    <>
      <Table aria-label={`Documents in ${collection}`}>
        <thead>
          <tr>
            <Th className="sticky left-0 z-10 w-44 bg-[color-mix(in_oklab,var(--muted)_50%,var(--card))]">
              Id
            </Th>
            {columns.map((c) => {
              const field = decl?.fields[c];
              return (
                <Th key={c} className="min-w-32" title={field ? `${c}: ${field.type}` : c}>
                  {field ? fieldLabel(c, field) : c}
                  {field ? (
                    <span className="ml-1.5 font-normal text-(--muted-foreground)/70">
                      {field.type === "reference" ? `→ ${field.collection}` : field.type}
                    </span>
                  ) : null}
                </Th>
              );
            })}
            <Th className="w-32">Updated</Th>
            <Th className="w-12">
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {documents.map((doc) => {
            const problems = decl ? documentProblems(decl, fieldsOf(doc)) : [];
            return (
              <Tr
                key={doc._id}
                onClick={() => onOpen(doc._id)}
                aria-selected={selected === doc._id || undefined}
                className="cursor-pointer transition-colors hover:bg-(--muted)/50 aria-selected:bg-(--accent)/50"
              >
                <Td className="sticky left-0 z-10 bg-(--card) py-2">
                  <span className="flex items-center gap-1.5">
                    {problems.length > 0 ? (
                      <Tooltip
                        content={`Doesn't match collections.json: ${problems.map((p) => `${p.field} — ${p.problem}`).join("; ")}`}
                      >
                        <TriangleAlert
                          className="size-3.5 shrink-0 text-(--warning)"
                          aria-label={`${problems.length} ${problems.length === 1 ? "field doesn't" : "fields don't"} match the declared type`}
                        />
                      </Tooltip>
                    ) : null}
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
                  </span>
                </Td>
                {columns.map((c) => {
                  const field = decl?.fields[c];
                  const value = Object.hasOwn(doc, c) ? doc[c] : undefined;
                  return (
                    <Td key={c} className="max-w-72 py-2">
                      {field ? (
                        <TypedCell pin={pin} field={field} value={value} onJump={onJump} />
                      ) : (
                        <Cell value={value} />
                      )}
                    </Td>
                  );
                })}
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
            );
          })}
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
