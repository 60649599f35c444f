import { jsxText, lit } from "./names";
import type { AppPlan } from "./plan";
import type { GeneratedFile } from "./types";

export function appShell(app: AppPlan): GeneratedFile {
  const agents = app.agents.length > 0;
  const first = app.entities[0]!;
  const icons = [
    ...new Set([
      ...(app.dashboard ? ["LayoutDashboard"] : []),
      ...(agents ? ["Bot"] : []),
      ...(app.syncs.length ? ["PlugZap"] : []),
      ...app.entities.map((e) => e.icon),
    ]),
  ].sort();
  const sections = [
    ...(app.dashboard
      ? [
          `  { id: "dashboard", route: { page: "dashboard" }, label: "Dashboard", icon: LayoutDashboard },`,
        ]
      : []),
    ...app.entities.map(
      (e) =>
        `  { id: ${lit(e.key)}, route: { page: "entity", entity: ${lit(e.key)}, id: null }, label: ${lit(e.plural)}, icon: ${e.icon} },`,
    ),
    ...app.syncs.map(
      (s) =>
        `  { id: ${lit(`sync-${s.key}`)}, route: { page: "service", service: ${lit(s.key)} }, label: ${lit(s.service)}, icon: PlugZap },`,
    ),
    ...(agents
      ? [`  { id: "agents", route: { page: "agents" }, label: "Agents", icon: Bot },`]
      : []),
  ];
  const syncPages = app.syncs.map(
    (s) =>
      `        {route.page === "service" && route.service === ${lit(s.key)} ? <${s.component} /> : null}\n`,
  );
  const pages = app.entities.map(
    (e) => `        {route.page === "entity" && route.entity === ${lit(e.key)} ? (
          <${e.names.page} selectedId={route.id} onSelect={(id) => open(${lit(e.key)}, id)} />
        ) : null}`,
  );
  const start = app.dashboard
    ? `{ page: "dashboard" }`
    : `{ page: "entity", entity: ${lit(first.key)}, id: null }`;
  const content = `import { ${icons.join(", ")}, type LucideIcon } from "lucide-react";
import { useState } from "react";
import { cn } from "./lib/utils";
${agents ? `import { AgentsOverview } from "./pages/AgentsOverview";\n` : ""}${app.syncs.map((s) => `import { ${s.component} } from "./pages/${s.component}";\n`).join("")}${app.dashboard ? `import { Dashboard } from "./pages/Dashboard";\n` : ""}${app.entities.map((e) => `import { ${e.names.page} } from "./pages/${e.names.page}";`).join("\n")}

/** Where the app is; kept in state because the preview cannot use the History API. */
type Route =
  | { page: "dashboard" }
  | { page: "agents" }
  | { page: "service"; service: string }
  | { page: "entity"; entity: string; id: string | null };

interface Section {
  id: string;
  route: Route;
  label: string;
  icon: LucideIcon;
}

const sections: Section[] = [
${sections.join("\n")}
];

const isCurrent = (section: Route, route: Route) =>
  section.page === "entity"
    ? route.page === "entity" && route.entity === section.entity
    : section.page === "service"
      ? route.page === "service" && route.service === section.service
      : section.page === route.page;

export default function App() {
  const [route, setRoute] = useState<Route>(${start});
  const open = (entity: string, id: string | null = null) =>
    setRoute({ page: "entity", entity, id });

  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <aside className="border-b bg-card/60 md:sticky md:top-0 md:h-screen md:w-60 md:shrink-0 md:border-r md:border-b-0">
        <header className="px-5 pt-5 pb-3">
          <p className="truncate text-base font-semibold tracking-tight">${jsxText(app.name)}</p>
        </header>
        <nav aria-label="Sections" className="px-3 pb-3">
          <ul className="flex gap-1 overflow-x-auto md:flex-col">
            {sections.map((section) => {
              const current = isCurrent(section.route, route);
              const Icon = section.icon;
              return (
                <li key={section.id} className="shrink-0">
                  <button
                    type="button"
                    aria-current={current ? "page" : undefined}
                    onClick={() => setRoute(section.route)}
                    className={cn(
                      "flex w-full items-center gap-2.5 rounded-md px-2.5 text-left py-2 text-sm font-medium transition-colors",
                      "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                      current
                        ? "bg-accent text-foreground"
                        : "text-muted-foreground hover:bg-accent/60 hover:text-foreground",
                    )}
                  >
                    <Icon className="size-4" aria-hidden="true" />
                    {section.label}
                  </button>
                </li>
              );
            })}
          </ul>
        </nav>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-6 md:px-10 md:py-10">
        <div className="mx-auto max-w-6xl">
${app.dashboard ? `        {route.page === "dashboard" ? <Dashboard onOpen={(entity, id) => open(entity, id ?? null)} /> : null}\n` : ""}${pages.join("\n")}
${syncPages.join("")}${agents ? `        {route.page === "agents" ? <AgentsOverview /> : null}\n` : ""}        </div>
      </main>
    </div>
  );
}
`;
  return { path: "src/App.tsx", content };
}
