import { cn } from "../lib/utils";

/** The Second mark: a rounded square with an "S". */
export function BrandMark({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "inline-flex size-8 shrink-0 items-center justify-center rounded-lg bg-gradient-to-br from-(--primary) to-[oklch(0.45_0.2_300)] text-[15px] font-bold text-white shadow-sm",
        className,
      )}
    >
      S
    </span>
  );
}

export function BrandLockup() {
  return (
    <div className="flex items-center gap-2.5">
      <BrandMark />
      <span className="text-[15px] font-semibold tracking-tight">Second</span>
    </div>
  );
}
