import {
  Bot,
  ChevronRight,
  Database,
  FileMinus,
  FilePen,
  FilePlus,
  FileText,
  PlugZap,
} from "lucide-react";
import { Collapsible } from "radix-ui";
import { useState } from "react";
import type { RouterOutputs } from "../../../../src/api-types";
import { cn } from "../../lib/utils";
import { type CollectionRule, RuleBadges } from "../data/rule-badges";
import { Badge } from "../ui/badge";

type Changes = RouterOutputs["publishing"]["changes"];
type FileChange = Changes["files"][number];
type Diff = NonNullable<FileChange["diff"]>;
export type Integration = Changes["integrations"][number];

/** A unified diff, line by line, coloured by what happened to each line. */
export function UnifiedDiff({ text, label }: { text: string; label: string }) {
  if (text === "")
    return <p className="px-3 py-2 text-xs text-(--muted-foreground)">No line changes.</p>;
  return (
    <pre
      title={label}
      className="max-h-80 overflow-auto bg-(--muted)/30 py-1.5 font-mono text-[12px] leading-5"
    >
      {text.split("\n").map((line, i) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: a diff's lines have no identity but their place
          key={i}
          className={cn(
            "px-3 whitespace-pre",
            line.startsWith("@@") && "bg-(--accent)/60 text-(--muted-foreground)",
            line.startsWith("+") && "bg-(--success)/10 text-(--success)",
            line.startsWith("-") && "bg-(--destructive)/8 text-(--destructive)",
          )}
        >
          {line || " "}
        </div>
      ))}
    </pre>
  );
}

const STATUS = {
  added: { icon: FilePlus, tone: "success", label: "Added" },
  removed: { icon: FileMinus, tone: "danger", label: "Removed" },
  changed: { icon: FilePen, tone: "warning", label: "Changed" },
} as const;

function counts(diff: Diff | null) {
  if (!diff || diff.unified === null) return null;
  return (
    <span className="font-mono text-[11px]">
      <span className="text-(--success)">+{diff.added}</span>{" "}
      <span className="text-(--destructive)">−{diff.removed}</span>
    </span>
  );
}

function FileRow({ file }: { file: FileChange }) {
  const [open, setOpen] = useState(false);
  const s = STATUS[file.status];
  const Icon = s.icon;
  const diff = file.diff;
  const showable = diff?.unified != null;
  return (
    <Collapsible.Root open={open} onOpenChange={setOpen} className="border-b last:border-b-0">
      <Collapsible.Trigger
        disabled={!showable}
        className="flex w-full cursor-pointer items-center gap-2 px-3 py-2 text-left text-[13px] hover:bg-(--muted)/50 disabled:cursor-default disabled:hover:bg-transparent"
      >
        <ChevronRight
          aria-hidden
          className={cn(
            "size-3.5 shrink-0 text-(--muted-foreground) transition-transform",
            open && "rotate-90",
            !showable && "invisible",
          )}
        />
        <Icon aria-hidden className="size-4 shrink-0 text-(--muted-foreground)" />
        <span className="min-w-0 flex-1 truncate font-mono text-[12px]">{file.path}</span>
        {counts(diff)}
        {!showable ? (
          <span className="text-[11px] text-(--muted-foreground)">
            {diff ? "too large to show" : "binary or large file"}
          </span>
        ) : null}
        <Badge tone={s.tone}>{s.label}</Badge>
      </Collapsible.Trigger>
      {showable ? (
        <Collapsible.Content className="border-t">
          <UnifiedDiff text={diff!.unified!} label={`Changes to ${file.path}`} />
        </Collapsible.Content>
      ) : null}
    </Collapsible.Root>
  );
}

function Section({
  icon: Icon,
  title,
  badge,
  children,
}: {
  icon: typeof Bot;
  title: string;
  badge?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section className="rounded-lg border bg-(--card)">
      <h3 className="flex items-center gap-2 border-b px-3 py-2 text-[13px] font-semibold">
        <Icon aria-hidden className="size-4 text-(--muted-foreground)" />
        <span className="flex-1">{title}</span>
        {badge}
      </h3>
      {children}
    </section>
  );
}

const ruleText = (r: CollectionRule | null) =>
  r ? `viewers ${r.viewers}, agents ${r.agents}` : "not declared";

/**
 * Who may read and write each collection once this is published; a rule that differs from the live
 * version's says what it was.
 */
function AccessRules({
  rules,
  changed,
}: {
  rules: { collection: string; access: CollectionRule }[];
  changed: { collection: string; before: CollectionRule | null; after: CollectionRule | null }[];
}) {
  const was = new Map(changed.map((c) => [c.collection, c.before]));
  const dropped = changed.filter((c) => c.after === null);
  if (rules.length === 0 && dropped.length === 0) return null;
  return (
    <ul aria-label="Access rules" className="flex flex-col divide-y border-b text-[13px]">
      {rules.map((r) => (
        <li key={r.collection} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
          <span className="font-mono">{r.collection}</span>
          <RuleBadges rule={r.access} scope="published" />
          {was.has(r.collection) ? (
            <Badge tone="warning" data-testid="rule-changed">
              Changed · was {ruleText(was.get(r.collection) ?? null)}
            </Badge>
          ) : null}
        </li>
      ))}
      {dropped.map((c) => (
        <li key={c.collection} className="flex flex-wrap items-center gap-x-3 px-3 py-2">
          <span className="font-mono text-(--muted-foreground) line-through">{c.collection}</span>
          <Badge tone="warning">No longer declared · was {ruleText(c.before)}</Badge>
        </li>
      ))}
    </ul>
  );
}

/**
 * What publishing would change, against the live version: files with their diffs, the agents and
 * the live approval publishing grants them, collections with their access rules, and integrations
 * that still need setup.
 */
export function ChangeSummary({
  changes,
  integrations,
}: {
  changes: Omit<Changes, "integrations">;
  integrations: Integration[];
}) {
  const grants = changes.agents.grants;
  const filesTitle = changes.since
    ? `Files changed since version ${changes.since.versionNumber}`
    : "Files in the first published version";
  return (
    <div className="flex flex-col gap-3">
      <Section
        icon={FileText}
        title={filesTitle}
        badge={<Badge>{changes.files.length + changes.filesCut}</Badge>}
      >
        {changes.files.length === 0 ? (
          <p className="px-3 py-2.5 text-[13px] text-(--muted-foreground)">
            No file changed; publishing would only change who sees the app.
          </p>
        ) : (
          <div className="max-h-96 overflow-y-auto">
            {changes.files.map((f) => (
              <FileRow key={f.path} file={f} />
            ))}
            {changes.filesCut > 0 ? (
              <p className="px-3 py-2 text-xs text-(--muted-foreground)">
                …and {changes.filesCut} more files.
              </p>
            ) : null}
          </div>
        )}
      </Section>

      <Section
        icon={Bot}
        title="Agents and tools"
        badge={
          changes.agents.changed ? <Badge tone="warning">Changed</Badge> : <Badge>Unchanged</Badge>
        }
      >
        {grants ? (
          <div className="px-3 py-2.5 text-[13px]">
            <p className="text-(--muted-foreground)">
              Publishing approves these agents <strong className="text-(--foreground)">live</strong>{" "}
              for the published app, exactly as listed:
            </p>
            <ul className="mt-2 flex flex-col gap-1.5">
              {grants.agents.map((a) => (
                <li key={a.id} className="rounded-md bg-(--muted)/40 px-2.5 py-1.5">
                  <span className="font-medium">{a.name}</span>{" "}
                  <span className="text-xs text-(--muted-foreground)">
                    runs {a.triggers.join(", ")}
                  </span>
                  <div className="mt-1 flex flex-wrap gap-1">
                    {a.tools.map((t) => (
                      <Badge key={t} tone="accent">
                        {t}
                      </Badge>
                    ))}
                    {a.dataCollections.map((c) => (
                      <Badge key={c.name}>
                        {c.name}: {c.access}
                      </Badge>
                    ))}
                  </div>
                </li>
              ))}
              {grants.appTools.length > 0 ? (
                <li className="text-xs text-(--muted-foreground)">
                  Backend functions: {grants.appTools.join(", ")}
                </li>
              ) : null}
            </ul>
          </div>
        ) : (
          <p className="px-3 py-2.5 text-[13px] text-(--muted-foreground)">
            The draft declares no agents.
          </p>
        )}
        {changes.agents.diff?.unified ? (
          <Collapsible.Root className="border-t">
            <Collapsible.Trigger className="flex w-full cursor-pointer items-center gap-1.5 px-3 py-2 text-xs font-medium text-(--primary) hover:bg-(--muted)/50">
              <ChevronRight aria-hidden className="size-3.5" />
              agents.json diff
            </Collapsible.Trigger>
            <Collapsible.Content>
              <UnifiedDiff text={changes.agents.diff.unified} label="agents.json changes" />
            </Collapsible.Content>
          </Collapsible.Root>
        ) : null}
      </Section>

      <Section
        icon={Database}
        title="Collections and access rules"
        badge={
          changes.collections.changed ? (
            <Badge tone="warning">Changed</Badge>
          ) : (
            <Badge>Unchanged</Badge>
          )
        }
      >
        <AccessRules
          rules={changes.collections.rules ?? []}
          changed={changes.collections.ruleChanges ?? []}
        />
        {changes.collections.declared ? (
          <UnifiedDiff
            label="collections.json"
            text={JSON.stringify(changes.collections.declared, null, 2)
              .split("\n")
              .map((l) => ` ${l}`)
              .join("\n")}
          />
        ) : (
          <p className="px-3 py-2.5 text-[13px] text-(--muted-foreground)">
            The draft declares no collections.json.
          </p>
        )}
      </Section>

      <Section
        icon={PlugZap}
        title="Integrations needing setup"
        badge={
          integrations.length > 0 ? (
            <Badge tone="warning">{integrations.length}</Badge>
          ) : (
            <Badge tone="success">None</Badge>
          )
        }
      >
        {integrations.length === 0 ? (
          <p className="px-3 py-2.5 text-[13px] text-(--muted-foreground)">
            Every integration this app uses is set up.
          </p>
        ) : (
          <ul className="px-3 py-2.5 text-[13px]">
            {integrations.map((g) => (
              <li key={g.id}>
                <span className="font-medium">{g.service}</span>{" "}
                <span className="text-(--muted-foreground)">
                  ({g.domain}) — its tools answer with sample data until
                  {g.missingSecrets.length > 0
                    ? ` ${g.missingSecrets.join(", ")} ${g.missingSecrets.length === 1 ? "is" : "are"} set`
                    : " it is connected"}{" "}
                  in Settings → Integrations.
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
