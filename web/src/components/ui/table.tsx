import type { ComponentProps } from "react";
import { cn } from "../../lib/utils";

export function Table({ className, ...props }: ComponentProps<"table">) {
  return (
    // relative: screen-reader-only text inside is positioned here, so it scrolls with the table
    // instead of widening the page.
    <div className="relative overflow-x-auto rounded-xl border bg-(--card) shadow-xs">
      <table className={cn("w-full border-collapse text-sm", className)} {...props} />
    </div>
  );
}

export function Th({ className, ...props }: ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cn(
        "h-10 border-b bg-(--muted)/50 px-4 text-left text-xs font-medium whitespace-nowrap text-(--muted-foreground)",
        className,
      )}
      {...props}
    />
  );
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("border-b px-4 py-3 align-middle", className)} {...props} />;
}

export function Tr({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("[&:last-child>td]:border-b-0", className)} {...props} />;
}
