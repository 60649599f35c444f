import { Check, ChevronDown } from "lucide-react";
import { Select as S } from "radix-ui";
import type { ReactNode } from "react";
import { cn } from "../../lib/utils";

export interface SelectOption {
  value: string;
  label: string;
  hint?: string;
  disabled?: boolean;
}

interface SelectProps {
  value: string;
  onValueChange: (value: string) => void;
  options: SelectOption[];
  id?: string;
  "aria-label"?: string;
  disabled?: boolean;
  className?: string;
  placeholder?: ReactNode;
}

/** A Radix select with optional one-line hints under each option. */
export function Select({ options, className, placeholder, ...props }: SelectProps) {
  return (
    <S.Root value={props.value} onValueChange={props.onValueChange} disabled={props.disabled}>
      <S.Trigger
        id={props.id}
        aria-label={props["aria-label"]}
        className={cn(
          "inline-flex h-8 cursor-pointer items-center justify-between gap-2 rounded-md border border-(--input) bg-(--card) px-2.5 text-[13px] shadow-xs",
          "hover:bg-(--muted) focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-(--ring) disabled:cursor-not-allowed disabled:opacity-60 disabled:hover:bg-(--card)",
          className,
        )}
      >
        <S.Value placeholder={placeholder} />
        <S.Icon>
          <ChevronDown className="size-3.5 text-(--muted-foreground)" />
        </S.Icon>
      </S.Trigger>
      <S.Portal>
        <S.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-(--radix-select-content-available-height) min-w-(--radix-select-trigger-width) overflow-hidden rounded-lg border bg-(--card) p-1 shadow-lg animate-[fade-in_120ms_ease-out]"
        >
          <S.Viewport>
            {options.map((o) => (
              <S.Item
                key={o.value}
                value={o.value}
                disabled={o.disabled}
                className="relative flex cursor-pointer flex-col rounded-md py-1.5 pr-8 pl-2 text-sm outline-none select-none data-disabled:pointer-events-none data-disabled:opacity-50 data-highlighted:bg-(--muted)"
              >
                <S.ItemText>{o.label}</S.ItemText>
                {o.hint ? (
                  <span className="text-xs text-(--muted-foreground)">{o.hint}</span>
                ) : null}
                <S.ItemIndicator className="absolute top-2 right-2">
                  <Check className="size-4 text-(--primary)" />
                </S.ItemIndicator>
              </S.Item>
            ))}
          </S.Viewport>
        </S.Content>
      </S.Portal>
    </S.Root>
  );
}
