import { displayValue } from "./display";
import { lit, lowerFirst } from "./names";
import type { EntityPlan } from "./plan";
import { displayImports, FILLED_HELPER, keyFields, titleProps, titlePropTypes } from "./views";

/**
 * Rows with a real checkbox ticking the done field through the SDK, open ones first and done ones
 * struck through after them, "3 of 5 done" with a bar, and an input that adds an item on Enter
 * (the full form opens instead when other required fields need filling).
 */
export function checklistView(entity: EntityPlan, name: string): string {
  const { type, value } = entity.names;
  const done = entity.view!.field;
  const shown = keyFields(entity, 2);
  const titles = titleProps(shown);
  const singular = lowerFirst(entity.singular);
  const plural = lowerFirst(entity.plural);
  // Clearing deletes records: only where nothing points at them.
  const clears = entity.children.length === 0;
  const tones = shown.filter((f) => f.type === "status").map((f) => f.tonesConst);
  const moduleImports = [
    `type ${type}`,
    `type ${type}Draft`,
    `from${type}Draft`,
    `new${type}Draft`,
    `validate${type}`,
    `${value}Title`,
    ...tones,
  ].sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));
  const imports = [
    `import { ListChecks, Plus } from "lucide-react";`,
    `import { type FormEvent, useMemo, useState } from "react";`,
    ...displayImports(shown),
    clears ? `import { ConfirmDialog } from "../../components/confirm-dialog";` : "",
    `import { Button } from "../../components/ui/button";`,
    `import { Checkbox } from "../../components/ui/checkbox";`,
    `import { EmptyState } from "../../components/ui/empty-state";`,
    `import { Input } from "../../components/ui/input";`,
    `import { useToast } from "../../components/ui/toast";`,
    `import {\n${moduleImports.map((n) => `  ${n},`).join("\n")}\n} from "../../entities/${entity.key}";`,
    `import { cn } from "../../lib/utils";`,
    `import type { CollectionResult, Doc } from "../../second/sdk";`,
  ].filter(Boolean);
  const isDone = `record.${done.key} === true`;
  const extras = shown
    .map(
      (f) => `              {filled(record.${f.key}) ? (
                <span className="hidden shrink-0 text-xs text-muted-foreground sm:inline">
                  {${lit(f.label)}} <span className="font-medium text-foreground">{${displayValue(f)}}</span>
                </span>
              ) : null}`,
    )
    .join("\n");
  return `${imports.join("\n")}

${shown.length ? FILLED_HELPER : ""}
interface ${name}Props {
  /** The records the page's search and filters leave, in its sort order. */
  rows: Doc<${type}>[];
  records: CollectionResult<${type}>;
  canWrite: boolean;
  onSelect: (id: string) => void;
  onNew: (initial: Partial<${type}Draft>) => void;
${titlePropTypes(titles)}
}

export function ${name}({ rows, records, canWrite, onSelect, onNew${titles.map((t) => `, ${t}`).join("")} }: ${name}Props) {
  const toast = useToast();
  const [text, setText] = useState("");
  const [adding, setAdding] = useState(false);${clears ? "\n  const [clearing, setClearing] = useState(false);" : ""}
  // Open items first, then the done ones, each keeping the page's order.
  const ordered = useMemo(
    () => [...rows.filter((record) => !(${isDone})), ...rows.filter((record) => ${isDone})],
    [rows],
  );
  const doneCount = rows.length - rows.filter((record) => !(${isDone})).length;
  const percent = rows.length === 0 ? 0 : Math.round((doneCount / rows.length) * 100);

  async function tick(record: Doc<${type}>, checked: boolean) {
    try {
      await records.update(record._id, { ${done.key}: checked });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      toast({ title: ${lit(`Could not update the ${singular}`)}, description: message, tone: "error" });
    }
  }

${
  clears
    ? `  async function clearDone() {
    try {
      for (const record of rows.filter((r) => r.${done.key} === true)) await records.remove(record._id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      toast({ title: ${lit(`Could not clear every done ${singular}`)}, description: message, tone: "error" });
      throw err;
    }
  }

`
    : ""
}  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = text.trim();
    if (typed === "" || adding) return;
    const draft: ${type}Draft = { ...new${type}Draft(), ${entity.title.key}: typed };
    // Other required fields need the full form, started with what was typed.
    if (Object.values(validate${type}(draft)).some(Boolean)) {
      setText("");
      onNew({ ${entity.title.key}: typed });
      return;
    }
    setAdding(true);
    try {
      await records.insert(from${type}Draft(draft));
      setText("");
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      toast({ title: ${lit(`Could not add the ${singular}`)}, description: message, tone: "error" });
    } finally {
      setAdding(false);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-2">
        <div className="flex items-baseline justify-between gap-3 text-sm">
          <span className="font-medium" aria-live="polite">
            {doneCount} of {rows.length} done
          </span>
          <span className="flex items-center gap-3">
            <span className="tabular-nums text-muted-foreground">{percent}%</span>${
              clears
                ? `
            {canWrite && doneCount > 0 ? (
              <Button variant="ghost" size="sm" onClick={() => setClearing(true)}>
                Clear done
              </Button>
            ) : null}`
                : ""
            }
          </span>
        </div>
        <div
          role="progressbar"
          aria-label=${lit(`${entity.plural} done`)}
          aria-valuemin={0}
          aria-valuemax={rows.length}
          aria-valuenow={doneCount}
          className="h-2 overflow-hidden rounded-full bg-muted"
        >
          <div className="h-full rounded-full bg-primary transition-[width] duration-300" style={{ width: \`\${percent}%\` }} />
        </div>
      </div>

      {canWrite ? (
        <form onSubmit={add} className="flex gap-2">
          <Input
            aria-label=${lit(`Add ${article(singular)}`)}
            placeholder=${lit(`Add ${article(singular)} and press Enter…`)}
            value={text}
            disabled={adding}
            onChange={(event) => setText(event.target.value)}
          />
          <Button type="submit" variant="secondary" disabled={adding || text.trim() === ""}>
            <Plus aria-hidden="true" />
            Add
          </Button>
        </form>
      ) : null}

      {rows.length === 0 ? (
        <EmptyState
          icon={ListChecks}
          title=${lit(`Nothing to tick off yet`)}
          description={canWrite ? ${lit(canWriteHint(plural))} : ${lit(`No ${plural} yet.`)}}
        />
      ) : (
        <ul className="divide-y overflow-hidden rounded-xl border bg-card shadow-sm">
          {ordered.map((record) => {
            const checked = ${isDone};
            return (
              <li key={record._id} className={cn("flex items-center gap-3 px-4 py-3 transition-colors", checked ? "bg-muted/30" : "hover:bg-muted/40")}>
                <Checkbox
                  className="size-5 cursor-pointer"
                  checked={checked}
                  disabled={!canWrite}
                  aria-label={\`\${${value}Title(record)}: ${lowerFirst(done.label).replace(/[`$\\]/g, "")}\`}
                  onChange={(event) => tick(record, event.target.checked)}
                />
                <button
                  type="button"
                  onClick={() => onSelect(record._id)}
                  className={cn(
                    "min-w-0 flex-1 truncate text-left text-sm hover:underline focus-visible:underline focus-visible:outline-none",
                    checked ? "text-muted-foreground line-through decoration-muted-foreground/60" : "font-medium",
                  )}
                >
                  {${value}Title(record)}
                </button>
${extras}
              </li>
            );
          })}
        </ul>
      )}${
        clears
          ? `
      {clearing ? (
        <ConfirmDialog
          title={\`Delete \${doneCount} done \${doneCount === 1 ? ${lit(singular)} : ${lit(plural)}}?\`}
          description="They will be deleted for everyone. This cannot be undone."
          confirmLabel="Delete"
          onConfirm={clearDone}
          onClose={() => setClearing(false)}
        />
      ) : null}`
          : ""
      }
    </div>
  );
}
`;
}

const canWriteHint = (plural: string) =>
  `Add ${plural} above and tick them off as they are done; done ones move to the bottom.`;

/** "an item", "a task". */
const article = (noun: string) => `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
