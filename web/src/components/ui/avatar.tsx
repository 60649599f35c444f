import { cn, initials } from "../../lib/utils";

const HUES = [277, 235, 195, 155, 25, 330, 300, 55];

/** A stable hue for a seed (an id), from a small palette that reads well in both themes. */
export function hueFor(seed: string) {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return HUES[h % HUES.length] ?? 277;
}

/** Initials on a colour derived from the person's id, so it stays stable across renames. */
export function Avatar({
  name,
  seed,
  className,
}: {
  name: string;
  seed?: string;
  className?: string;
}) {
  const hue = hueFor(seed ?? name);
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex size-7 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold text-white",
        className,
      )}
      style={{ backgroundColor: `oklch(0.58 0.14 ${hue})` }}
    >
      {initials(name)}
    </span>
  );
}
