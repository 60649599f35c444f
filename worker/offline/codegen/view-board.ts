import { lit, lowerFirst } from "./names";
import type { EntityPlan } from "./plan";
import {
  displayImports,
  FILLED_HELPER,
  keyFieldList,
  keyFields,
  titleProps,
  titlePropTypes,
} from "./views";

/**
 * A column per option of the status, in workflow order, each with its count. Cards move by drag
 * and drop and by a "Move to…" select on each card, so the keyboard moves them too; a move writes
 * the status through the SDK and shows in every open tab.
 */
export function boardView(entity: EntityPlan, name: string): string {
  const { type, value } = entity.names;
  const status = entity.view!.field;
  const shown = keyFields(entity, 3);
  const titles = titleProps(shown);
  const singular = lowerFirst(entity.singular);
  const plural = lowerFirst(entity.plural);
  const tones = shown.filter((f) => f.type === "status").map((f) => f.tonesConst);
  const moduleImports = [
    `type ${type}`,
    `type ${status.statusType}`,
    status.optionsConst,
    status.tonesConst,
    ...tones,
    `${value}Title`,
  ];
  const imports = [
    `import { GripVertical } from "lucide-react";`,
    `import { type DragEvent, useState } from "react";`,
    ...displayImports(shown),
    `import { Badge } from "../../components/ui/badge";`,
    `import { useToast } from "../../components/ui/toast";`,
    `import {\n${[...new Set(moduleImports)]
      .sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")))
      .map((n) => `  ${n},`)
      .join("\n")}\n} from "../../entities/${entity.key}";`,
    `import { cn } from "../../lib/utils";`,
    `import type { CollectionResult, Doc } from "../../second/sdk";`,
  ].filter(Boolean);
  const unique = [...new Set(imports)];
  const v = `record.${status.key}`;
  return `${unique.join("\n")}

${shown.length ? FILLED_HELPER : ""}
interface ${name}Props {
  /** The records the page's search and filters leave, in its sort order. */
  rows: Doc<${type}>[];
  records: CollectionResult<${type}>;
  canWrite: boolean;
  onSelect: (id: string) => void;
${titlePropTypes(titles)}
}

export function ${name}({ rows, records, canWrite, onSelect${titles.map((t) => `, ${t}`).join("")} }: ${name}Props) {
  const toast = useToast();
  const [dragging, setDragging] = useState<string | null>(null);
  const [over, setOver] = useState<${status.statusType} | null>(null);

  async function move(record: Doc<${type}>, to: ${status.statusType}) {
    if (${v} === to) return;
    try {
      await records.update(record._id, { ${status.key}: to });
      toast({ title: \`“\${${value}Title(record)}” moved to \${to}\`, tone: "success" });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      toast({ title: ${lit(`Could not move the ${singular}`)}, description: message, tone: "error" });
    }
  }

  // A value no option names any more (the options changed since) waits in the first column.
  const columnOf = (record: Doc<${type}>): ${status.statusType} =>
    ${status.optionsConst}.find((option) => option === ${v}) ?? ${status.optionsConst}[0];

  function drop(event: DragEvent<HTMLElement>, to: ${status.statusType}) {
    event.preventDefault();
    setOver(null);
    // The card moves to another column and is drawn anew there: its dragend never comes.
    setDragging(null);
    const record = rows.find((r) => r._id === event.dataTransfer.getData("text/plain"));
    if (record) void move(record, to);
  }

  return (
    <div className="-mx-1 flex snap-x gap-4 overflow-x-auto px-1 pb-3">
      {${status.optionsConst}.map((option) => {
        const cards = rows.filter((record) => columnOf(record) === option);
        return (
          <section
            key={option}
            aria-label={\`\${option}: \${cards.length}\`}
            className={cn(
              "flex min-w-60 max-w-80 flex-1 shrink-0 basis-60 snap-start flex-col rounded-xl border bg-muted/40 transition-colors",
              over === option && "border-primary/50 bg-accent/60",
            )}
            onDragOver={
              canWrite
                ? (event) => {
                    event.preventDefault();
                    event.dataTransfer.dropEffect = "move";
                    setOver(option);
                  }
                : undefined
            }
            onDragLeave={() => setOver((current) => (current === option ? null : current))}
            onDrop={canWrite ? (event) => drop(event, option) : undefined}
          >
            <header className="flex items-center justify-between gap-2 px-3 pt-3 pb-2">
              <Badge tone={${status.tonesConst}[option] ?? "neutral"}>{option}</Badge>
              <span className="rounded-full bg-background px-2 py-0.5 text-xs font-medium tabular-nums text-muted-foreground ring-1 ring-border">
                {cards.length}
              </span>
            </header>
            <ul className="flex min-h-28 flex-1 flex-col gap-2 px-2 pb-2">
              {cards.length === 0 ? (
                <li className="flex flex-1 items-center justify-center rounded-lg border border-dashed px-3 py-6 text-center text-xs text-muted-foreground">
                  {canWrite ? ${lit(`Drop ${plural} here`)} : ${lit(`No ${plural}`)}}
                </li>
              ) : (
                cards.map((record) => (
                  <li
                    key={record._id}
                    draggable={canWrite}
                    onDragStart={(event) => {
                      event.dataTransfer.setData("text/plain", record._id);
                      event.dataTransfer.effectAllowed = "move";
                      setDragging(record._id);
                    }}
                    onDragEnd={() => setDragging(null)}
                    className={cn(
                      "group rounded-lg border bg-card p-3 shadow-sm transition-shadow hover:shadow-md",
                      canWrite && "cursor-grab active:cursor-grabbing",
                      dragging === record._id && "opacity-50",
                    )}
                  >
                    <div className="flex items-start gap-2">
                      <button
                        type="button"
                        className="min-w-0 flex-1 text-left text-sm font-medium leading-snug hover:underline focus-visible:underline focus-visible:outline-none"
                        onClick={() => onSelect(record._id)}
                      >
                        {${value}Title(record)}
                      </button>
                      {canWrite ? (
                        <GripVertical className="mt-0.5 size-4 shrink-0 text-muted-foreground/50 group-hover:text-muted-foreground" aria-hidden="true" />
                      ) : null}
                    </div>
${shown.length ? keyFieldList(shown, "record", "mt-2 flex flex-col gap-1 text-xs") : ""}
                    {canWrite ? (
                      <select
                        aria-label={\`Move “\${${value}Title(record)}” to…\`}
                        className="mt-3 h-7 w-full cursor-pointer rounded-md border border-input bg-background px-2 text-xs text-muted-foreground shadow-none transition-colors hover:text-foreground focus-visible:border-ring focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring/30"
                        value={columnOf(record)}
                        onChange={(event) => move(record, event.target.value as ${status.statusType})}
                      >
                        {${status.optionsConst}.map((to) => (
                          <option key={to} value={to}>
                            {to === columnOf(record) ? \`In \${to}\` : \`Move to \${to}\`}
                          </option>
                        ))}
                      </select>
                    ) : null}
                  </li>
                ))
              )}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
`.replace(/\n{3,}/g, "\n\n");
}
