import type { ComponentProps } from "react";
import { cn } from "../../lib/utils";
import { Textarea } from "../ui/input";

type Props = Omit<ComponentProps<"textarea">, "value" | "onChange"> & {
  value: string;
  onChange: (value: string) => void;
};

/** A plain JSON editor: monospace, no autocorrect, Ctrl/⌘+Enter submits its form. */
export function JsonTextarea({ value, onChange, className, rows = 12, ...props }: Props) {
  return (
    <Textarea
      {...props}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
          e.preventDefault();
          e.currentTarget.form?.requestSubmit();
        }
      }}
      rows={rows}
      spellCheck={false}
      autoCapitalize="off"
      autoCorrect="off"
      className={cn("resize-y font-mono text-[12.5px] leading-relaxed", className)}
    />
  );
}
