import { useMutation, useQuery } from "@tanstack/react-query";
import { Braces, Copy, FileX, ListChecks, Pencil, Trash2, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { type CollectionDecl, documentProblems } from "../../../../src/sdk/collections";
import type { Pin } from "../../bridge/relay";
import { errorMessage } from "../../lib/errors";
import { formatFull } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import type { AppDocument } from "../../lib/types";
import { DetailSection, Fields, Mono } from "../audit/detail-parts";
import { Button } from "../ui/button";
import { Callout } from "../ui/callout";
import { ConfirmDialog } from "../ui/confirm-dialog";
import { Dialog, SheetContent } from "../ui/dialog";
import { EmptyState } from "../ui/empty-state";
import { describedBy, Field } from "../ui/field";
import { LoadingBlock } from "../ui/spinner";
import { fieldLabel } from "./declared";
import { fieldsOf, parseDocument, patchFor, pretty } from "./json";
import { JsonTextarea } from "./json-textarea";
import { dropDoc, upsertDoc, useCacheWrite } from "./live-data";
import { TypedCell } from "./typed-cell";
import { NO_FIELDS, TypedFields, useTypedFields } from "./typed-fields";

/** One document: its JSON, live; edit it as JSON, or delete it. */
export function DocumentSheet({
  pin,
  collection,
  docId,
  doc,
  loading,
  decl,
  onJump,
  onClose,
}: {
  pin: Pin;
  collection: string;
  docId: string | undefined;
  doc: AppDocument | undefined;
  loading: boolean;
  decl: CollectionDecl | null;
  onJump: (collection: string, id: string) => void;
  onClose: () => void;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <Dialog
      open={docId !== undefined}
      onOpenChange={(open) => {
        if (open) return;
        setEditing(false);
        onClose();
      }}
    >
      <SheetContent
        title={editing ? "Edit document" : "Document"}
        description={
          <span className="font-mono text-xs">
            {collection} / {docId}
          </span>
        }
      >
        {!doc && loading ? (
          <LoadingBlock />
        ) : !doc ? (
          <EmptyState icon={FileX} title="This document is gone">
            It was deleted, here or somewhere else, while you were looking.
          </EmptyState>
        ) : editing ? (
          <EditDocument
            pin={pin}
            collection={collection}
            doc={doc}
            decl={decl}
            onDone={() => setEditing(false)}
          />
        ) : (
          <ViewDocument
            pin={pin}
            collection={collection}
            doc={doc}
            decl={decl}
            onJump={onJump}
            onEdit={() => setEditing(true)}
            onDeleted={onClose}
          />
        )}
      </SheetContent>
    </Dialog>
  );
}

function ViewDocument({
  pin,
  collection,
  doc,
  decl,
  onJump,
  onEdit,
  onDeleted,
}: {
  pin: Pin;
  collection: string;
  doc: AppDocument;
  decl: CollectionDecl | null;
  onJump: (collection: string, id: string) => void;
  onEdit: () => void;
  onDeleted: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteDocument(pin, collection, () => {
    setConfirming(false);
    onDeleted();
  });
  const json = pretty(doc);
  const problems = decl ? documentProblems(decl, fieldsOf(doc)) : [];
  return (
    <div className="grid gap-6">
      {problems.length > 0 ? (
        <Callout icon={TriangleAlert} tone="danger" title="Doesn't match collections.json">
          <ul className="list-disc pl-4">
            {problems.map((p) => (
              <li key={p.field}>
                <span className="font-mono text-xs">{p.field}</span>: {p.problem}
              </li>
            ))}
          </ul>
        </Callout>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={onEdit}>
          <Pencil />
          Edit
        </Button>
        <Button
          size="sm"
          variant="secondary"
          onClick={() =>
            navigator.clipboard.writeText(json).then(
              () => toast.success("Copied the document's JSON"),
              () => toast.error("The clipboard is not available here."),
            )
          }
        >
          <Copy />
          Copy JSON
        </Button>
        <Button
          size="sm"
          variant="ghost"
          className="ml-auto text-(--destructive) hover:bg-(--destructive)/10"
          onClick={() => setConfirming(true)}
        >
          <Trash2 />
          Delete
        </Button>
      </div>
      <DetailSection title="Record">
        <Fields
          rows={[
            ["Id", <Mono key="id">{doc._id}</Mono>],
            ["Version", String(doc._version)],
            ["Created", formatFull(doc._createdAt)],
            ["Updated", formatFull(doc._updatedAt)],
            [
              "Created by",
              <CreatedBy key="by" workspaceId={pin.workspaceId} by={doc._createdBy} />,
            ],
          ]}
        />
      </DetailSection>
      {decl ? (
        <DetailSection title="Fields">
          <Fields
            rows={Object.entries(decl.fields).map(([name, field]) => [
              fieldLabel(name, field),
              <TypedCell
                key={name}
                pin={pin}
                field={field}
                value={Object.hasOwn(doc, name) ? doc[name] : undefined}
                onJump={onJump}
              />,
            ])}
          />
        </DetailSection>
      ) : null}
      <DetailSection title="JSON">
        <pre className="overflow-x-auto rounded-lg border bg-(--muted)/50 p-3 font-mono text-xs leading-relaxed">
          {json}
        </pre>
      </DetailSection>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Delete this document?"
        description={`It is removed from ${collection} for everyone, in the app and here. This can't be undone.`}
        confirmLabel="Delete document"
        pending={remove.isPending}
        onConfirm={() => remove.mutate({ ...pin, collection, id: doc._id })}
      />
    </div>
  );
}

/** The member's name for a person; agent runs are named once runs exist. */
function CreatedBy({ workspaceId, by }: { workspaceId: string; by: AppDocument["_createdBy"] }) {
  const trpc = useTRPC();
  const { data: members } = useQuery({
    ...trpc.members.list.queryOptions({ workspaceId }),
    enabled: by.kind === "user",
  });
  if (by.kind !== "user") return <span>An agent run</span>;
  if (!members) return <span className="text-(--muted-foreground)">…</span>;
  const member = members.find((m) => m.userId === by.id);
  return <span>{member ? member.displayName : "A former member"}</span>;
}

export function useDeleteDocument(pin: Pin, collection: string, onDeleted: () => void) {
  const trpc = useTRPC();
  const write = useCacheWrite(pin);
  return useMutation(
    trpc.data.remove.mutationOptions({
      onSuccess: ({ _id }) => {
        write(collection, (page) => dropDoc(page, _id));
        toast.success(`Deleted a document from ${collection}`);
        onDeleted();
      },
    }),
  );
}

function EditDocument({
  pin,
  collection,
  doc,
  decl,
  onDone,
}: {
  pin: Pin;
  collection: string;
  doc: AppDocument;
  decl: CollectionDecl | null;
  onDone: () => void;
}) {
  const [asJson, setAsJson] = useState(decl === null);
  const trpc = useTRPC();
  const write = useCacheWrite(pin);
  // The version the edit started from: saving over a newer one is a conflict, not a silent loss.
  const [base] = useState(() => ({ version: doc._version, fields: fieldsOf(doc) }));
  const [text, setText] = useState(() => pretty(base.fields));
  const [localError, setLocalError] = useState<string>();
  const update = useMutation(
    trpc.data.update.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: (saved) => {
        write(collection, (page) => upsertDoc(page, saved));
        toast.success("Saved the document");
        onDone();
      },
    }),
  );
  const serverError = update.error ? errorMessage(update.error) : undefined;
  const changedUnderneath = doc._version !== base.version;
  const typed = useTypedFields(decl ?? NO_FIELDS, base.fields);
  const save = (patch: Record<string, unknown>) =>
    update.mutate({ ...pin, collection, id: doc._id, patch, expectedVersion: base.version });

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!asJson) {
          const values = typed.collect();
          if (values) save(values);
          return;
        }
        const parsed = parseDocument(text);
        // The app trusts collections.json, so a value of the wrong shape is refused, not stored.
        const mismatches =
          parsed.error === undefined && decl ? documentProblems(decl, parsed.data) : [];
        const error =
          parsed.error ??
          (mismatches.length > 0
            ? `Not saved — this doesn't match collections.json: ${mismatches.map((m) => `${m.field}: ${m.problem}`).join("; ")}.`
            : undefined);
        setLocalError(error);
        if (parsed.error !== undefined || error !== undefined) return;
        save(patchFor(base.fields, parsed.data));
      }}
    >
      {decl ? (
        <div className="flex justify-end">
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setAsJson(!asJson);
              setLocalError(undefined);
            }}
          >
            {asJson ? <ListChecks /> : <Braces />}
            {asJson ? "Edit fields" : "Edit as JSON"}
          </Button>
        </div>
      ) : null}
      {changedUnderneath ? (
        <Callout icon={TriangleAlert} tone="danger" title="Changed while you were editing">
          Someone saved version {doc._version}. Saving now will be refused; copy your changes,
          cancel and edit again.
        </Callout>
      ) : null}
      {!asJson && decl ? (
        <TypedFields pin={pin} decl={decl} state={typed} idPrefix="edit" />
      ) : (
        <Field
          id="edit-json"
          label="Fields (JSON)"
          hint="System fields are kept by the store. A field you take out is set to null. Ctrl+Enter saves."
          error={localError}
        >
          <JsonTextarea
            {...describedBy("edit-json", localError, true)}
            value={text}
            onChange={(value) => {
              setText(value);
              setLocalError(undefined);
              update.reset();
            }}
            rows={16}
            autoFocus
          />
        </Field>
      )}
      <div role="alert">
        {serverError ? (
          <Callout icon={TriangleAlert} tone="danger" title="Not saved">
            {serverError}
          </Callout>
        ) : null}
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={update.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}
