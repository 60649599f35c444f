import { jsxText, lit, lowerFirst } from "./names";
import type { EntityPlan, FieldPlan } from "./plan";
import type { GeneratedFile } from "./types";

/** The related entities a page, form or details view needs, each once. */
export const relatedEntities = (entity: EntityPlan): EntityPlan[] => [
  ...new Set(entity.fields.flatMap((f) => (f.type === "relation" && f.target ? [f.target] : []))),
];

export const optionsProp = (target: EntityPlan) => `${target.names.value}Options`;

const INPUT_TYPES: Partial<Record<FieldPlan["type"], string>> = {
  email: "email",
  url: "url",
  date: "date",
  datetime: "datetime-local",
};

function control(f: FieldPlan, first: boolean): string {
  const value = `draft.${f.key}`;
  const set = (expr: string) => `onChange={(event) => set(${lit(f.key)}, ${expr})}`;
  const focus = first ? " autoFocus" : "";
  switch (f.type) {
    case "boolean":
      return `        <CheckboxField
          label=${jsxText(f.label)}
          checked={${value}}
          onChange={(checked) => set(${lit(f.key)}, checked)}
        />`;
    case "longtext":
      return field(
        f,
        `<Textarea {...control}${focus} value={${value}} ${set("event.target.value")} />`,
      );
    case "status":
      return field(
        f,
        `<Select {...control}${focus} value={${value}} ${set(`event.target.value as ${f.statusType}`)}>
              {${f.optionsConst}.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </Select>`,
      );
    case "relation": {
      const target = f.target!;
      return field(
        f,
        `<Select {...control}${focus} value={${value}} ${set("event.target.value")}>
              <option value="">${jsxText(f.required ? `Choose ${lowerFirst(target.singular)}…` : "None")}</option>
              {${optionsProp(target)}.map((option) => (
                <option key={option._id} value={option._id}>
                  {${target.names.value}Title(option)}
                </option>
              ))}
            </Select>`,
      );
    }
    case "number":
      if (f.widget === "stars")
        return field(
          f,
          `<StarRating {...control} label=${jsxText(f.label)} max={${f.max}} value={${value}} onChange={(rating) => set(${lit(f.key)}, rating)} />`,
        );
      return field(
        f,
        `<Input {...control}${focus} inputMode="decimal" value={${value}} ${set("event.target.value")} />`,
      );
    default: {
      const type = INPUT_TYPES[f.type];
      return field(
        f,
        `<Input {...control}${focus}${type ? ` type="${type}"` : ""} value={${value}} ${set("event.target.value")} />`,
      );
    }
  }
}

function field(f: FieldPlan, input: string): string {
  return `        <Field label=${jsxText(f.label)}${f.required ? " required" : ""} error={errors.${f.key}}>
          {(control) => (
            ${input}
          )}
        </Field>`;
}

/** Votes are counted with the ▲ button on the list and the record, never typed in the form. */
const inForm = (f: FieldPlan) => f.widget !== "votes";

export function entityForm(entity: EntityPlan): GeneratedFile {
  const { type, value, form } = entity.names;
  const related = relatedEntities(entity);
  const statuses = entity.fields.filter((f) => f.type === "status");
  const has = (t: FieldPlan["type"]) => entity.fields.some((f) => f.type === t);
  const ui = [
    has("boolean") ? "CheckboxField, Field" : "Field",
    has("longtext") ? "Textarea" : "",
    has("status") || has("relation") ? "Select" : "",
  ];
  const moduleImports = [
    `type ${type}`,
    `type ${type}Draft`,
    `from${type}Draft`,
    `new${type}Draft`,
    `to${type}Draft`,
    `validate${type}`,
    ...statuses.flatMap((f) => [f.optionsConst, `type ${f.statusType}`]),
    ...(related.includes(entity) ? [`${value}Title`] : []),
  ].sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));
  const props = related.map((t) => `  ${optionsProp(t)}: Doc<${t.names.type}>[];`);
  const singular = lowerFirst(entity.singular);
  const imports = [
    `import { type FormEvent, useState } from "react";`,
    `import { ${ui[0]} } from "../../components/field";`,
    `import { Button } from "../../components/ui/button";`,
    `import { Dialog, DialogFooter } from "../../components/ui/dialog";`,
    entity.fields.some(
      (f) => f.type in INPUT_TYPES || f.type === "text" || (f.type === "number" && !f.widget),
    )
      ? `import { Input } from "../../components/ui/input";`
      : "",
    ui[2] ? `import { Select } from "../../components/ui/select";` : "",
    `import { Spinner } from "../../components/ui/spinner";`,
    entity.fields.some((f) => f.widget === "stars")
      ? `import { StarRating } from "../../components/star-rating";`
      : "",
    ui[1] ? `import { Textarea } from "../../components/ui/textarea";` : "",
    `import { useToast } from "../../components/ui/toast";`,
    ...related
      .filter((t) => t !== entity)
      .map(
        (t) =>
          `import { type ${t.names.type}, ${t.names.value}Title } from "../../entities/${t.key}";`,
      ),
    `import {\n${moduleImports.map((n) => `  ${n},`).join("\n")}\n} from "../../entities/${entity.key}";`,
    `import type { FieldErrors } from "../../lib/validate";`,
    `import { type CollectionResult, type Doc, SecondError } from "../../second/sdk";`,
  ].filter(Boolean);
  const content = `${imports.join("\n")}

interface ${form}Props {
  /** The record to edit, or null to create one. */
  record: Doc<${type}> | null;
  records: CollectionResult<${type}>;
${props.join("\n")}
  /** A new record's values set before the form opens: the parent it is added from. */
  prefill?: Partial<${type}Draft>;
  onClose: () => void;
}

export function ${form}({ record, records, ${related.map((t) => `${optionsProp(t)}, `).join("")}prefill, onClose }: ${form}Props) {
  const toast = useToast();
  const [draft, setDraft] = useState<${type}Draft>(() =>
    record ? to${type}Draft(record) : { ...new${type}Draft(), ...prefill },
  );
  const [errors, setErrors] = useState<FieldErrors<${type}Draft>>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  function set<K extends keyof ${type}Draft>(key: K, value: ${type}Draft[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
    setErrors((current) => ({ ...current, [key]: undefined }));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validate${type}(draft);
    setErrors(found);
    if (Object.values(found).some(Boolean)) {
      const form = event.currentTarget;
      requestAnimationFrame(() => form.querySelector<HTMLElement>("[aria-invalid]")?.focus());
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      const data = from${type}Draft(draft);
      if (record) await records.update(record._id, data, { expectedVersion: record._version });
      else await records.insert(data);
      toast({ title: ${lit(`${entity.singular} saved`)}, tone: "success" });
      onClose();
    } catch (err) {
      const message =
        err instanceof SecondError && err.code === "CONFLICT"
          ? ${lit(`Someone else changed this ${singular} meanwhile. Close the form and open it again to see their changes.`)}
          : err instanceof Error
            ? err.message
            : String(err);
      setFailure(message);
      toast({ title: ${lit(`Could not save the ${singular}`)}, description: message, tone: "error" });
      setSaving(false);
    }
  }

  return (
    <Dialog
      open
      onClose={saving ? () => {} : onClose}
      title={record ? ${lit(`Edit ${singular}`)} : ${lit(`New ${singular}`)}}
    >
      <form onSubmit={submit} noValidate>
        <fieldset disabled={saving} className="flex min-w-0 flex-col gap-4">
${entity.fields
  .filter(inForm)
  .map((f, i) => control(f, i === 0))
  .join("\n")}
          {failure ? (
            <p role="alert" className="rounded-lg border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-destructive">
              {failure}
            </p>
          ) : null}
          <DialogFooter>
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">
              {saving ? <Spinner label="Saving" /> : null}
              {record ? "Save changes" : ${lit(`Create ${singular}`)}}
            </Button>
          </DialogFooter>
        </fieldset>
      </form>
    </Dialog>
  );
}
`;
  return { path: `src/pages/${entity.names.folder}/${form}.tsx`, content };
}
