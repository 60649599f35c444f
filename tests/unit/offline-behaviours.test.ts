import { describe, expect, test } from "bun:test";
import { deriveSpec, planFor } from "../../worker/offline/spec";
import { withoutBehaviourWords } from "../../worker/offline/spec-behaviours";
import type { AppSpec, FieldSpec } from "../../worker/offline/spec-types";

// Behaviour phrases: each becomes a computed view, a widget or a delete rule on the fields the
// prompt names, and none of their words becomes a field or an unplaced phrase.

const field = (spec: AppSpec, entity: string, key: string): FieldSpec => {
  const found = spec.entities.find((e) => e.key === entity)?.fields.find((f) => f.key === key);
  if (!found) throw new Error(`no ${entity}.${key} in ${JSON.stringify(spec.entities)}`);
  return found;
};

const TASKS = "Tasks with title, due date and status (todo, doing, done).";
const STOCK = "Inventory: products with name, quantity in stock and reorder level.";
const EXPENSES =
  "Expenses with description, amount in EUR, category (travel, meals, office) and date.";

describe("computed views from the words", () => {
  test.each([
    [`${TASKS} Show tasks due in the next 7 days.`, 7],
    [`${TASKS} Highlight tasks due within the next three days.`, 3],
    [`${TASKS} Show what is due this week.`, 7],
    [`${TASKS} Show tasks due in the next 2 weeks.`, 14],
  ])("%p → due within %p days", (prompt, days) => {
    const spec = deriveSpec([prompt]);
    expect(spec.computed).toContainEqual({ kind: "due", entity: "tasks", field: "dueDate", days });
    expect(spec.dashboard).toBe(true);
    expect(spec.unplaced).toBeUndefined();
    expect(spec.entities[0]!.fields.map((f) => f.key)).toEqual(["title", "dueDate", "status"]);
  });

  test("overdue: a card and highlighted rows on the date field that says due", () => {
    const spec = deriveSpec([
      "Invoices with number, client, issued on date, due date and amount. Flag overdue invoices.",
    ]);
    expect(spec.computed).toEqual([{ kind: "overdue", entity: "invoices", field: "dueDate" }]);
  });

  test.each([
    [`${STOCK} Highlight products below their reorder level.`, { field: "reorderLevel" }],
    [`${STOCK} Show products that fall below their reorder level`, { field: "reorderLevel" }],
    [`${STOCK} Highlight low stock.`, { field: "reorderLevel" }],
    ["Pantry items with name and quantity. Highlight items with quantity below 3.", { value: 3 }],
    ["Pantry items with name and quantity. Highlight items under five.", { value: 5 }],
  ])("%p → below %p", (prompt, than) => {
    const spec = deriveSpec([prompt]);
    const view = spec.computed?.find((v) => v.kind === "below");
    expect(view).toMatchObject({ kind: "below", than });
    const entity = spec.entities.find((e) => e.key === view!.entity)!;
    expect(["quantityInStock", "quantity"]).toContain(view!.kind === "below" ? view!.field : "");
    expect(entity.fields.some((f) => /highlight|below|low/i.test(f.label))).toBe(false);
  });

  test.each([
    [`${EXPENSES} Show the total amount per category.`, { by: "category", sum: "amount" }],
    [`${EXPENSES} Sum of amounts by category.`, { by: "category", sum: "amount" }],
    [`${TASKS} Show a count per status.`, { by: "status" }],
    [
      "Projects with name. Timesheets with date, hours and project. Show total hours per project.",
      { entity: "timesheets", by: "project", sum: "hours" },
    ],
  ])("%p → group %p", (prompt, expected) => {
    const spec = deriveSpec([prompt]);
    const view = spec.computed?.find((v) => v.kind === "group");
    expect(view).toMatchObject({ kind: "group", ...expected });
    if (!("sum" in expected)) expect(view).not.toHaveProperty("sum");
  });

  test("a view whose fields are not there is left out, not invented", () => {
    const spec = deriveSpec(["Notes with title and body. Highlight notes below their threshold."]);
    expect(spec.computed).toBeUndefined();
    expect(spec.entities[0]!.fields.map((f) => f.key)).toEqual(["title", "body"]);
  });

  test("the plan says what each view does", () => {
    const steps = planFor(
      deriveSpec([`${STOCK} Highlight products below their reorder level.`]),
    ).steps;
    expect(steps).toContain(
      "Highlights products whose quantity in stock is below their reorder level, with a card counting them",
    );
  });
});

describe("votes and stars", () => {
  test.each([
    "Idea board: ideas with title and description; let people vote on ideas.",
    "Ideas with title and description, and upvotes",
    "Feature requests with title and details. People can vote on feature requests.",
  ])("%p → a votes count raised with ▲", (prompt) => {
    const spec = deriveSpec([prompt]);
    const votes = spec.entities[0]!.fields.find((f) => f.widget === "votes");
    expect(votes).toMatchObject({ type: "number", format: "integer", min: 0, required: false });
    expect(votes?.max).toBeUndefined();
    expect(spec.unplaced).toBeUndefined();
  });

  test.each([
    ["Books with title, author and rating from 1 to 5", "rating", 5],
    ["Restaurants with name, cuisine and a rating from 1 to 5 stars.", "rating", 5],
    ["Recipes with name and ingredients; rate each recipe out of 5.", "rating", 5],
    ["Wines with name, region and a rating out of 10", "rating", 10],
  ])("%p → %p as 1–%p stars", (prompt, key, max) => {
    const spec = deriveSpec([prompt]);
    expect(field(spec, spec.entities[0]!.key, key)).toMatchObject({
      type: "number",
      widget: "stars",
      min: 1,
      max,
    });
  });

  test("a bounded number that is not a rating stays a number", () => {
    const spec = deriveSpec(["Runs with date, distance and effort from 1 to 10"]);
    expect(field(spec, "runs", "effort").widget).toBeUndefined();
  });

  test("the plan names the ▲ button and the stars", () => {
    const steps = planFor(
      deriveSpec(["Ideas with title and a rating from 1 to 5; let people vote on ideas."]),
    ).steps;
    expect(steps.join("\n")).toContain("▲ button on each of the ideas adds a vote");
    expect(steps.join("\n")).toContain("ating picked as 1–5 stars");
  });
});

describe("what deleting a parent does", () => {
  const PROJECTS = "Projects with name and deadline; tasks under each project with title.";
  test.each([
    `${PROJECTS} Deleting a project deletes its tasks.`,
    `${PROJECTS} Removing a project also removes all its tasks.`,
    `${PROJECTS} Delete a project along with its tasks.`,
    `${PROJECTS} When a project is deleted, delete its tasks too.`,
  ])("%p → cascade", (prompt) => {
    const spec = deriveSpec([prompt]);
    expect(field(spec, "tasks", "project")).toMatchObject({
      type: "relation",
      relation: "projects",
      onDelete: "cascade",
    });
    expect(spec.entities.map((e) => e.key)).toEqual(["projects", "tasks"]);
    expect(planFor(spec).steps.join("\n")).toContain(
      "eleting a project deletes its tasks, after a confirmation that says how many",
    );
  });

  test("no words: the relation blocks (the default, left out)", () => {
    expect(field(deriveSpec([PROJECTS]), "tasks", "project").onDelete).toBeUndefined();
  });
});

describe("behaviour words leave the data description alone", () => {
  test.each([
    ["Tasks with title and due date. Show tasks due this week.", "Tasks with title and due date."],
    ["Tasks with title and due date, highlighting overdue tasks", "Tasks with title and due date."],
    ["Ideas with title; let people vote on ideas.", "Ideas with title;"],
    ["Shows with title and channel.", "Shows with title and channel."],
    ["Products with stock and price. Show totals per brand.", "Products with stock and price."],
  ])("%p → %p", (prompt, kept) => {
    expect(withoutBehaviourWords(prompt)).toBe(kept);
  });
});
