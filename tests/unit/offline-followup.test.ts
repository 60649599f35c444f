import { describe, expect, test } from "bun:test";
import { convert } from "../../src/data/migrate";
import { deriveSpec, planFor } from "../../worker/offline/spec";
import type { AppSpec } from "../../worker/offline/spec-types";

const PROMPT = "Projects with name and budget; tasks under each project with title and due date";

const fieldsOf = (spec: AppSpec, key: string) =>
  spec.entities
    .find((e) => e.key === key)!
    .fields.map((f) => [f.key, f.type, ...(f.options ? [f.options] : [])]);

describe("follow-ups edit the right thing with the right type", () => {
  test('"add a field with options a, b, c" is one select field', () => {
    const spec = deriveSpec([PROMPT, "add a field called size with options small, medium, large"]);
    expect(fieldsOf(spec, "projects")).toContainEqual([
      "size",
      "status",
      ["Small", "Medium", "Large"],
    ]);
    const onTasks = deriveSpec([PROMPT, "add a priority field to tasks with options low, high"]);
    expect(fieldsOf(onTasks, "tasks")).toContainEqual(["priority", "status", ["Low", "High"]]);
    expect(fieldsOf(onTasks, "projects").map(([k]) => k)).toEqual(["name", "budget"]);
  });

  test('"add a … checkbox" is a yes/no field named without "checkbox"', () => {
    expect(fieldsOf(deriveSpec([PROMPT, "add a billable checkbox"]), "projects")).toContainEqual([
      "billable",
      "boolean",
    ]);
    expect(
      fieldsOf(deriveSpec([PROMPT, "add an urgent checkbox to tasks"]), "tasks"),
    ).toContainEqual(["urgent", "boolean"]);
  });

  test("a rename edits the named entity's field, keeps its type and moves its records", () => {
    for (const ask of ["rename the task title to summary", "rename title in tasks to summary"]) {
      const spec = deriveSpec([PROMPT, ask]);
      expect(fieldsOf(spec, "tasks")[0]).toEqual(["summary", "text"]);
      expect(fieldsOf(spec, "projects")[0]).toEqual(["name", "text"]);
      expect(spec.migrations).toEqual([
        { op: "rename-field", collection: "tasks", from: "title", to: "summary" },
      ]);
    }
  });

  test("a select made a bounded number loses its options and keeps the bounds", () => {
    const spec = deriveSpec([
      "Tickets with a subject and priority (low, medium, high)",
      "make priority a number from 1 to 5",
    ]);
    const priority = spec.entities[0]!.fields.find((f) => f.key === "priority")!;
    expect(priority).toMatchObject({ type: "number", format: "integer", min: 1, max: 5 });
    expect(priority.options).toBeUndefined();
  });

  test("a follow-up describing records adds only what it names, and 'link X to Y' relates them", () => {
    const spec = deriveSpec([
      "Tickets with a subject and status (open, closed)",
      "add customers with name and email, and link each ticket to a customer",
    ]);
    expect(fieldsOf(spec, "customers")).toEqual([
      ["name", "text"],
      ["email", "email"],
    ]);
    expect(spec.entities[0]!.fields.at(-1)).toMatchObject({
      type: "relation",
      relation: "customers",
    });
    expect(spec.notes ?? []).toEqual([]);
  });

  test("a follow-up it cannot read says so and changes nothing", () => {
    const before = deriveSpec([PROMPT]);
    const spec = deriveSpec([PROMPT, "please make it feel nicer"]);
    expect(spec.entities).toEqual(before.entities);
    expect(spec.notes).toEqual([
      "Nothing was changed for “make it feel nicer”: I could not tell what to change.",
    ]);
    expect(deriveSpec([PROMPT, "rename the app to Launchpad"]).notes ?? []).toEqual([]);
  });

  test("renaming an entity renames its collection and the links to it", () => {
    const spec = deriveSpec([PROMPT, "rename projects to initiatives"]);
    expect(spec.migrations).toEqual([
      { op: "rename-collection", from: "projects", to: "initiatives" },
      { op: "rename-field", collection: "tasks", from: "project", to: "initiative" },
    ]);
  });

  test("a type change says how stored values convert", () => {
    const spec = deriveSpec([PROMPT, "make budget a number"]);
    expect(spec.migrations).toEqual([
      {
        op: "retype-field",
        collection: "projects",
        field: "budget",
        type: "number",
        format: "decimal",
      },
    ]);
    expect(planFor(spec).steps.join("\n")).toContain(
      "projects' budget values are converted to decimal (any that do not fit are kept as typed)",
    );
  });

  test("only the latest follow-up moves records", () => {
    const spec = deriveSpec([
      PROMPT,
      "rename the task title to summary",
      "add a billable checkbox",
    ]);
    expect(spec.migrations).toBeUndefined();
  });

  test("removing or renaming what does not exist says so, and changes nothing", () => {
    const before = deriveSpec([PROMPT]);
    for (const [ask, note] of [
      ["remove the colour field", "There is no “colour” to remove, so nothing was removed."],
      ["remove colour from tasks", "Tasks have no “colour” to remove, so nothing was removed."],
      ["rename the colour to shade", "There is no “colour” to rename, so nothing was renamed."],
      [
        "make the colour a checkbox",
        "There is no “colour” field to change, so nothing was changed.",
      ],
    ] as const) {
      const spec = deriveSpec([PROMPT, ask]);
      expect(spec.notes).toEqual([note]);
      expect(spec.entities).toEqual(before.entities);
      expect(planFor(spec).steps.join("\n")).toContain(`Not done: ${note}`);
    }
  });
});

describe("stored values in a new type", () => {
  const to = (type: string, extra: object = {}) =>
    ({ op: "retype-field", collection: "c", field: "f", type, ...extra }) as never;
  test("numbers, yes/no, dates, options and text", () => {
    expect(convert("1,200.50", to("number"))).toBe(1200.5);
    expect(convert("$40", to("number", { format: "currency" }))).toBe(40);
    expect(convert("about two", to("number"))).toBeUndefined();
    expect(convert("2.5", to("number", { format: "integer" }))).toBeUndefined();
    expect(convert("Yes", to("boolean"))).toBe(true);
    expect(convert("no", to("boolean"))).toBe(false);
    expect(convert("maybe", to("boolean"))).toBeUndefined();
    expect(convert("2025-03-14T09:30:00Z", to("date"))).toBe("2025-03-14");
    expect(convert("2025-03-14", to("datetime"))).toBe("2025-03-14T00:00:00.000Z");
    expect(convert("someday", to("date"))).toBeUndefined();
    expect(convert("high", to("status", { options: ["Low", "High"] }))).toBe("High");
    expect(convert("urgent", to("status", { options: ["Low", "High"] }))).toBeUndefined();
    expect(convert(3, to("text"))).toBe("3");
    expect(convert(true, to("longtext"))).toBe("true");
  });
});
