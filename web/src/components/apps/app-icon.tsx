import { cn, initials } from "../../lib/utils";
import { hueFor } from "../ui/avatar";

/** A rounded tile with the app's initials, its colour stable across renames. */
export function AppIcon({
  name,
  seed,
  className,
}: {
  name: string;
  seed: string;
  className?: string;
}) {
  const hue = hueFor(seed);
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-xs font-semibold text-white shadow-xs",
        className,
      )}
      style={{
        backgroundImage: `linear-gradient(135deg, oklch(0.62 0.15 ${hue}), oklch(0.5 0.17 ${hue + 25}))`,
      }}
    >
      {initials(name)}
    </span>
  );
}
