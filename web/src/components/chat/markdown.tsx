import type { ReactNode } from "react";

// A small markdown renderer for model text: it builds React elements only (never HTML strings),
// so nothing the model writes can become markup. Links render as their text.

type Block =
  | { type: "code"; lang: string; text: string }
  | { type: "heading"; level: number; text: string }
  | { type: "list"; ordered: boolean; items: string[] }
  | { type: "paragraph"; text: string };

const LIST_ITEM = /^\s*(?:[-*+]|(\d+)[.)])\s+(.*)$/;

export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = line.match(/^\s*```\s*([\w+-]*)/);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      blocks.push({ type: "code", lang: fence[1] ?? "", text: body.join("\n") });
      continue;
    }
    if (line.trim() === "") {
      i++;
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      blocks.push({ type: "heading", level: heading[1]!.length, text: heading[2]! });
      i++;
      continue;
    }
    const item = line.match(LIST_ITEM);
    if (item) {
      const ordered = item[1] !== undefined;
      const items: string[] = [];
      while (i < lines.length) {
        const m = lines[i]!.match(LIST_ITEM);
        if (m && (m[1] !== undefined) === ordered) items.push(m[2]!);
        else if (lines[i]!.match(/^\s{2,}\S/) && items.length)
          items[items.length - 1] += ` ${lines[i]!.trim()}`;
        else break;
        i++;
      }
      blocks.push({ type: "list", ordered, items });
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() !== "" &&
      !/^\s*```/.test(lines[i]!) &&
      !/^#{1,6}\s/.test(lines[i]!) &&
      !LIST_ITEM.test(lines[i]!)
    ) {
      para.push(lines[i++]!);
    }
    blocks.push({ type: "paragraph", text: para.join("\n") });
  }
  return blocks;
}

// Underscores inside a word (support_tickets, lookup_customer) are part of it, not emphasis.
const INLINE =
  /(`[^`]+`)|(\*\*[^*]+\*\*|(?<![\p{L}\p{N}_])__[^_]+__(?![\p{L}\p{N}_]))|(\*[^*\s][^*]*\*|(?<![\p{L}\p{N}_])_[^_\s][^_]*_(?![\p{L}\p{N}_]))|(\[[^\]]+\]\([^)\s]+\))/u;

export function renderInline(text: string, key = "i"): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest) {
    const m = rest.match(INLINE);
    if (!m || m.index === undefined) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const token = m[0];
    const k = `${key}-${n++}`;
    if (m[1]) {
      out.push(
        <code key={k} className="rounded bg-(--muted) px-1 py-0.5 font-mono text-[0.85em]">
          {token.slice(1, -1)}
        </code>,
      );
    } else if (m[2]) {
      out.push(<strong key={k}>{renderInline(token.slice(2, -2), k)}</strong>);
    } else if (m[3]) {
      out.push(<em key={k}>{renderInline(token.slice(1, -1), k)}</em>);
    } else {
      const label = token.slice(1, token.indexOf("]("));
      out.push(
        <span key={k} className="underline decoration-(--muted-foreground)/50 underline-offset-2">
          {label}
        </span>,
      );
    }
    rest = rest.slice(m.index + token.length);
  }
  return out;
}

export function Markdown({ text }: { text: string }) {
  return (
    <div className="space-y-2.5 text-sm leading-relaxed break-words">
      {parseBlocks(text).map((b, i) => {
        const key = `b${i}`;
        switch (b.type) {
          case "code":
            return (
              <pre
                key={key}
                className="overflow-x-auto rounded-lg border bg-(--muted)/60 px-3 py-2 font-mono text-xs leading-relaxed"
              >
                <code>{b.text}</code>
              </pre>
            );
          case "heading":
            return (
              <p key={key} className="font-semibold">
                {renderInline(b.text, key)}
              </p>
            );
          case "list": {
            const List = b.ordered ? "ol" : "ul";
            return (
              <List
                key={key}
                className={`space-y-1 pl-5 ${b.ordered ? "list-decimal" : "list-disc"} marker:text-(--muted-foreground)`}
              >
                {b.items.map((item, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity but their place
                  <li key={j}>{renderInline(item, `${key}-${j}`)}</li>
                ))}
              </List>
            );
          }
          default:
            return (
              <p key={key} className="whitespace-pre-line">
                {renderInline(b.text, key)}
              </p>
            );
        }
      })}
    </div>
  );
}
