import { useMutation } from "@tanstack/react-query";
import { Braces, ListChecks } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { documentProblems } from "../../../../src/sdk/collections";
import { PROTOCOL_LIMITS } from "../../../../src/sdk/protocol";
import type { Pin } from "../../bridge/relay";
import { errorMessage, fieldErrors } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc";
import type { AppDocument } from "../../lib/types";
import { Button } from "../ui/button";
import { Dialog, DialogContent, DialogForm } from "../ui/dialog";
import { describedBy, Field } from "../ui/field";
import { Input } from "../ui/input";
import { useDeclaredCollection } from "./declared";
import { parseDocument } from "./json";
import { JsonTextarea } from "./json-textarea";
import { upsertDoc, useCacheWrite } from "./live-data";
import { NO_FIELDS, TypedFields, useTypedFields } from "./typed-fields";

const EXAMPLE = '{\n  "text": "Call the supplier",\n  "done": false\n}';

function checkCollection(name: string): string | undefined {
  if (!name.trim()) return "Name the collection.";
  if (!PROTOCOL_LIMITS.collectionName.test(name.trim())) {
    return "Start with a letter; use up to 64 letters, digits, _ or -.";
  }
  return undefined;
}

export function InsertDocumentDialog({
  pin,
  collection,
  open,
  onOpenChange,
  onInserted,
}: {
  pin: Pin;
  collection: string | undefined;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onInserted: (collection: string, doc: AppDocument) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="Insert document"
        description={`Into this app's ${pin.scope} data. System fields (_id, _version…) are set by the store.`}
        className="max-w-xl"
      >
        {/* Mounted per opening, so each starts from a clean form. */}
        {open ? (
          <InsertForm
            pin={pin}
            initialCollection={collection ?? ""}
            onInserted={(name, doc) => {
              onOpenChange(false);
              onInserted(name, doc);
            }}
          />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}

function InsertForm({
  pin,
  initialCollection,
  onInserted,
}: {
  pin: Pin;
  initialCollection: string;
  onInserted: (collection: string, doc: AppDocument) => void;
}) {
  const trpc = useTRPC();
  const write = useCacheWrite(pin);
  const [collection, setCollection] = useState(initialCollection);
  const [text, setText] = useState(initialCollection ? "{\n  \n}" : EXAMPLE);
  const [errors, setErrors] = useState<{ collection?: string; json?: string }>({});
  const decl = useDeclaredCollection(pin, collection.trim());
  const [asJson, setAsJson] = useState(false);
  const typed = useTypedFields(decl ?? NO_FIELDS, {});
  const typedMode = decl !== null && !asJson;
  const insert = useMutation(
    trpc.data.insert.mutationOptions({
      meta: { inlineErrors: true },
      onSuccess: (doc, input) => {
        write(input.collection, (page) => upsertDoc(page, doc));
        toast.success(`Inserted a document into ${input.collection}`);
        onInserted(input.collection, doc);
      },
      onError: (err) => {
        const issues = fieldErrors(err);
        setErrors({
          collection: issues.collection,
          json: issues.collection ? undefined : errorMessage(err),
        });
      },
    }),
  );

  return (
    <DialogForm
      className="grid gap-4"
      submitLabel="Insert"
      pending={insert.isPending}
      onSubmit={() => {
        const name = checkCollection(collection);
        if (typedMode) {
          setErrors({ collection: name });
          const values = typed.collect();
          // Fields left empty are left out of a new document rather than stored as null.
          const data =
            values && Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
          if (!name && data) insert.mutate({ ...pin, collection: collection.trim(), data });
          return;
        }
        const parsed = parseDocument(text);
        // The app trusts collections.json, so a document of the wrong shape is refused.
        const mismatches =
          parsed.error === undefined && decl ? documentProblems(decl, parsed.data) : [];
        const json =
          parsed.error ??
          (mismatches.length > 0
            ? `Not inserted — this doesn't match collections.json: ${mismatches.map((m) => `${m.field}: ${m.problem}`).join("; ")}.`
            : undefined);
        setErrors({ collection: name, json });
        if (name || json !== undefined || parsed.error !== undefined) return;
        insert.mutate({ ...pin, collection: collection.trim(), data: parsed.data });
      }}
    >
      <Field id="insert-collection" label="Collection" error={errors.collection}>
        <Input
          {...describedBy("insert-collection", errors.collection)}
          value={collection}
          onChange={(e) => {
            setCollection(e.target.value);
            setErrors((x) => ({ ...x, collection: undefined }));
          }}
          placeholder="notes"
          maxLength={64}
          autoFocus={!initialCollection}
          className="font-mono"
        />
      </Field>
      {decl ? (
        <div className="-mb-2 flex items-center justify-between gap-2">
          <p className="text-[13px] text-(--muted-foreground)">
            Fields as the app's collections.json declares them.
          </p>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setAsJson(!asJson);
              setErrors((x) => ({ ...x, json: undefined }));
            }}
          >
            {asJson ? <ListChecks /> : <Braces />}
            {asJson ? "Fields" : "JSON"}
          </Button>
        </div>
      ) : null}
      {typedMode ? (
        // Long declarations scroll inside the dialog, keeping Insert on screen.
        <div className="-mx-1 max-h-[55vh] overflow-y-auto px-1 pb-1">
          <TypedFields pin={pin} decl={decl} state={typed} idPrefix="insert" />
        </div>
      ) : (
        <Field
          id="insert-json"
          label="Document (JSON)"
          hint="A JSON object. Up to 256 KB and 16 levels deep."
          error={errors.json}
        >
          <JsonTextarea
            {...describedBy("insert-json", errors.json, true)}
            value={text}
            onChange={(value) => {
              setText(value);
              setErrors((x) => ({ ...x, json: undefined }));
            }}
            autoFocus={Boolean(initialCollection)}
          />
        </Field>
      )}
    </DialogForm>
  );
}
