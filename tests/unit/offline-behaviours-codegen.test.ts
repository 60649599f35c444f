import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateApp } from "../../worker/offline/codegen";
import { COMPUTED_FILE } from "../../worker/offline/codegen/shared/behaviours";
import { deriveSpec, validateSpec } from "../../worker/offline/spec";

// What the behaviour words become in the generated app: dashboard cards and highlighted rows
// that read the live records, a ▲ vote button, stars, "New task" on a project's page and a
// delete that takes the tasks along after saying how many.

const STOCK =
  "Inventory: products with name, quantity in stock and reorder level. Highlight products below their reorder level.";
const TASKS =
  "Tasks with title, due date and status (todo, doing, done). Show tasks due in the next 7 days and overdue ones.";
const EXPENSES =
  "Expenses with description, amount in EUR, category (travel, meals, office) and date. Show the total amount per category.";
const IDEAS =
  "Idea board: ideas with title, description and a rating from 1 to 5; let people vote on ideas.";
const PROJECTS =
  "Projects with name and deadline; tasks under each project with title and done yes/no; notes under each project with text. Deleting a project deletes its tasks.";

function files(prompt: string): Map<string, string> {
  const spec = deriveSpec([prompt]);
  expect(validateSpec(spec)).toEqual([]);
  return new Map(generateApp(spec).map((f) => [f.path, f.content]));
}

const file = (all: Map<string, string>, p: string) => {
  const content = all.get(p);
  if (content === undefined) throw new Error(`no ${p} among ${[...all.keys()].join(", ")}`);
  return content;
};

describe("computed views", () => {
  test("below a field of the same record: a card counting them and highlighted rows", () => {
    const app = files(STOCK);
    const dashboard = file(app, "src/pages/Dashboard.tsx");
    expect(dashboard).toContain('data-card={"belowProduct"}');
    expect(dashboard).toContain("Products below reorder level");
    expect(dashboard).toContain(
      "const belowProduct = products.data\n    .filter((row) => isBelow(row.quantityInStock, row.reorderLevel));",
    );
    const page = file(app, "src/pages/ProductsPage.tsx");
    expect(page).toContain(
      'if (isBelow(record.quantityInStock, record.reorderLevel)) return { label: "Below reorder level", tone: "warning" };',
    );
    expect(page).toContain("HIGHLIGHT_ROWS[highlightOf(record)!.tone]");
    expect(app.has("src/lib/computed.ts")).toBe(true);
  });

  test("due and overdue leave finished records out; overdue outranks due soon", () => {
    const app = files(TASKS);
    const page = file(app, "src/pages/TasksPage.tsx");
    const overdue = page.indexOf('return { label: "Overdue", tone: "danger" }');
    const soon = page.indexOf('return { label: "Due soon", tone: "warning" }');
    expect(overdue).toBeGreaterThan(0);
    expect(soon).toBeGreaterThan(overdue);
    expect(page).toContain('if (!(record.status === "Done") && isOverdue(record.dueDate))');
    expect(page).toContain('if (!(record.status === "Done") && isDueWithin(record.dueDate, 7))');
    const dashboard = file(app, "src/pages/Dashboard.tsx");
    expect(dashboard).toContain("Tasks due this week");
    expect(dashboard).toContain("Overdue tasks");
  });

  test("a total per group: a table with the counts, the totals formatted and a grand total", () => {
    const dashboard = file(files(EXPENSES), "src/pages/Dashboard.tsx");
    expect(dashboard).toContain(
      'const perCategoryExpense = groupRows(expenses.data, (row) => row.category ?? "", (row) => row.amount, expenseCategoryOptions);',
    );
    expect(dashboard).toContain("Total amount per category");
    // A total over the first page alone would be wrong: the dashboard reads every page.
    expect(dashboard).toContain("  useEveryPage(expenses);");
    expect(dashboard).toContain('formatNumber(group.total, "currency")');
    expect(dashboard).toContain(
      '<th scope="row" className="pt-2 text-left font-medium">Total</th>',
    );
  });

  test("no words, no cards: an app without computed views has no lib/computed", () => {
    const app = files("Tasks with title and due date");
    expect(app.has("src/lib/computed.ts")).toBe(false);
    expect(file(app, "src/pages/TasksPage.tsx")).not.toContain("highlightOf");
  });
});

describe("the computed helpers the app runs", () => {
  // Inside node_modules so the file's own `react` import resolves as in the app.
  const cache = path.join(import.meta.dir, "../../node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(path.join(cache, "computed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, "computed.ts"), COMPUTED_FILE.content);
  const load = () => import(path.join(dir, "computed.ts"));
  const iso = (offset: number) => {
    const d = new Date();
    d.setDate(d.getDate() + offset);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  };

  test("due within N days counts today and the Nth day, not the day after or yesterday", async () => {
    const { isDueWithin, isOverdue } = await load();
    expect([0, 7, 8, -1].map((d) => isDueWithin(iso(d), 7))).toEqual([true, true, false, false]);
    expect([-1, 0, 3].map((d) => isOverdue(iso(d)))).toEqual([true, false, false]);
    expect(isDueWithin("", 7) || isOverdue(null) || isOverdue("not a date")).toBe(false);
  });

  test("below compares numbers only; groups keep the stated order and sum the numbers", async () => {
    const { isBelow, groupRows } = await load();
    expect([isBelow(2, 5), isBelow(5, 5), isBelow(null, 5), isBelow(2, null)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    const rows = [
      { c: "meals", a: 10 },
      { c: "travel", a: 2.5 },
      { c: "meals", a: null },
      { c: "other", a: 1 },
    ];
    expect(
      groupRows(
        rows,
        (r: { c: string }) => r.c,
        (r: { a: number | null }) => r.a,
        ["travel", "meals", "office"],
      ),
    ).toEqual([
      { key: "travel", count: 1, total: 2.5 },
      { key: "meals", count: 2, total: 10 },
      { key: "office", count: 0, total: 0 },
      { key: "other", count: 1, total: 1 },
    ]);
  });
});

describe("votes and stars", () => {
  test("votes: a ▲ button on the list and the record, saved over the version read, never typed in the form", () => {
    const app = files(IDEAS);
    const button = file(app, "src/components/vote-button.tsx");
    expect(button).toContain("{ expectedVersion: seen._version }");
    expect(button).toContain('err.code === "CONFLICT"');
    const page = file(app, "src/pages/IdeasPage.tsx");
    expect(page).toContain(
      '<VoteButton record={record} field="votes" update={records.update} label={"Votes"} />',
    );
    expect(page).toContain("update={records.update}");
    expect(file(app, "src/pages/ideas/IdeaDetails.tsx")).toContain("<VoteButton record={record}");
    const form = file(app, "src/pages/ideas/IdeaForm.tsx");
    expect(form).not.toContain("draft.votes");
    expect(file(app, "src/entities/ideas.ts")).toContain('    votes: "0",');
    const declared = JSON.parse(file(app, "collections.json"));
    expect(declared.collections.ideas.fields.votes).toMatchObject({ type: "integer" });
  });

  test("stars: a radio group in the form and stars in the list, bounded by the stated maximum", () => {
    const app = files(IDEAS);
    expect(file(app, "src/pages/ideas/IdeaForm.tsx")).toContain(
      '<StarRating {...control} label={"Rating"} max={5} value={draft.rating}',
    );
    expect(file(app, "src/pages/IdeasPage.tsx")).toContain(
      "<Stars value={record.rating} max={5} />",
    );
    const stars = file(app, "src/components/star-rating.tsx");
    expect(stars).toContain('role="radiogroup"');
    expect(stars).toContain("ArrowRight");
    expect(file(app, "src/entities/ideas.ts")).toContain("Enter a number from 1 to 5.");
  });
});

describe("children from the parent's page", () => {
  test("each child list has New <child>, opening its form with the parent chosen", () => {
    const details = file(files(PROJECTS), "src/pages/projects/ProjectDetails.tsx");
    expect(details).toContain('onClick={() => setAdding("tasks")}');
    expect(details).toContain('{"New task"}');
    expect(details).toContain('{"New note"}');
    expect(details).toContain("prefill={{ project: record._id }}");
    expect(details).toContain('import { TaskForm } from "../tasks/TaskForm";');
    const form = file(files(PROJECTS), "src/pages/tasks/TaskForm.tsx");
    expect(form).toContain("{ ...newTaskDraft(), ...prefill }");
  });

  test("cascade: the tasks go with the project after a confirmation that counts them; notes still block", () => {
    const app = files(PROJECTS);
    const details = file(app, "src/pages/projects/ProjectDetails.tsx");
    expect(details).toContain("const linked = noteHere.length;");
    expect(details).toContain("for (const child of taskHere) await taskRecords.remove(child._id);");
    expect(details).toContain("and its {goingWords} will be deleted for everyone");
    expect(details).toContain(["`Delete $", "{going + 1} records`"].join(""));
    expect(file(app, "src/pages/ProjectsPage.tsx")).toContain("onRemove={() => remove(selected)}");
  });

  test("block (no words): deletion is held while children point here, and no confirmation counts them", () => {
    const details = file(
      files("Projects with name; tasks under each project with title."),
      "src/pages/projects/ProjectDetails.tsx",
    );
    expect(details).toContain("const linked = taskHere.length;");
    expect(details).toContain("disabled={linked > 0}");
    expect(details).not.toContain("removeWithChildren");
  });
});
