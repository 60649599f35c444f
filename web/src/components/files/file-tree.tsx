import { ChevronRight, File, FileCode, FileJson, FileText, Folder, FolderOpen } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { cn } from "../../lib/utils";

export interface TreeNode {
  name: string;
  path: string;
  dir: boolean;
  size: number;
  children: TreeNode[];
}

/** Nested folders from flat paths, folders first, then by name; a folder's size is its files'. */
export function buildTree(files: { path: string; size: number }[]): TreeNode[] {
  const root: TreeNode = { name: "", path: "", dir: true, size: 0, children: [] };
  for (const file of files) {
    const names = file.path.split("/");
    let node = root;
    names.forEach((name, i) => {
      node.size += file.size;
      const path = names.slice(0, i + 1).join("/");
      const leaf = i === names.length - 1;
      let child = node.children.find((c) => c.name === name && c.dir === !leaf);
      if (!child) {
        child = { name, path, dir: !leaf, size: leaf ? file.size : 0, children: [] };
        node.children.push(child);
      }
      node = child;
    });
  }
  const sort = (nodes: TreeNode[]) => {
    nodes.sort((a, b) => Number(b.dir) - Number(a.dir) || a.name.localeCompare(b.name));
    for (const n of nodes) sort(n.children);
  };
  sort(root.children);
  return root.children;
}

export function formatBytes(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function iconFor(name: string) {
  if (/\.(tsx?|jsx?|mjs|css|html)$/.test(name)) return FileCode;
  if (name.endsWith(".json")) return FileJson;
  if (/\.(md|txt)$/.test(name)) return FileText;
  return File;
}

type Row = { node: TreeNode; level: number; parent: string | null };

function visibleRows(nodes: TreeNode[], collapsed: Set<string>) {
  const rows: Row[] = [];
  const walk = (list: TreeNode[], level: number, parent: string | null) => {
    for (const node of list) {
      rows.push({ node, level, parent });
      if (node.dir && !collapsed.has(node.path)) walk(node.children, level + 1, node.path);
    }
  };
  walk(nodes, 1, null);
  return rows;
}

/** A keyboard-navigable tree (arrows, Home, End, Enter) of the saved files. */
export function FileTree({
  files,
  selected,
  onSelect,
}: {
  files: { path: string; size: number }[];
  selected: string | undefined;
  onSelect: (path: string) => void;
}) {
  const tree = useMemo(() => buildTree(files), [files]);
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [focused, setFocused] = useState<string | undefined>(selected);
  const list = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  const rows = visibleRows(tree, collapsed);
  const current =
    rows.find((r) => r.node.path === focused) ??
    rows.find((r) => r.node.path === selected) ??
    rows[0];

  useEffect(() => {
    if (!moved.current || !current) return;
    moved.current = false;
    list.current
      ?.querySelector<HTMLElement>(`[data-path="${CSS.escape(current.node.path)}"]`)
      ?.focus();
  }, [current]);

  const toggle = (path: string, open?: boolean) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (open ?? next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  const focusRow = (row: Row | undefined) => {
    if (!row) return;
    moved.current = true;
    setFocused(row.node.path);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!current) return;
    const at = rows.indexOf(current);
    const { node } = current;
    const open = node.dir && !collapsed.has(node.path);
    switch (e.key) {
      case "ArrowDown":
        focusRow(rows[at + 1]);
        break;
      case "ArrowUp":
        focusRow(rows[at - 1]);
        break;
      case "Home":
        focusRow(rows[0]);
        break;
      case "End":
        focusRow(rows.at(-1));
        break;
      case "ArrowRight":
        if (open) focusRow(rows[at + 1]);
        else if (node.dir) toggle(node.path, true);
        break;
      case "ArrowLeft":
        if (open) toggle(node.path, false);
        else focusRow(rows.find((r) => r.node.path === current.parent));
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div ref={list} role="tree" aria-label="Source files" onKeyDown={onKeyDown} className="py-1">
      {rows.map(({ node, level }) => {
        const Icon = node.dir
          ? collapsed.has(node.path)
            ? Folder
            : FolderOpen
          : iconFor(node.name);
        const isSelected = !node.dir && node.path === selected;
        return (
          <button
            key={`${node.dir ? "d" : "f"}:${node.path}`}
            type="button"
            role="treeitem"
            data-path={node.path}
            aria-level={level}
            aria-expanded={node.dir ? !collapsed.has(node.path) : undefined}
            aria-selected={node.dir ? undefined : isSelected}
            tabIndex={node.path === current?.node.path ? 0 : -1}
            onFocus={() => setFocused(node.path)}
            onClick={() => (node.dir ? toggle(node.path) : onSelect(node.path))}
            style={{ paddingLeft: `${(level - 1) * 14 + 6}px` }}
            className={cn(
              "flex h-7 w-full cursor-pointer items-center gap-1.5 rounded-md pr-2 text-left text-[13px] transition-colors",
              "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-(--ring)",
              isSelected
                ? "bg-(--card) font-medium text-(--foreground) shadow-xs ring-1 ring-(--border)"
                : "text-(--muted-foreground) hover:bg-(--muted) hover:text-(--foreground)",
            )}
          >
            {node.dir ? (
              <ChevronRight
                aria-hidden
                className={cn(
                  "size-3.5 shrink-0 transition-transform",
                  !collapsed.has(node.path) && "rotate-90",
                )}
              />
            ) : (
              <span aria-hidden className="w-3.5 shrink-0" />
            )}
            <Icon
              aria-hidden
              className={cn("size-3.5 shrink-0", node.dir && "text-(--primary)/80")}
            />
            <span className="min-w-0 flex-1 truncate font-mono text-[12.5px]">{node.name}</span>
            <span className="shrink-0 text-[11px] text-(--muted-foreground) tabular-nums">
              {formatBytes(node.size)}
            </span>
          </button>
        );
      })}
    </div>
  );
}
