import { skipToken, useQuery, useQueryClient } from "@tanstack/react-query";
import { Database, Download, FileJson, Plus, RotateCw, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import type { Pin } from "../../bridge/relay";
import { errorMessage } from "../../lib/errors";
import { trpcClient, useTRPC } from "../../lib/trpc";
import type { CollectionSummary } from "../../lib/types";
import { cn } from "../../lib/utils";
import { Button } from "../ui/button";
import { EmptyState } from "../ui/empty-state";
import { Input } from "../ui/input";
import { LoadingBlock } from "../ui/spinner";
import { useDeclaredCollection } from "./declared";
import { DocumentSheet } from "./document-sheet";
import { DocumentsTable } from "./documents-table";
import { InsertDocumentDialog } from "./insert-document-dialog";
import { downloadJson } from "./json";
import { EXPLORER_PAGE_SIZE, listInput, readAll, useLiveData } from "./live-data";
import { RuleBadges, RuleMark } from "./rule-badges";

interface ExplorerProps {
  pin: Pin;
  appName: string;
  collection: string | undefined;
  docId: string | undefined;
  onSelect: (patch: { collection?: string | undefined; doc?: string | undefined }) => void;
}

/** The app's data in the chosen scope: collections, live documents, JSON, and edits. */
export function DataExplorer({ pin, appName, collection, docId, onSelect }: ExplorerProps) {
  const trpc = useTRPC();
  const live = useLiveData(pin);
  const collections = useQuery(trpc.data.collections.queryOptions(pin));
  const [inserting, setInserting] = useState(false);
  // The server lists the scope's declared collections too (count 0 until written), with their rules.
  const summaries = collections.data ?? [];
  const names = summaries.map((c) => c.name);
  // The chosen collection, or the first one; a collection emptied live stays chosen.
  const current = collection ?? names[0];

  if (collections.isPending) return <LoadingBlock label="Loading data…" />;
  if (collections.isError) {
    return (
      <div className="p-6">
        <EmptyState icon={TriangleAlert} title="The data couldn't load">
          {errorMessage(collections.error)}
        </EmptyState>
      </div>
    );
  }

  const insertButton = (
    <Button size="sm" onClick={() => setInserting(true)}>
      <Plus />
      Insert document
    </Button>
  );

  return (
    <div className="flex h-full min-h-0 flex-col md:flex-row">
      <aside
        aria-label="Collections"
        className="shrink-0 border-b bg-(--sidebar)/60 p-3 md:w-60 md:overflow-y-auto md:border-r md:border-b-0"
      >
        <div className="flex items-center justify-between px-2 pb-2">
          <h2 className="text-xs font-medium text-(--muted-foreground)">Collections</h2>
          <LiveStatus status={live.status} onRetry={live.reset} />
        </div>
        {summaries.length === 0 ? (
          <p className="px-2 text-[13px] text-(--muted-foreground)">None yet</p>
        ) : (
          <ul className="flex gap-1 overflow-x-auto md:flex-col">
            {summaries.map((c) => (
              <li key={c.name}>
                <CollectionButton
                  summary={c}
                  active={c.name === current}
                  onClick={() => onSelect({ collection: c.name, doc: undefined })}
                />
              </li>
            ))}
          </ul>
        )}
      </aside>
      <section className="min-w-0 flex-1 overflow-y-auto p-4 md:p-6">
        {current ? (
          <CollectionView
            pin={pin}
            appName={appName}
            collection={current}
            rule={summaries.find((c) => c.name === current)?.access}
            count={summaries.find((c) => c.name === current)?.count}
            docId={docId}
            insertButton={insertButton}
            onOpen={(doc) => onSelect({ collection: current, doc })}
            onJump={(target, doc) => onSelect({ collection: target, doc })}
          />
        ) : (
          <EmptyState
            icon={Database}
            title={`No ${pin.scope} data yet`}
            action={insertButton}
            className="mt-6"
          >
            Collections appear here as soon as the app, an agent or you write the first document.
            {pin.scope === "draft" ? " Add a note in the preview to see it arrive live." : null}
          </EmptyState>
        )}
      </section>
      <InsertDocumentDialog
        pin={pin}
        collection={current}
        open={inserting}
        onOpenChange={setInserting}
        onInserted={(name) => onSelect({ collection: name, doc: undefined })}
      />
    </div>
  );
}

/** A value typed into the filter: JSON when it reads as a number, true, false or null. */
function filterValue(text: string): string | number | boolean | null {
  const t = text.trim();
  if (t === "true" || t === "false" || t === "null") return JSON.parse(t);
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  return text;
}

/** field = value, one equality filter on the list (declared fields offered, any field allowed). */
function FilterBar({
  fields,
  active,
  onChange,
}: {
  fields: string[];
  active: Record<string, string | number | boolean | null> | null;
  onChange: (f: Record<string, string | number | boolean | null> | null) => void;
}) {
  const [field, setField] = useState(active ? Object.keys(active)[0]! : (fields[0] ?? ""));
  const [value, setValue] = useState("");
  return (
    <form
      className="mb-3 flex flex-wrap items-center gap-2"
      aria-label="Filter documents"
      onSubmit={(e) => {
        e.preventDefault();
        const name = field.trim();
        if (name) onChange({ [name]: filterValue(value) });
      }}
    >
      <Input
        aria-label="Filter field"
        placeholder="field"
        list="declared-fields"
        className="h-8 w-40 font-mono text-[13px]"
        value={field}
        onChange={(e) => setField(e.target.value)}
      />
      <datalist id="declared-fields">
        {fields.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      <span className="text-[13px] text-(--muted-foreground)">=</span>
      <Input
        aria-label="Filter value"
        placeholder="value"
        className="h-8 w-48 text-[13px]"
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <Button size="sm" variant="secondary" type="submit">
        Filter
      </Button>
      {active ? (
        <Button size="sm" variant="ghost" type="button" onClick={() => onChange(null)}>
          Clear
        </Button>
      ) : null}
    </form>
  );
}

/** "200 of 100,000 documents" while more pages remain, else the loaded count. */
function shownCount(shown: number, more: boolean, total: number | undefined): string {
  const n = (v: number) => v.toLocaleString("en-US");
  if (more && total !== undefined && total > shown) return `${n(shown)} of ${n(total)} documents`;
  return `${n(shown)}${more ? "+" : ""} ${shown === 1 && !more ? "document" : "documents"}`;
}

function CollectionButton({
  summary,
  active,
  onClick,
}: {
  summary: CollectionSummary;
  active: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      aria-current={active || undefined}
      aria-label={`${summary.name}, ${summary.count} ${summary.count === 1 ? "document" : "documents"}${viewerNote(summary)}`}
      className={cn(
        "flex h-8 w-full min-w-32 cursor-pointer items-center justify-between gap-3 rounded-md px-2 text-sm transition-colors",
        active
          ? "bg-(--card) font-medium text-(--foreground) shadow-xs ring-1 ring-(--border)"
          : "text-(--muted-foreground) hover:bg-(--muted) hover:text-(--foreground)",
      )}
    >
      <span className="truncate font-mono text-[13px]">{summary.name}</span>
      <span className="inline-flex items-center gap-1.5 text-xs text-(--muted-foreground) tabular-nums">
        <RuleMark rule={summary.access} />
        {summary.count.toLocaleString("en-US")}
      </span>
    </button>
  );
}

function viewerNote(summary: CollectionSummary): string {
  if (summary.access?.viewers === "read") return ", read only for viewers";
  if (summary.access?.viewers === "none") return ", hidden from viewers";
  return "";
}

function LiveStatus({ status, onRetry }: { status: string; onRetry: () => void }) {
  if (status === "error") {
    return (
      <button
        type="button"
        onClick={onRetry}
        className="inline-flex cursor-pointer items-center gap-1 text-xs text-(--destructive) hover:underline"
      >
        <RotateCw className="size-3" aria-hidden />
        Reconnect
      </button>
    );
  }
  const live = status === "live";
  return (
    <span
      role="status"
      className="inline-flex items-center gap-1.5 text-xs text-(--muted-foreground)"
      title={live ? "Changes appear here as they happen" : "Connecting to live updates"}
    >
      <span
        aria-hidden
        className={cn(
          "size-1.5 rounded-full",
          live ? "bg-(--success)" : "animate-pulse bg-(--warning)",
        )}
      />
      {live ? "Live" : "Connecting…"}
    </span>
  );
}

function CollectionView({
  pin,
  appName,
  collection,
  rule,
  count,
  docId,
  insertButton,
  onOpen,
  onJump,
}: {
  pin: Pin;
  appName: string;
  collection: string;
  rule: CollectionSummary["access"];
  count: number | undefined;
  docId: string | undefined;
  insertButton: React.ReactNode;
  onOpen: (doc: string | undefined) => void;
  onJump: (collection: string, doc: string) => void;
}) {
  const trpc = useTRPC();
  const decl = useDeclaredCollection(pin, collection);
  const [filter, setFilter] = useState<Record<string, string | number | boolean | null> | null>(
    null,
  );
  // The live cache patches the unfiltered list; a filtered one is read again on changes.
  const input = filter ? { ...listInput(pin, collection), filter } : listInput(pin, collection);
  const list = useQuery(trpc.data.list.queryOptions(input));
  const [exporting, setExporting] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const queryClient = useQueryClient();
  const documents = list.data?.documents ?? [];
  const listed = documents.find((d) => d._id === docId);
  // A document past the first page is read on its own.
  const single = useQuery(
    trpc.data.get.queryOptions(
      docId && list.isSuccess && !listed ? { ...pin, collection, id: docId } : skipToken,
    ),
  );
  const open = listed ?? single.data;

  // The next page (keyset cursor) joins the cached list, which live changes keep current.
  const loadMore = async () => {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const next = await trpcClient.data.list.query({ ...input, cursor });
      queryClient.setQueryData(trpc.data.list.queryKey(input), (old) => {
        if (!old) return old;
        const have = new Set(old.documents.map((d) => d._id));
        return {
          ...old,
          documents: [...old.documents, ...next.documents.filter((d) => !have.has(d._id))],
          nextCursor: next.nextCursor,
          ...(next.unindexed ? { unindexed: next.unindexed } : {}),
        };
      });
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  };

  const exportJson = async () => {
    setExporting(true);
    try {
      const all = await readAll(pin, collection);
      const slug = appName
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
      downloadJson(`${slug || "app"}-${pin.scope}-${collection}.json`, all);
      toast.success(`Exported ${all.length} ${all.length === 1 ? "document" : "documents"}`);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h2 className="truncate font-mono text-base font-semibold">{collection}</h2>
            <RuleBadges rule={rule} scope={pin.scope} />
          </div>
          <p className="text-[13px] text-(--muted-foreground)" aria-live="polite">
            {list.isSuccess
              ? `${shownCount(documents.length, list.data.nextCursor !== null, filter ? undefined : count)}${filter ? " matching" : ""}, newest first${decl ? " · typed by collections.json" : ""}`
              : " "}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Button
            size="sm"
            variant="secondary"
            onClick={exportJson}
            loading={exporting}
            disabled={documents.length === 0}
          >
            {exporting ? null : <Download />}
            Export JSON
          </Button>
          {insertButton}
        </div>
      </div>
      <FilterBar
        key={collection}
        fields={decl ? Object.keys(decl.fields) : []}
        active={filter}
        onChange={setFilter}
      />
      {list.data?.unindexed ? (
        <p
          className="mb-3 flex items-start gap-2 rounded-md border border-(--border) bg-(--muted)/40 px-3 py-2 text-[13px] text-(--muted-foreground)"
          role="note"
        >
          <TriangleAlert className="mt-0.5 size-4 shrink-0" />
          <span>
            {list.data.unindexed.message}
            {list.data.unindexed.limited
              ? " This page stopped there; Load more reads the next documents."
              : ""}
          </span>
        </p>
      ) : null}
      {list.isPending ? (
        <LoadingBlock label="Loading documents…" />
      ) : list.isError ? (
        <EmptyState icon={TriangleAlert} title="The documents couldn't load">
          {errorMessage(list.error)}
        </EmptyState>
      ) : documents.length === 0 && filter && !list.data.nextCursor ? (
        <EmptyState icon={FileJson} title="No documents match the filter">
          Clear the filter to see every document in {collection}.
        </EmptyState>
      ) : documents.length === 0 && !filter ? (
        <EmptyState icon={FileJson} title={`No documents in ${collection}`} action={insertButton}>
          Nothing has been written here yet, or every document was deleted. New ones appear here as
          they are written.
        </EmptyState>
      ) : (
        <>
          <DocumentsTable
            pin={pin}
            collection={collection}
            documents={documents}
            selected={docId}
            decl={decl}
            onOpen={onOpen}
            onJump={onJump}
          />
          {list.data.nextCursor ? (
            <div className="mt-3 flex flex-col items-center gap-1.5">
              <Button size="sm" variant="secondary" onClick={loadMore} loading={loadingMore}>
                Load {EXPLORER_PAGE_SIZE} more
              </Button>
              <p className="text-[13px] text-(--muted-foreground)">
                Showing the newest {documents.length.toLocaleString("en-US")}
                {count !== undefined && !filter ? ` of ${count.toLocaleString("en-US")}` : ""}.
              </p>
            </div>
          ) : null}
        </>
      )}
      <DocumentSheet
        pin={pin}
        collection={collection}
        docId={docId}
        doc={open}
        decl={decl}
        onJump={onJump}
        loading={list.isPending || single.isLoading}
        onClose={() => onOpen(undefined)}
      />
    </>
  );
}
