import { Tooltip as T } from "radix-ui";
import type { ReactNode } from "react";

export const TooltipProvider = T.Provider;

/**
 * A hint on hover and keyboard focus. Disabled buttons get no pointer events, so wrap them
 * in a focusable span (`wrap`) for the hint to still show.
 */
export function Tooltip({
  content,
  children,
  side = "top",
  wrap = false,
}: {
  content: ReactNode;
  children: ReactNode;
  side?: "top" | "bottom" | "left" | "right";
  wrap?: boolean;
}) {
  return (
    <T.Root>
      <T.Trigger asChild>
        {wrap ? (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the disabled control inside can't take focus, so its hint needs this.
          <span tabIndex={0} className="inline-flex rounded-md">
            {children}
          </span>
        ) : (
          children
        )}
      </T.Trigger>
      <T.Portal>
        <T.Content
          side={side}
          sideOffset={6}
          className="z-50 max-w-64 rounded-md bg-(--foreground) px-2.5 py-1.5 text-xs leading-snug text-(--background) shadow-md animate-[fade-in_120ms_ease-out]"
        >
          {content}
          <T.Arrow className="fill-(--foreground)" />
        </T.Content>
      </T.Portal>
    </T.Root>
  );
}
