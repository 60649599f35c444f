import { computedCard, computedImports, computedValue } from "./computed";
import { formatImports } from "./display";
import { camelCase, jsxText, lit, localName } from "./names";
import { type AppPlan, type EntityPlan, statusField } from "./plan";
import type { GeneratedFile } from "./types";

const RECENT = 6;

export function dashboardPage(app: AppPlan): GeneratedFile {
  const taken = new Set([
    "recent",
    "onOpen",
    "Dashboard",
    "DashboardProps",
    "RecentItem",
    "countBy",
    ...app.computed.map((v) => v.name),
  ]);
  const vars = new Map<EntityPlan, string>(
    app.entities.map((e) => [e, localName(camelCase(e.key) || e.names.value, taken)]),
  );
  const groupedBy = app.computed.flatMap((v) => (v.by?.type === "status" ? [v.by] : []));
  const imports = app.entities.map((e) => {
    const status = statusField(e);
    const grouped = groupedBy.filter((f) => e.fields.includes(f));
    const names = [
      ...new Set([
        `type ${e.names.type}`,
        `${e.names.value}Collection`,
        `${e.names.value}Title`,
        ...(status ? [status.optionsConst, status.tonesConst] : []),
        ...grouped.flatMap((f) => [f.optionsConst, f.tonesConst, `type ${f.statusType}`]),
      ]),
    ].sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));
    return `import {\n${names.map((n) => `  ${n},`).join("\n")}\n} from "../entities/${e.key}";`;
  });
  const icons = [...new Set(["Clock", ...app.entities.map((e) => e.icon)])].sort();
  const hooks = app.entities.map(
    (e) => `  const ${vars.get(e)} = useCollection<${e.names.type}>(${e.names.value}Collection);`,
  );
  const counts = app.entities.map(
    (e) => `        <button
          type="button"
          onClick={() => onOpen(${lit(e.key)})}
          className="group rounded-lg text-left focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <Card className="h-full p-5 transition-colors group-hover:bg-accent/50">
            <div className="flex items-center justify-between text-sm text-muted-foreground">
              ${jsxText(e.plural)}
              <${e.icon} className="size-4" aria-hidden="true" />
            </div>
            <div className="mt-2 text-3xl font-semibold tabular-nums">
              {${vars.get(e)}.loading ? <Skeleton className="h-9 w-12" /> : ${vars.get(e)}.data.length}
            </div>
          </Card>
        </button>`,
  );
  const statusCards = app.entities.flatMap((e) => {
    const status = statusField(e);
    if (!status) return [];
    const v = vars.get(e)!;
    return [
      `        <Card>
          <CardHeader>
            <CardTitle>${jsxText(`${e.plural} by ${status.label.toLowerCase()}`)}</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-col gap-3">
              {${status.optionsConst}.map((option) => {
                const count = countBy(${v}.data, (record) => record.${status.key} === option);
                return (
                  <li key={option} className="flex flex-col gap-1.5">
                    <div className="flex items-center justify-between text-sm">
                      <Badge tone={${status.tonesConst}[option]}>{option}</Badge>
                      <span className="tabular-nums text-muted-foreground">{count}</span>
                    </div>
                    <progress
                      className="h-1.5 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-primary [&::-webkit-progress-bar]:bg-muted [&::-webkit-progress-value]:bg-primary"
                      max={Math.max(${v}.data.length, 1)}
                      value={count}
                      aria-label={option}
                    />
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>`,
    ];
  });
  const recentSources = app.entities.map(
    (e) => `    ...${vars.get(e)}.data.map((record) => ({
      page: ${lit(e.key)},
      kind: ${lit(e.singular)},
      id: record._id,
      title: ${e.names.value}Title(record),
      updatedAt: record._updatedAt,
    })),`,
  );
  const hasStatus = statusCards.length > 0 || groupedBy.length > 0;
  const data = (e: EntityPlan) => `${vars.get(e)}.data`;
  const computedValues = app.computed.map((v) => computedValue(v, data(v.entity)));
  const computedCards = app.computed.map((v) => computedCard(v, data(v.entity), data));
  const helpers = computedImports(app.computed, true);
  // Every record a card counts: its entity's and the ones a total names its groups by.
  const paged = app.entities.filter((e) =>
    app.computed.some((v) => v.entity === e || v.by?.target === e),
  );
  const shown = app.computed.flatMap((v) => [
    ...(v.kind !== "group" && v.field ? [v.field] : []),
    ...(v.than && typeof v.than !== "number" ? [v.than] : []),
    ...(v.sum ? [v.sum] : []),
  ]);
  const formats = formatImports(shown, ["formatDateTime", "formatRelative"]);
  const content = `import { ${icons.join(", ")} } from "lucide-react";
${hasStatus ? `import { Badge } from "../components/ui/badge";\n` : ""}import { Card, CardContent, CardHeader, CardTitle } from "../components/ui/card";
import { EmptyState } from "../components/ui/empty-state";
import { Skeleton } from "../components/ui/spinner";
${imports.join("\n")}
${helpers.length ? `import { ${helpers.join(", ")} } from "../lib/computed";\n` : ""}import { ${formats.join(", ")} } from "../lib/format";
import { useCollection } from "../second/sdk";

interface RecentItem {
  page: string;
  kind: string;
  id: string;
  title: string;
  updatedAt: string;
}

interface DashboardProps {
  onOpen: (page: string, id?: string) => void;
}
${hasStatus ? "\nconst countBy = <T,>(rows: T[], test: (row: T) => boolean) => rows.filter(test).length;\n" : ""}
export function Dashboard({ onOpen }: DashboardProps) {
${hooks.join("\n")}
${paged.map((e) => `  useEveryPage(${vars.get(e)});\n`).join("")}${computedValues.length ? `${computedValues.join("\n")}\n` : ""}  const recent: RecentItem[] = [
${recentSources.join("\n")}
  ]
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, ${RECENT});

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
        <p className="mt-1 text-sm text-muted-foreground">${jsxText(app.summary)}</p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
${counts.join("\n")}
      </div>
${
  computedCards.length
    ? `      <div className="grid gap-4 lg:grid-cols-2">
${computedCards.join("\n")}
      </div>
`
    : ""
}      <div className="grid gap-4 lg:grid-cols-2">
${statusCards.join("\n")}
        <Card>
          <CardHeader>
            <CardTitle>Recently updated</CardTitle>
          </CardHeader>
          <CardContent>
            {recent.length === 0 ? (
              <EmptyState icon={Clock} title="Nothing yet" description="New and edited records show up here." />
            ) : (
              <ul className="-mx-2 flex flex-col">
                {recent.map((item) => (
                  <li key={item.page + item.id}>
                    <button
                      type="button"
                      onClick={() => onOpen(item.page, item.id)}
                      className="flex w-full items-center justify-between gap-3 rounded-md px-2 py-2 text-left text-sm hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                    >
                      <span className="min-w-0 truncate">
                        <span className="font-medium">{item.title}</span>
                        <span className="text-muted-foreground"> · {item.kind}</span>
                      </span>
                      <span className="shrink-0 text-xs text-muted-foreground" title={formatDateTime(item.updatedAt)}>
                        {formatRelative(item.updatedAt)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
`;
  return { path: "src/pages/Dashboard.tsx", content };
}
