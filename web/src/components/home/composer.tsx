import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { ArrowUp } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { appNameFrom } from "../../lib/app-name";
import { errorCode, errorMessage } from "../../lib/errors";
import { trpcClient, useTRPC } from "../../lib/trpc";
import { Button } from "../ui/button";
import { Select } from "../ui/select";

const SUGGESTIONS = [
  "A customer feedback tracker with tags and owners",
  "An onboarding checklist for new hires",
  "A purchase request form with manager approval",
  "An inventory dashboard with low-stock alerts",
];

/** Creates the app, adding " 2", " 3"… while the name is taken. */
async function createUniqueApp(workspaceId: string, name: string) {
  for (let n = 1; ; n++) {
    try {
      return await trpcClient.apps.create.mutate({
        workspaceId,
        name: n === 1 ? name : `${name} ${n}`,
      });
    } catch (err) {
      if (errorCode(err) !== "CONFLICT" || n >= 20) throw err;
    }
  }
}

type Provider = "offline" | "anthropic" | "openai-compatible";

const HINTS: Record<Provider, string> = {
  offline: "Runs on this server, no API key needed",
  anthropic: "Anthropic",
  "openai-compatible": "Your model server (OpenAI-compatible)",
};
// Claude when configured, then the configured model server, else the offline builder.
const PREFERENCE: Provider[] = ["anthropic", "openai-compatible", "offline"];

export function Composer({ workspaceId }: { workspaceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const providers = useQuery(trpc.runs.providers.queryOptions({ workspaceId }));
  const [prompt, setPrompt] = useState("");
  const [picked, setPicked] = useState<string | null>(null);
  const [building, setBuilding] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const ready = prompt.trim().length > 0 && !building;

  const options = (providers.data ?? []).flatMap((p) => {
    const hint = p.available ? HINTS[p.provider] : (p.reason ?? "Not available");
    // A model server that is not configured has no models yet: one entry says how to add it.
    if (p.models.length === 0)
      return [{ value: `${p.provider}:`, label: "Local model", hint, disabled: true }];
    return p.models.map((m) => ({
      value: `${p.provider}:${m.id}`,
      label: m.label,
      hint,
      disabled: !p.available,
    }));
  });
  const preferred = [...(providers.data ?? [])]
    .sort((a, b) => PREFERENCE.indexOf(a.provider) - PREFERENCE.indexOf(b.provider))
    .find((p) => p.available);
  const choice = picked ?? (preferred ? `${preferred.provider}:${preferred.defaultModel}` : "");

  const build = async () => {
    if (!ready) return;
    setBuilding(true);
    const text = prompt.trim();
    // Model ids may hold colons themselves (llama3.1:8b): the provider is up to the first one.
    const at = choice.indexOf(":");
    const [provider, model] =
      at > 0 ? [choice.slice(0, at) as Provider, choice.slice(at + 1)] : [undefined, undefined];
    try {
      const app = await createUniqueApp(workspaceId, appNameFrom(text));
      void queryClient.invalidateQueries(trpc.apps.list.queryFilter({ workspaceId }));
      try {
        await trpcClient.runs.create.mutate({
          workspaceId,
          appId: app.id,
          prompt: text,
          provider,
          model,
        });
      } catch (err) {
        toast.error(errorMessage(err));
      }
      await navigate({
        to: "/w/$workspaceId/apps/$appId",
        params: { workspaceId, appId: app.id },
      });
    } catch (err) {
      toast.error(errorMessage(err));
      setBuilding(false);
    }
  };

  return (
    <div className="mt-8">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void build();
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
              void build();
            }
          }}
          rows={4}
          placeholder="A tool for our support team to triage incoming requests…"
          className="block w-full resize-none rounded-t-2xl bg-transparent px-4 pt-4 text-[15px] leading-relaxed outline-none placeholder:text-(--muted-foreground)/70"
        />
        <div className="flex items-center justify-between gap-3 px-3 pt-1 pb-3">
          <div className="flex min-w-0 items-center gap-2 text-xs text-(--muted-foreground)">
            <Select
              aria-label="Model"
              value={choice}
              onValueChange={setPicked}
              options={options}
              placeholder="Model"
              className="min-w-40"
            />
            <span className="hidden sm:inline">Ctrl+Enter to build</span>
          </div>
          <Button type="submit" disabled={!ready} loading={building}>
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
