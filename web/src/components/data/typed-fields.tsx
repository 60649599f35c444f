import { useState } from "react";
import {
  type CollectionDecl,
  expectedOf,
  type FieldDecl,
  valueProblem,
} from "../../../../src/sdk/collections";
import type { Pin } from "../../bridge/relay";
import { describedBy, Field } from "../ui/field";
import { Input, NativeSelect, Textarea } from "../ui/input";
import { fieldLabel, useReferenceTitles } from "./declared";
import { cellText, pretty } from "./json";
import { JsonTextarea } from "./json-textarea";

/** For forms that may have no declaration: no fields. */
export const NO_FIELDS: CollectionDecl = {
  fields: {},
  indexes: [],
  access: { viewers: "write", agents: "read" },
};

/** What an input holds: text for most, a flag for checkboxes. */
type Draft = Record<string, string | boolean>;

// Field names are data: "constructor" must not find Object's own.
const own = (draft: Draft, name: string) => (Object.hasOwn(draft, name) ? draft[name] : undefined);

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO date-time as a datetime-local value, in the viewer's time zone. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function toDraft(field: FieldDecl, value: unknown): string | boolean {
  if (field.type === "boolean") return value === true;
  if (value === undefined || value === null) return "";
  if (field.type === "json") return pretty(value);
  if (field.type === "datetime" && typeof value === "string") return toLocalInput(value);
  // A stored value of the wrong shape is shown as text, so the person sees what to fix.
  return typeof value === "string" ? value : cellText(value);
}

/** The input's value as the field stores it; a value that can't be converted is kept as typed. */
function fromDraft(field: FieldDecl, draft: string | boolean): unknown {
  if (typeof draft === "boolean") return draft;
  const text = field.type === "text" || field.type === "json" ? draft : draft.trim();
  if (text === "") return null;
  switch (field.type) {
    case "number":
    case "integer": {
      const n = Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case "datetime": {
      const d = new Date(text);
      return Number.isNaN(d.getTime()) ? text : d.toISOString();
    }
    case "json":
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    default:
      return text;
  }
}

export interface TypedFieldsState {
  draft: Draft;
  errors: Record<string, string>;
  set: (name: string, value: string | boolean) => void;
  /** The declared fields' values, or null (with errors shown) when one doesn't fit its type. */
  collect: () => Record<string, unknown> | null;
}

/** Form state for a document's declared fields; starts showing what already doesn't fit. */
export function useTypedFields(
  decl: CollectionDecl,
  initial: Record<string, unknown>,
): TypedFieldsState {
  const fields = Object.entries(decl.fields);
  const stored = (name: string) => (Object.hasOwn(initial, name) ? initial[name] : undefined);
  const [start] = useState<Draft>(() =>
    Object.fromEntries(fields.map(([name, f]) => [name, toDraft(f, stored(name))])),
  );
  const [draft, setDraft] = useState<Draft>(start);
  const [errors, setErrors] = useState<Record<string, string>>(() => {
    const found: Record<string, string> = {};
    for (const [name, f] of fields) {
      const value = stored(name);
      // A new document starts clean; a stored one shows what already doesn't fit.
      const problem = Object.keys(initial).length > 0 ? valueProblem(f, value) : null;
      if (problem) found[name] = `Stored value doesn't fit: ${problem}.`;
    }
    return found;
  });
  return {
    draft,
    errors,
    set: (name, value) => {
      setDraft((d) => ({ ...d, [name]: value }));
      setErrors(({ [name]: _, ...rest }) => rest);
    },
    collect: () => {
      const values: Record<string, unknown> = {};
      const found: Record<string, string> = {};
      for (const [name, f] of fields) {
        // A field left as it was keeps its stored value exactly (seconds, JSON layout, absence).
        const untouched = Object.hasOwn(start, name) && own(draft, name) === start[name];
        const value = untouched ? stored(name) : fromDraft(f, own(draft, name) ?? "");
        const problem = valueProblem(f, value);
        if (problem) found[name] = `${fieldLabel(name, f)}: ${problem}.`;
        if (value !== undefined) values[name] = value;
      }
      setErrors(found);
      return Object.keys(found).length > 0 ? null : values;
    },
  };
}

/** One typed input per declared field: text, number, checkbox, date, select, record picker… */
export function TypedFields({
  pin,
  decl,
  state,
  idPrefix,
}: {
  pin: Pin;
  decl: CollectionDecl;
  state: TypedFieldsState;
  idPrefix: string;
}) {
  return (
    <div className="grid gap-4">
      {Object.entries(decl.fields).map(([name, field], i) => (
        <TypedInput
          key={name}
          pin={pin}
          id={`${idPrefix}-${name}`}
          name={name}
          field={field}
          value={own(state.draft, name) ?? ""}
          error={Object.hasOwn(state.errors, name) ? state.errors[name] : undefined}
          onChange={(v) => state.set(name, v)}
          autoFocus={i === 0}
        />
      ))}
    </div>
  );
}

function TypedInput({
  pin,
  id,
  name,
  field,
  value,
  error,
  onChange,
  autoFocus,
}: {
  pin: Pin;
  id: string;
  name: string;
  field: FieldDecl;
  value: string | boolean;
  error: string | undefined;
  onChange: (value: string | boolean) => void;
  autoFocus: boolean;
}) {
  const label = (
    <>
      {fieldLabel(name, field)}
      {field.required ? <span className="text-(--muted-foreground)"> (required)</span> : null}
    </>
  );
  const text = typeof value === "string" ? value : "";
  const aria = describedBy(id, error, true);
  const common = { ...aria, autoFocus };
  if (field.type === "boolean") {
    return (
      <div className="grid gap-1.5">
        <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => onChange(e.target.checked)}
            className="size-4 accent-(--primary)"
          />
          {label}
        </label>
        {error ? (
          <p id={`${id}-error`} role="alert" className="text-[13px] text-(--destructive)">
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <Field id={id} label={label} hint={hintFor(field)} error={error}>
      {field.type === "select" ? (
        <NativeSelect {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">{field.required ? "Choose…" : "None"}</option>
          {(field.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
          {text && !(field.options ?? []).includes(text) ? (
            <option value={text}>{text} (not an option)</option>
          ) : null}
        </NativeSelect>
      ) : field.type === "reference" ? (
        <ReferencePicker pin={pin} field={field} value={text} onChange={onChange} common={common} />
      ) : field.type === "text" ? (
        <Textarea {...common} value={text} onChange={(e) => onChange(e.target.value)} rows={3} />
      ) : field.type === "json" ? (
        <JsonTextarea {...common} value={text} onChange={onChange} rows={4} />
      ) : (
        <Input
          {...common}
          type={INPUT_TYPES[field.type] ?? "text"}
          step={field.type === "number" ? "any" : undefined}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

const INPUT_TYPES: Partial<Record<FieldDecl["type"], string>> = {
  number: "number",
  integer: "number",
  date: "date",
  datetime: "datetime-local",
  email: "email",
  url: "url",
};

function hintFor(field: FieldDecl): string | undefined {
  if (field.type === "reference") return `A record in ${field.collection}.`;
  if (field.type === "json") return "Any JSON value.";
  if (field.type === "email" || field.type === "url" || field.type === "integer")
    return `${expectedOf(field)[0]!.toUpperCase()}${expectedOf(field).slice(1)}.`;
  return undefined;
}

function ReferencePicker({
  pin,
  field,
  value,
  onChange,
  common,
}: {
  pin: Pin;
  field: FieldDecl;
  value: string;
  onChange: (value: string) => void;
  common: Record<string, unknown>;
}) {
  const { titles, loading } = useReferenceTitles(pin, field.collection);
  const choices = [...titles].sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <NativeSelect {...common} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{loading ? "Loading…" : field.required ? "Choose…" : "None"}</option>
      {choices.map(([id, title]) => (
        <option key={id} value={id}>
          {title}
        </option>
      ))}
      {value && !titles.has(value) ? <option value={value}>{value}</option> : null}
    </NativeSelect>
  );
}
