import { computedImports, highlightFunction } from "./computed";
import { displayValue, formatImports, titlesVar } from "./display";
import { optionsProp, relatedEntities } from "./form";
import { jsxText, lit, lowerFirst } from "./names";
import { type EntityPlan, type FieldPlan, isTextual, viewersReadOnly } from "./plan";
import type { GeneratedFile } from "./types";
import { keyFields, titleProps, VIEW_ICONS, VIEW_LABELS, viewComponent } from "./views";

const MAX_COLUMNS = 5;

/** The records of a related entity: the page's own when it points at itself. */
const dataOf = (entity: EntityPlan, target: EntityPlan) =>
  target === entity ? "records.data" : `related${target.names.type}.data`;

const isFilter = (f: FieldPlan) =>
  f.type === "status" || f.type === "boolean" || f.type === "relation";

function filterControl(entity: EntityPlan, f: FieldPlan): string {
  const options =
    f.type === "status"
      ? `{${f.optionsConst}.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}`
      : f.type === "boolean"
        ? `<option value="yes">${jsxText(`${f.label}: yes`)}</option>
            <option value="no">${jsxText(`${f.label}: no`)}</option>`
        : `{${dataOf(entity, f.target!)}.map((option) => (
              <option key={option._id} value={option._id}>
                {${f.target!.names.value}Title(option)}
              </option>
            ))}`;
  const all =
    f.type === "relation"
      ? `All ${lowerFirst(f.target!.plural)}`
      : f.type === "boolean"
        ? `${f.label}: any`
        : `Any ${lowerFirst(f.label)}`;
  return `          <Select
            aria-label=${jsxText(`Filter by ${lowerFirst(f.label)}`)}
            className="w-full sm:w-44"
            value={filters.${f.key}}
            onChange={(event) => setFilters({ ...filters, ${f.key}: event.target.value })}
          >
            <option value="">${jsxText(all)}</option>
            ${options}
          </Select>`;
}

function filterTest(f: FieldPlan): string {
  const v = `record.${f.key}`;
  if (f.type === "boolean")
    return `if (filters.${f.key} && (${v} === true) !== (filters.${f.key} === "yes")) return false;`;
  return `if (filters.${f.key} && ${v} !== filters.${f.key}) return false;`;
}

function sortValue(f: FieldPlan): string | null {
  if (f.type === "relation") return `${titlesVar(f)}.get(record.${f.key} ?? "")`;
  if (f.type === "status") return `${f.optionsConst}.indexOf(record.${f.key})`;
  return null;
}

export function entityPage(entity: EntityPlan): GeneratedFile {
  const { type, value, page, form, details } = entity.names;
  const related = relatedEntities(entity);
  const columns = [
    entity.title,
    ...entity.fields.filter((f) => f !== entity.title && f.type !== "longtext"),
  ].slice(0, MAX_COLUMNS);
  // Votes and stars are what the list is for: they stay in view whatever else is dropped.
  for (const f of entity.fields.filter((x) => x.widget && !columns.includes(x))) {
    if (columns.length >= MAX_COLUMNS) columns.splice(columns.length - 1, 1);
    columns.push(f);
  }
  const highlights = entity.highlights.length > 0;
  const votes = entity.fields.find((f) => f.widget === "votes");
  const filters = entity.fields.filter(isFilter);
  const searchable = entity.fields.filter(isTextual);
  const relations = entity.fields.filter((f) => f.type === "relation");
  const singular = lowerFirst(entity.singular);
  const plural = lowerFirst(entity.plural);
  const readOnly = viewersReadOnly(entity);
  const special = columns.filter((f) => sortValue(f) !== null);
  const statusesUsed = entity.fields.filter(
    (f) => f.type === "status" && (filters.includes(f) || columns.includes(f)),
  );

  const view = entity.view;
  const viewName = viewComponent(entity);
  const prefills = view !== undefined && view.kind !== "board";
  const moduleImports = [
    `type ${type}`,
    ...(prefills ? [`type ${type}Draft`] : []),
    `${value}Collection`,
    `${value}Labels`,
    `${value}Title`,
    ...statusesUsed.flatMap((f) => [
      f.optionsConst,
      ...(columns.includes(f) ? [f.tonesConst] : []),
    ]),
  ];
  const sortNames = (names: string[]) =>
    [...new Set(names)].sort((a, b) =>
      a.replace("type ", "").localeCompare(b.replace("type ", "")),
    );
  const imports = [
    `import { ${[...new Set(["Plus", "Search", "SearchX", entity.icon, ...(view ? [VIEW_ICONS[view.kind], "Table2"] : [])])].sort().join(", ")} } from "lucide-react";`,
    `import { useMemo, useState } from "react";`,
    `import { ConfirmDialog } from "../components/confirm-dialog";`,
    `import { SortHeader } from "../components/sort-header";`,
    columns.some((f) => f.widget === "stars")
      ? `import { Stars } from "../components/star-rating";`
      : "",
    columns.some((f) => f.type === "status") || highlights
      ? `import { Badge } from "../components/ui/badge";`
      : "",
    `import { Button } from "../components/ui/button";`,
    `import { EmptyState } from "../components/ui/empty-state";`,
    `import { Input } from "../components/ui/input";`,
    filters.length ? `import { Select } from "../components/ui/select";` : "",
    `import { Skeleton } from "../components/ui/spinner";`,
    `import { Table, TableBody, TableCell, TableHead, TableRow } from "../components/ui/table";`,
    `import { useToast } from "../components/ui/toast";`,
    votes ? `import { VoteButton } from "../components/vote-button";` : "",
    ...related
      .filter((t) => t !== entity)
      .map(
        (t) =>
          `import { type ${t.names.type}, ${t.names.value}Collection, ${t.names.value}Title } from "../entities/${t.key}";`,
      ),
    `import {\n${sortNames(moduleImports)
      .map((n) => `  ${n},`)
      .join("\n")}\n} from "../entities/${entity.key}";`,
    highlights
      ? `import { ${computedImports(entity.highlights).join(", ")} } from "../lib/computed";`
      : "",
    formatImports(columns).length
      ? `import { ${formatImports(columns).join(", ")} } from "../lib/format";`
      : "",
    `import { type SortState, matchesSearch, sortRecords, ${related.length ? "titlesById, " : ""}toggleSort } from "../lib/records";`,
    viewersReadOnly(entity)
      ? `import { type Doc, useAppScope, useCollection } from "../second/sdk";`
      : `import { type Doc, useCollection } from "../second/sdk";`,
    `import { ${details} } from "./${entity.names.folder}/${details}";`,
    `import { ${form} } from "./${entity.names.folder}/${form}";`,
    viewName ? `import { ${viewName} } from "./${entity.names.folder}/${viewName}";` : "",
  ].filter(Boolean);

  const sortKeys = columns.map((f) => lit(f.key)).join(" | ");
  const relatedHooks = related
    .filter((t) => t !== entity)
    .map(
      (t) =>
        `  const related${t.names.type} = useCollection<${t.names.type}>(${t.names.value}Collection);`,
    );
  const titleMaps = related.map((t) => {
    const source = dataOf(entity, t);
    return `  const ${t.names.value}Titles = useMemo(() => titlesById(${source}, ${t.names.value}Title), [${source}]);`;
  });
  const deps = [
    "records.data",
    "search",
    "sort",
    ...(filters.length ? ["filters"] : []),
    ...special.filter((f) => f.type === "relation").map(titlesVar),
  ];
  const sortFn = special.length
    ? `(record, key) => {
${special.map((f) => `      if (key === ${lit(f.key)}) return ${sortValue(f)};`).join("\n")}
      return record[key];
    }`
    : "(record, key) => record[key]";
  const searchValues = [
    ...searchable.map((f) => `record.${f.key}`),
    ...relations.map((f) => `${titlesVar(f)}.get(record.${f.key} ?? "")`),
  ];
  const relationProps = related.map((t) => `\n          ${optionsProp(t)}={${dataOf(entity, t)}}`);
  const detailProps = [
    ...new Set(
      entity.fields.filter((f) => f !== entity.title && f.type === "relation").map(titlesVar),
    ),
  ]
    .map((v) => `\n            ${v}={${v}}`)
    .join("");
  const voteProp = `${
    entity.fields.some((f) => f.widget === "votes") ? "\n            update={records.update}" : ""
  }${
    entity.children.some((c) => c.field.onDelete === "cascade")
      ? "\n            onRemove={() => remove(selected)}"
      : ""
  }`;

  const cells = columns.map((f, i) =>
    i === 0
      ? `                <TableCell className="font-medium">
                  <button
                    type="button"
                    className="text-left hover:underline focus-visible:underline focus-visible:outline-none"
                    onClick={(event) => {
                      event.stopPropagation();
                      onSelect(record._id);
                    }}
                  >
                    {${value}Title(record)}
                  </button>${
                    highlights
                      ? `
                  {highlightOf(record) ? (
                    <Badge tone={highlightOf(record)!.tone} className="ml-2 align-middle">
                      {highlightOf(record)!.label}
                    </Badge>
                  ) : null}`
                      : ""
                  }
                </TableCell>`
      : f.widget === "votes"
        ? `                <TableCell className="text-right">
                  <VoteButton record={record} field=${lit(f.key)} update={records.update} label=${jsxText(f.label)} />
                </TableCell>`
        : `                <TableCell${f.type === "number" ? ` className="text-right tabular-nums"` : ` className="text-muted-foreground"`}>{${displayValue(f)}}</TableCell>`,
  );
  const headers = columns.map(
    (f) =>
      `              <SortHeader label={${value}Labels.${f.key}} column=${lit(f.key)} sort={sort} onSort={onSort}${f.type === "number" ? ` className="text-right"` : ""} />`,
  );

  const content = `${imports.join("\n")}

type SortKey = ${sortKeys};
${highlights ? `\n${highlightFunction(entity)}\n` : ""}
interface ${page}Props {
  /** The record whose details are open, or null for the list. */
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}

export function ${page}({ selectedId, onSelect }: ${page}Props) {
  const toast = useToast();
  const records = useCollection<${type}>(${value}Collection);${readOnly ? `\n  // collections.json: the people the app is published to only read ${plural}; no edits to offer them.\n  const canWrite = useAppScope() === "draft";` : ""}
${relatedHooks.join("\n")}
${titleMaps.join("\n")}
  const [search, setSearch] = useState("");
${filters.length ? `  const [filters, setFilters] = useState({ ${filters.map((f) => `${f.key}: ""`).join(", ")} });\n` : ""}  const [sort, setSort] = useState<SortState<SortKey>>({ key: ${lit(entity.title.key)}, direction: "asc" });
  const [editing, setEditing] = useState<Doc<${type}> | "new" | null>(null);${viewState(entity)}
  const [deleting, setDeleting] = useState<Doc<${type}> | null>(null);

  const rows = useMemo(() => {
    const shown = records.data.filter((record) => {
      if (!matchesSearch(search, [${searchValues.join(", ")}])) return false;
${filters.map((f) => `      ${filterTest(f)}`).join("\n")}
      return true;
    });
    return sortRecords<Doc<${type}>, SortKey>(shown, sort, ${sortFn});
  }, [${deps.join(", ")}]);

  const onSort = (key: SortKey) => setSort(toggleSort(sort, key));
  const filtered = search !== ""${filters.map((f) => ` || filters.${f.key} !== ""`).join("")};
  const clearFilters = () => {
    setSearch("");
${filters.length ? `    setFilters({ ${filters.map((f) => `${f.key}: ""`).join(", ")} });\n` : ""}  };

  async function remove(record: Doc<${type}>) {
    try {
      onSelect(null);
      await records.remove(record._id);
      toast({ title: ${lit(`${entity.singular} deleted`)}, tone: "success" });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      toast({ title: ${lit(`Could not delete the ${singular}`)}, description: message, tone: "error" });
      throw err;
    }
  }

  const selected = selectedId ? records.data.find((record) => record._id === selectedId) : undefined;
  const dialogs = (
    <>
      {editing ? (
        <${form}
          record={editing === "new" ? null : editing}
          records={records}${relationProps.join("")}${prefills ? `\n          prefill={editing === "new" ? prefill : undefined}` : ""}
          onClose={() => {
            setEditing(null);${prefills ? "\n            setPrefill({});" : ""}
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={${lit(`Delete this ${singular}?`)}}
          description={<>“{${value}Title(deleting)}” will be deleted for everyone. This cannot be undone.</>}
          confirmLabel="Delete"
          onConfirm={() => remove(deleting)}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </>
  );

  if (selectedId) {
    return (
      <>
        {selected ? (
          <${details}
            record={selected}${detailProps}${voteProp}
            onBack={() => onSelect(null)}
            ${readOnly ? "onEdit={canWrite ? () => setEditing(selected) : undefined}" : "onEdit={() => setEditing(selected)}"}
            ${readOnly ? "onDelete={canWrite ? () => setDeleting(selected) : undefined}" : "onDelete={() => setDeleting(selected)}"}
          />
        ) : records.loading ? (
          <Skeleton className="h-48" />
        ) : (
          <EmptyState
            icon={SearchX}
            title=${jsxText(`This ${singular} is not here any more`)}
            description="It may have been deleted."
            action={<Button variant="secondary" onClick={() => onSelect(null)}>${jsxText(`Back to ${plural}`)}</Button>}
          />
        )}
        {dialogs}
      </>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">${jsxText(entity.plural)}</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            {records.loading
              ? "Loading…"
              : \`\${records.data.length} \${records.data.length === 1 ? ${lit(singular)} : ${lit(plural)}}\`}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
${view ? viewSwitch(view.kind) : ""}          ${readOnly ? "{canWrite ? (" : ""}<Button onClick={() => setEditing("new")}>
            <Plus aria-hidden="true" />
            ${jsxText(`New ${singular}`)}
          </Button>${readOnly ? ") : null}" : ""}
        </div>
      </div>

      {records.data.length > 0 ? (
        <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-center">
          <div className="relative w-full sm:max-w-xs">
            <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
            <Input
              type="search"
              aria-label=${jsxText(`Search ${plural}`)}
              placeholder=${jsxText(`Search ${plural}…`)}
              className="pl-9"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
          </div>
${filters.map((f) => filterControl(entity, f)).join("\n")}
          {filtered ? (
            <Button variant="ghost" size="sm" onClick={clearFilters}>
              Clear
            </Button>
          ) : null}
        </div>
      ) : null}

      {records.error && records.data.length === 0 ? (
        <EmptyState
          icon={${entity.icon}}
          title=${jsxText(`Could not load ${plural}`)}
          description={records.error.message}
        />
      ) : records.loading ? (
        <div className="flex flex-col gap-2" aria-busy="true">
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
        </div>
      ) : ${viewBranch(entity, readOnly)}records.data.length === 0 ? (
        <EmptyState
          icon={${entity.icon}}
          title=${jsxText(`No ${plural} yet`)}
          description=${jsxText(`Add the first ${singular} and it will show up here for everyone.`)}
          action={
            ${readOnly ? "canWrite ? (" : ""}<Button onClick={() => setEditing("new")}>
              <Plus aria-hidden="true" />
              ${jsxText(`New ${singular}`)}
            </Button>${readOnly ? ") : undefined" : ""}
          }
        />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={SearchX}
          title=${jsxText(`No ${plural} match`)}
          description="Try another search or clear the filters."
          action={
            <Button variant="secondary" onClick={clearFilters}>
              Clear filters
            </Button>
          }
        />
      ) : (
        <Table>
          <TableHead>
            <TableRow>
${headers.join("\n")}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((record) => (
              <TableRow key={record._id} className=${highlights ? `{highlightOf(record) ? \`cursor-pointer \${HIGHLIGHT_ROWS[highlightOf(record)!.tone]}\` : "cursor-pointer hover:bg-muted/50"}` : `"cursor-pointer hover:bg-muted/50"`} onClick={() => onSelect(record._id)}>
${cells.join("\n")}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {dialogs}
    </div>
  );
}
`;
  return { path: `src/pages/${page}.tsx`, content };
}

function viewState(entity: EntityPlan): string {
  const view = entity.view;
  if (!view) return "";
  const lines = [
    `  // The ${view.kind} or the table: remembered while the app stays open.`,
    `  const [shownAs, setShownAs] = useState<"${view.kind}" | "table">("${view.kind}");`,
  ];
  if (view.kind !== "board")
    lines.push(
      `  const [prefill, setPrefill] = useState<Partial<${entity.names.type}Draft>>({});`,
      `  const startNew = (initial: Partial<${entity.names.type}Draft>) => {`,
      "    setPrefill(initial);",
      `    setEditing("new");`,
      "  };",
    );
  return `\n${lines.join("\n")}`;
}

function viewSwitch(kind: "board" | "calendar" | "checklist"): string {
  const option = (value: string, icon: string, label: string) => `            <button
              type="button"
              aria-pressed={shownAs === "${value}"}
              onClick={() => setShownAs("${value}")}
              className={\`inline-flex h-7 items-center gap-1.5 rounded-md px-2.5 text-xs font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring \${shownAs === "${value}" ? "bg-accent text-foreground shadow-sm" : "text-muted-foreground hover:text-foreground"}\`}
            >
              <${icon} className="size-3.5" aria-hidden="true" />
              ${label}
            </button>`;
  return `          <div role="group" aria-label="View" className="inline-flex items-center gap-0.5 rounded-lg border bg-card p-0.5 shadow-sm">
${option(kind, VIEW_ICONS[kind], VIEW_LABELS[kind])}
${option("table", "Table2", "Table")}
          </div>
`;
}

/** The view in place of the table; a board with no records shows the page's empty state. */
function viewBranch(entity: EntityPlan, readOnly: boolean): string {
  const name = viewComponent(entity);
  const view = entity.view;
  if (!name || !view) return "";
  const shows =
    view.kind === "board"
      ? `shownAs !== "table" && rows.length > 0`
      : `shownAs !== "table" && (rows.length > 0 || records.data.length === 0)`;
  const props = [
    "rows={rows}",
    ...(view.kind === "calendar" ? [] : ["records={records}"]),
    `canWrite={${readOnly ? "canWrite" : "true"}}`,
    "onSelect={onSelect}",
    ...(view.kind === "board" ? [] : ["onNew={startNew}"]),
    ...titleProps(
      view.kind === "board"
        ? keyFields(entity, 3)
        : view.kind === "checklist"
          ? keyFields(entity, 2)
          : [],
    ).map((t) => `${t}={${t}}`),
  ];
  return `${shows} ? (
        <${name}
          ${props.join("\n          ")}
        />
      ) : `;
}
