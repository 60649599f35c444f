import { deriveSpec } from "../../worker/offline/spec";
import { editDistance, singularize } from "../../worker/offline/spec-text";
import type { AppSpec, EntitySpec, FieldSpec } from "../../worker/offline/spec-types";
import { CASES, type FidelityCase } from "./cases";

// Scores what the offline builder makes of the fidelity suite (cases.ts): named fields with the
// right type, options and bounds, and what it invents.

export interface ExpectedField {
  names: string[];
  type: string;
  options?: string[];
  min?: number;
  max?: number;
  relation?: string;
}

export interface ExpectedEntity {
  names: string[];
  fields: ExpectedField[];
}

export interface CaseResult {
  prompt: string;
  named: number;
  correct: number;
  /** "entity.field: why", one per named field that is missing or wrong. */
  misses: string[];
  inventedEntities: string[];
  missingEntities: string[];
  /** Required fields nobody named (the title an entity needs is not counted). */
  inventedRequired: string[];
  /** Fields nobody named, titles excepted. */
  padding: number;
}

export interface FidelityReport {
  cases: number;
  named: number;
  correct: number;
  /** correct / named, 0–1. */
  score: number;
  inventedEntities: number;
  missingEntities: number;
  inventedRequired: number;
  padding: number;
  results: CaseResult[];
}

const clean = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

export function parseExpectedField(text: string): ExpectedField {
  const [head = "", rest = ""] = text.split(":");
  const names = head.split("/").map(clean);
  const bounds = rest.match(/\s+(-?\d*)\.\.(-?\d*)$/);
  let typePart = bounds ? rest.slice(0, bounds.index) : rest;
  const field: ExpectedField = { names, type: "" };
  if (bounds?.[1]) field.min = Number(bounds[1]);
  if (bounds?.[2]) field.max = Number(bounds[2]);
  const eq = typePart.indexOf("=");
  if (eq >= 0) {
    field.options = typePart.slice(eq + 1).split("|");
    typePart = typePart.slice(0, eq);
  }
  if (typePart.startsWith(">")) {
    field.type = "relation";
    field.relation = clean(typePart.slice(1));
  } else field.type = typePart.trim();
  return field;
}

export function parseCase(c: FidelityCase): ExpectedEntity[] {
  return Object.entries(c.entities).map(([head, fields]) => ({
    names: head.split("/").map(clean),
    fields: fields.trim() === "" ? [] : fields.split(/,\s*/).map(parseExpectedField),
  }));
}

/** Same words, or the same with a plural, or a slip of a letter or two in a longer word. */
export function sameName(typed: string, expected: string): boolean {
  const a = clean(typed);
  const b = clean(expected);
  if (a === b || singularize(a) === singularize(b)) return true;
  if (b.length < 5) return false;
  return editDistance(a, b, 2) <= (b.length >= 9 ? 2 : 1);
}

const NUMBER_FORMATS: Record<string, string | undefined> = {
  integer: "integer",
  decimal: "decimal",
  currency: "currency",
  percent: "percent",
};

/** Why a field does not have the expected type, options and bounds; undefined when it does. */
export function fieldProblem(
  got: FieldSpec,
  want: ExpectedField,
  entities: EntitySpec[],
): string | undefined {
  const shown = `${got.type}${got.format ? `/${got.format}` : ""}`;
  const typeOk = (() => {
    switch (want.type) {
      case "prose":
        return got.type === "text" || got.type === "longtext";
      case "choice":
        return got.type === "text" || got.type === "status";
      case "select":
        return got.type === "status";
      case "number":
        return got.type === "number";
      case "relation":
        return got.type === "relation";
      default:
        if (NUMBER_FORMATS[want.type]) return got.type === "number" && got.format === want.type;
        return (got.type as string) === want.type;
    }
  })();
  if (!typeOk) return `${shown}, expected ${want.type}`;
  if (want.relation) {
    const target = entities.find((e) => e.key === got.relation);
    if (!target || !sameName(target.singular, want.relation))
      return `points at ${got.relation}, expected ${want.relation}`;
  }
  if (want.options) {
    const options = got.options ?? [];
    const same =
      options.length === want.options.length &&
      options.every((o, i) => o.toLowerCase() === want.options![i]!.toLowerCase());
    if (!same) return `options ${options.join("|")}, expected ${want.options.join("|")}`;
  }
  const bounded = got as FieldSpec & { min?: number; max?: number };
  if (want.min !== undefined && bounded.min !== want.min)
    return `min ${bounded.min ?? "none"}, expected ${want.min}`;
  if (want.max !== undefined && bounded.max !== want.max)
    return `max ${bounded.max ?? "none"}, expected ${want.max}`;
  return undefined;
}

export function scoreCase(c: FidelityCase, spec: AppSpec): CaseResult {
  const expected = parseCase(c);
  const result: CaseResult = {
    prompt: c.prompt,
    named: 0,
    correct: 0,
    misses: [],
    inventedEntities: [],
    missingEntities: [],
    inventedRequired: [],
    padding: 0,
  };
  const matched = new Map<EntitySpec, ExpectedEntity>();
  for (const want of expected) {
    const got = spec.entities.find(
      (e) => !matched.has(e) && want.names.some((n) => sameName(e.singular, n)),
    );
    if (got) matched.set(got, want);
    else result.missingEntities.push(want.names[0]!);
  }
  for (const e of spec.entities) if (!matched.has(e)) result.inventedEntities.push(e.singular);
  for (const want of expected) {
    const got = [...matched].find(([, w]) => w === want)?.[0];
    const used = new Set<FieldSpec>();
    for (const f of want.fields) {
      result.named++;
      const where = `${want.names[0]}.${f.names[0]}`;
      if (!got) {
        result.misses.push(`${where}: no such entity`);
        continue;
      }
      const field = got.fields.find(
        (g) => !used.has(g) && f.names.some((n) => sameName(g.label, n)),
      );
      if (!field) {
        result.misses.push(`${where}: missing (has ${got.fields.map((g) => g.label).join(", ")})`);
        continue;
      }
      used.add(field);
      const problem = fieldProblem(field, f, spec.entities);
      if (problem) result.misses.push(`${where}: ${problem}`);
      else result.correct++;
    }
    if (!got) continue;
    for (const g of got.fields) {
      if (used.has(g) || g.key === got.titleField) continue;
      result.padding++;
      if (g.required) result.inventedRequired.push(`${got.singular}.${g.label}`);
    }
  }
  return result;
}

export function scoreSuite(
  cases: FidelityCase[] = CASES,
  build: (prompt: string) => AppSpec = (p) => deriveSpec([p]),
): FidelityReport {
  const results = cases.map((c) => scoreCase(c, build(c.prompt)));
  const sum = (pick: (r: CaseResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const named = sum((r) => r.named);
  const correct = sum((r) => r.correct);
  return {
    cases: results.length,
    named,
    correct,
    score: named === 0 ? 1 : correct / named,
    inventedEntities: sum((r) => r.inventedEntities.length),
    missingEntities: sum((r) => r.missingEntities.length),
    inventedRequired: sum((r) => r.inventedRequired.length),
    padding: sum((r) => r.padding),
    results,
  };
}

/** The report as lines for the bench and the test log. */
export function formatReport(report: FidelityReport, withMisses = true): string[] {
  const pct = (report.score * 100).toFixed(1);
  const lines = [
    `fidelity: ${report.correct}/${report.named} named fields right (${pct} %) over ${report.cases} prompts; ` +
      `invented entities ${report.inventedEntities}, missing entities ${report.missingEntities}, ` +
      `invented required fields ${report.inventedRequired}, unnamed fields ${report.padding}`,
  ];
  if (!withMisses) return lines;
  for (const r of report.results) {
    const problems = [
      ...r.missingEntities.map((e) => `missing entity ${e}`),
      ...r.inventedEntities.map((e) => `invented entity ${e}`),
      ...r.inventedRequired.map((f) => `invented required ${f}`),
      ...r.misses,
    ];
    if (problems.length === 0) continue;
    lines.push(`  ${JSON.stringify(r.prompt.slice(0, 70))}`);
    for (const p of problems) lines.push(`    - ${p}`);
  }
  return lines;
}
