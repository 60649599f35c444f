import { Globe, PencilRuler } from "lucide-react";
import { ToggleGroup } from "radix-ui";
import type { Scope } from "../../lib/types";
import { cn } from "../../lib/utils";
import { Tooltip } from "../ui/tooltip";

const OPTIONS: { value: Scope; label: string; hint: string; icon: typeof Globe }[] = [
  {
    value: "draft",
    label: "Draft",
    hint: "The data you build and test with. Your team's published app never sees it.",
    icon: PencilRuler,
  },
  {
    value: "published",
    label: "Published",
    hint: "The data your team's published app reads and writes.",
    icon: Globe,
  },
];

export const segmented =
  "inline-flex h-8 items-center rounded-lg border bg-(--muted)/60 p-0.5 text-[13px] shadow-xs";
export const segment = cn(
  "inline-flex h-full cursor-pointer items-center gap-1.5 rounded-md px-2.5 font-medium text-(--muted-foreground) transition-colors [&_svg]:size-3.5",
  "hover:text-(--foreground) focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-(--ring)",
  // aria-, not data-state: a tooltip around the item replaces its data-state.
  "aria-checked:bg-(--card) aria-checked:text-(--foreground) aria-checked:shadow-xs aria-checked:ring-1 aria-checked:ring-(--border)",
  "aria-selected:bg-(--card) aria-selected:text-(--foreground) aria-selected:shadow-xs aria-selected:ring-1 aria-selected:ring-(--border)",
);

/** Draft or published data, for the preview and the explorer alike. */
export function ScopeToggle({ value, onChange }: { value: Scope; onChange: (s: Scope) => void }) {
  return (
    <ToggleGroup.Root
      type="single"
      value={value}
      onValueChange={(v) => (v ? onChange(v as Scope) : null)}
      aria-label="Data scope"
      className={segmented}
    >
      {OPTIONS.map(({ value: v, label, hint, icon: Icon }) => (
        <Tooltip key={v} content={hint} side="bottom">
          <ToggleGroup.Item value={v} className={segment}>
            <Icon aria-hidden />
            {label}
          </ToggleGroup.Item>
        </Tooltip>
      ))}
    </ToggleGroup.Root>
  );
}
