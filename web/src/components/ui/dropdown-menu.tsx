import { Check } from "lucide-react";
import { DropdownMenu as M } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "../../lib/utils";

export const Menu = M.Root;
export const MenuTrigger = M.Trigger;
export const MenuGroup = M.Group;
export const MenuRadioGroup = M.RadioGroup;

export function MenuContent({ className, ...props }: ComponentProps<typeof M.Content>) {
  return (
    <M.Portal>
      <M.Content
        sideOffset={6}
        className={cn(
          "z-50 min-w-56 overflow-hidden rounded-lg border bg-(--card) p-1 text-sm shadow-lg animate-[fade-in_120ms_ease-out]",
          className,
        )}
        {...props}
      />
    </M.Portal>
  );
}

const item =
  "relative flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 outline-none select-none data-disabled:pointer-events-none data-disabled:opacity-50 data-highlighted:bg-(--muted) [&_svg]:size-4 [&_svg]:shrink-0 [&_svg]:text-(--muted-foreground)";

export function MenuItem({ className, ...props }: ComponentProps<typeof M.Item>) {
  return <M.Item className={cn(item, className)} {...props} />;
}

export function MenuRadioItem({
  className,
  children,
  ...props
}: ComponentProps<typeof M.RadioItem>) {
  return (
    <M.RadioItem className={cn(item, "pr-8", className)} {...props}>
      {children}
      <M.ItemIndicator className="absolute right-2 inline-flex">
        <Check />
      </M.ItemIndicator>
    </M.RadioItem>
  );
}

export function MenuLabel({ className, ...props }: ComponentProps<typeof M.Label>) {
  return (
    <M.Label
      className={cn("px-2 pt-1.5 pb-1 text-xs font-medium text-(--muted-foreground)", className)}
      {...props}
    />
  );
}

export function MenuSeparator() {
  return <M.Separator className="-mx-1 my-1 h-px bg-(--border)" />;
}
