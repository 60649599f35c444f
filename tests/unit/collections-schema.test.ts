import { describe, expect, test } from "bun:test";
import {
  declaredCollection,
  documentProblems,
  parseCollectionsFile,
  valueProblem,
} from "../../src/sdk/collections";

const valid = {
  version: 1,
  collections: {
    people: { display: "name", fields: { name: { type: "string", required: true } } },
    tasks: {
      label: "Tasks",
      display: "title",
      fields: {
        title: { type: "string", required: true },
        status: { type: "select", options: ["Open", "Done"] },
        due: { type: "date" },
        at: { type: "datetime" },
        hours: { type: "number" },
        count: { type: "integer" },
        done: { type: "boolean" },
        mail: { type: "email" },
        link: { type: "url" },
        notes: { type: "text" },
        owner: { type: "reference", collection: "people" },
        extra: { type: "json" },
      },
      indexes: [{ fields: ["status", "due"] }],
      access: { viewers: "read", agents: "write" },
    },
  },
};

const parse = (value: unknown) => parseCollectionsFile(JSON.stringify(value));
const problemsOf = (value: unknown) => {
  const r = parse(value);
  return r.ok ? [] : r.problems;
};
const withTasks = (tasks: unknown) => ({
  ...valid,
  collections: { ...valid.collections, tasks },
});

describe("collections.json", () => {
  test("a valid file parses, with defaults filled in", () => {
    const r = parse(valid);
    if (!r.ok) throw new Error(r.problems.join("\n"));
    expect(r.file.collections.people).toEqual({
      display: "name",
      fields: { name: { type: "string", required: true } },
      indexes: [],
      access: { viewers: "write", agents: "read" },
    });
    expect(r.file.collections.tasks!.fields.due).toEqual({ type: "date", required: false });
    expect(r.file.collections.tasks!.indexes).toEqual([
      { fields: ["status", "due"], unique: false },
    ]);
  });

  test("malformed files name the path and the problem", () => {
    expect(parseCollectionsFile("{ nope")).toMatchObject({ ok: false });
    expect(problemsOf({ collections: {} })).toEqual(["version: version must be 1"]);
    expect(problemsOf(withTasks({ fields: { due: { type: "day" } } }))[0]).toStartWith(
      "collections.tasks.fields.due.type: type must be one of: string, text,",
    );
    expect(problemsOf(withTasks({ fields: { s: { type: "select" } } }))).toEqual([
      "collections.tasks.fields.s.options: a select field lists its options",
    ]);
    expect(problemsOf(withTasks({ fields: { n: { type: "number", options: ["a"] } } }))).toEqual([
      "collections.tasks.fields.n.options: only select fields have options",
    ]);
    expect(problemsOf(withTasks({ fields: { r: { type: "reference" } } }))).toEqual([
      "collections.tasks.fields.r.collection: a reference field names the collection it points at",
    ]);
    expect(
      problemsOf(withTasks({ fields: { r: { type: "reference", collection: "ghosts" } } })),
    ).toEqual(['collections.tasks.fields.r.collection: no collection named "ghosts"']);
    expect(problemsOf(withTasks({ display: "nope", fields: { a: { type: "string" } } }))).toEqual([
      'collections.tasks.display: no field named "nope"',
    ]);
    expect(
      problemsOf(withTasks({ fields: { a: { type: "string" } }, indexes: [{ fields: ["b"] }] })),
    ).toEqual(['collections.tasks.indexes.0.fields: no field named "b"']);
    expect(problemsOf(withTasks({ fields: {} }))).toEqual([
      "collections.tasks.fields: declare at least one field",
    ]);
    expect(
      problemsOf(withTasks({ fields: { a: { type: "string" } }, access: { viewers: "all" } })),
    ).toHaveLength(1);
    expect(
      problemsOf(withTasks({ fields: { a: { type: "string", colour: "red" } } })),
    ).toHaveLength(1);
    expect(problemsOf(withTasks({ fields: { _id: { type: "string" } } }))[0]).toStartWith(
      "collections.tasks.fields._id: ",
    );
    expect(
      problemsOf({ version: 1, collections: { "bad name!": valid.collections.people } }),
    ).toHaveLength(1);
  });

  test("prototype names are data: a collection named constructor is looked up as its own key", () => {
    const r = parse({
      version: 1,
      collections: { constructor: { fields: { toString: { type: "string" } } } },
    });
    if (!r.ok) throw new Error(r.problems.join("\n"));
    expect(declaredCollection(r.file, "constructor")?.fields).toEqual({
      toString: { type: "string" as const, required: false },
    });
    expect(declaredCollection(r.file, "hasOwnProperty")).toBeNull();
    expect(declaredCollection(r.file, "toString")).toBeNull();
  });
});

describe("stored values against declared fields", () => {
  const r = parse(valid);
  if (!r.ok) throw new Error("fixture");
  const tasks = r.file.collections.tasks!;
  const f = tasks.fields;

  test("values of the declared shape pass", () => {
    for (const [field, value] of [
      ["title", "Ship it"],
      ["status", "Done"],
      ["due", "2026-11-30"],
      ["at", "2026-11-30T13:45:00Z"],
      ["at", "2026-11-30T13:45"],
      ["hours", 1.5],
      ["count", 3],
      ["done", false],
      ["mail", "ada@example.com"],
      ["link", "https://example.com/x"],
      ["owner", "p_1"],
      ["extra", { any: ["thing"] }],
      ["due", null],
    ] as const) {
      expect(valueProblem(f[field]!, value)).toBeNull();
    }
  });

  test("mismatches say what was expected and what was found", () => {
    expect(valueProblem(f.due!, 20261130)).toBe(
      "expected a date (YYYY-MM-DD), found the number 20261130",
    );
    expect(valueProblem(f.due!, "2026-13-45")).toContain("expected a date");
    expect(valueProblem(f.at!, "yesterday")).toContain("expected a date and time");
    expect(valueProblem(f.hours!, "12")).toBe('expected a number, found the text "12"');
    expect(valueProblem(f.count!, 1.5)).toBe("expected a whole number, found the number 1.5");
    expect(valueProblem(f.done!, "yes")).toContain("expected true or false");
    expect(valueProblem(f.status!, "Maybe")).toBe(
      'expected one of "Open", "Done", found the text "Maybe"',
    );
    expect(valueProblem(f.mail!, "nope")).toContain("expected an email address");
    expect(valueProblem(f.link!, "javascript:alert(1)")).toContain("expected a web address");
    expect(valueProblem(f.owner!, 7)).toContain("expected the id of a record in people");
    expect(valueProblem(f.title!, "")).toBe("required, but empty");
    expect(valueProblem(f.title!, undefined)).toBe("required, but empty");
    expect(documentProblems(tasks, { title: "A", due: 5, hours: "x" })).toEqual([
      { field: "due", problem: "expected a date (YYYY-MM-DD), found the number 5" },
      { field: "hours", problem: 'expected a number, found the text "x"' },
    ]);
  });
});
