import { LayoutGrid } from "lucide-react";
import { EmptyState } from "../ui/empty-state";

/** Apps arrive with the builder; until then the section explains where they will appear. */
export function AppsSection() {
  return (
    <section aria-labelledby="apps-heading" className="mx-auto mt-14 max-w-3xl">
      <div className="mb-3 flex items-baseline justify-between">
        <h2 id="apps-heading" className="text-sm font-semibold">
          Apps
        </h2>
        <span className="text-xs text-(--muted-foreground)">0 apps</span>
      </div>
      <EmptyState icon={LayoutGrid} title="No apps yet">
        Describe an app above and press Build. Apps you create, and apps shared with your teams,
        will show up here.
      </EmptyState>
    </section>
  );
}
