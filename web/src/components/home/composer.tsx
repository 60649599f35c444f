import { ArrowUp, Sparkles } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";

const SUGGESTIONS = [
  "A customer feedback tracker with tags and owners",
  "An onboarding checklist for new hires",
  "A purchase request form with manager approval",
  "An inventory dashboard with low-stock alerts",
];

export function Composer() {
  const [prompt, setPrompt] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);
  const ready = prompt.trim().length > 0;

  const build = () => {
    if (!ready) return;
    toast.info("App building arrives soon", {
      description: "Your prompt stays here; the builder agent lands in an upcoming release.",
    });
  };

  return (
    <div className="mt-8">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          build();
        }}
        className="rounded-2xl border bg-(--card) shadow-sm transition-shadow focus-within:border-(--ring) focus-within:ring-4 focus-within:ring-(--ring)/15"
      >
        <label htmlFor="prompt" className="sr-only">
          Describe the app you want to build
        </label>
        <textarea
          id="prompt"
          ref={input}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              build();
            }
          }}
          rows={4}
          placeholder="A tool for our support team to triage incoming requests…"
          className="block w-full resize-none rounded-t-2xl bg-transparent px-4 pt-4 text-[15px] leading-relaxed outline-none placeholder:text-(--muted-foreground)/70"
        />
        <div className="flex items-center justify-between gap-3 px-3 pt-1 pb-3">
          <div className="flex items-center gap-2 pl-1 text-xs text-(--muted-foreground)">
            <Badge tone="accent">
              <Sparkles aria-hidden />
              Preview
            </Badge>
            <span className="hidden sm:inline">
              App building arrives soon · Ctrl+Enter to build
            </span>
          </div>
          <Button type="submit" disabled={!ready}>
            Build
            <ArrowUp />
          </Button>
        </div>
      </form>
      <ul aria-label="Suggestions" className="mt-4 flex flex-wrap justify-center gap-2">
        {SUGGESTIONS.map((s) => (
          <li key={s}>
            <button
              type="button"
              onClick={() => {
                setPrompt(s);
                input.current?.focus();
              }}
              className="cursor-pointer rounded-full border bg-(--card) px-3 py-1.5 text-[13px] text-(--muted-foreground) shadow-xs transition-colors hover:border-(--primary)/40 hover:text-(--foreground)"
            >
              {s}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
