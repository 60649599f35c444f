import type { FieldPlan } from "./plan";

export const titlesVar = (f: FieldPlan) => `${f.target!.names.value}Titles`;

/** A JSX expression showing one field of `record`; "" or undefined when it is empty. */
export function displayValue(f: FieldPlan, record = "record"): string {
  const v = `${record}.${f.key}`;
  switch (f.type) {
    case "number":
      if (f.widget === "stars")
        return `typeof ${v} === "number" ? <Stars value={${v}} max={${f.max}} /> : ""`;
      return `formatNumber(${v}, "${f.format}")`;
    case "date":
      return `formatDate(${v})`;
    case "datetime":
      return `formatDateTime(${v} ?? "")`;
    case "boolean":
      return `formatBoolean(${v})`;
    case "status":
      return `${v} ? <Badge tone={${f.tonesConst}[${v}] ?? "neutral"}>{${v}}</Badge> : ""`;
    case "relation":
      return `${titlesVar(f)}.get(${v} ?? "")`;
    default:
      return v;
  }
}

/** The lib/format helpers the fields need. */
export function formatImports(fields: FieldPlan[], extra: string[] = []): string[] {
  const needs: Record<string, FieldPlan["type"]> = {
    formatBoolean: "boolean",
    formatDate: "date",
    formatDateTime: "datetime",
    formatNumber: "number",
  };
  const names = Object.entries(needs)
    .filter(([, t]) => fields.some((f) => f.type === t))
    .map(([name]) => name);
  return [...new Set([...extra, ...names])].sort();
}
