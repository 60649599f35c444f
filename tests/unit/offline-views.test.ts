import { describe, expect, test } from "bun:test";
import { generateApp } from "../../worker/offline/codegen";
import { deriveSpec, describeSpec, planFor, validateSpec } from "../../worker/offline/spec";
import type { AppSpec, EntitySpec } from "../../worker/offline/spec-types";

function entity(spec: AppSpec, key: string): EntitySpec {
  const found = spec.entities.find((e) => e.key === key);
  if (!found) throw new Error(`no entity ${key} in ${spec.entities.map((e) => e.key).join(", ")}`);
  return found;
}

const viewOf = (requests: string[], key: string) => entity(deriveSpec(requests), key).view;

const DEALS =
  "A sales pipeline: deals with name, value in USD, close date and stage (lead, qualified, proposal, won, lost)";
const TICKETS = "Support tickets with subject, requester email and status (open, pending, closed)";

describe("choosing a view from the words and the data", () => {
  const cases: [string, string, EntitySpec["view"]][] = [
    [DEALS, "deals", { kind: "board", field: "stage" }],
    [
      "Hiring pipeline for our company: candidates with name, email, position, interview date, score from 1 to 10 and stage (screening / interview / offer / hired / rejected)",
      "candidates",
      { kind: "board", field: "stage" },
    ],
    [
      "A kanban board of tasks with title, assignee and status (todo, doing, done)",
      "tasks",
      { kind: "board", field: "status" },
    ],
    [
      "A calendar of appointments with client name, starts at (date and time), duration in minutes and notes",
      "appointments",
      { kind: "calendar", field: "startsAt" },
    ],
    [
      "Event planning: events with name, date, venue and budget",
      "events",
      { kind: "calendar", field: "date" },
    ],
    [
      "Bookings for our meeting rooms with guest, room, check in date and check out date",
      "bookings",
      { kind: "calendar", field: "checkInDate" },
    ],
    [
      "A packing list for trips: items with name, quantity and packed (yes/no)",
      "items",
      { kind: "checklist", field: "packed" },
    ],
    [
      "A to-do list I can tick off: tasks with title and due date",
      "tasks",
      { kind: "checklist", field: "done" },
    ],
  ];
  for (const [prompt, key, view] of cases)
    test(`${key}: ${view?.kind} by ${view?.field}`, () => {
      const spec = deriveSpec([prompt]);
      expect(entity(spec, key).view).toEqual(view);
      expect(validateSpec(spec)).toEqual([]);
    });

  test("the implied Done box is added only for ticking off, and is never required", () => {
    const spec = deriveSpec(["A to-do list I can tick off: tasks with title and due date"]);
    const done = entity(spec, "tasks").fields.find((f) => f.key === "done");
    expect(done).toMatchObject({ label: "Done", type: "boolean", required: false });
    const plain = deriveSpec(["Tasks with title and due date"]);
    expect(entity(plain, "tasks").fields.map((f) => f.key)).toEqual(["title", "dueDate"]);
  });

  const tables: [string, string][] = [
    [TICKETS, "support_tickets"],
    [
      "Track job applications for my own job search: company, role, applied date, status (applied / interviewing / offer / rejected)",
      "job_applications",
    ],
    [
      "Meeting notes app. Each meeting has a date and time, attendees, agenda and decisions.",
      "meetings",
    ],
    ["A tracker for board game nights: games with name, players and date played", "games"],
    [
      "Book club app: books with title, author, rating from 1 to 5, and whether we finished it",
      "books",
    ],
    ["Schedule of shifts with a staff member and a role", "shifts"],
  ];
  for (const [prompt, key] of tables)
    test(`stays a table: ${prompt.slice(0, 50)}`, () => {
      expect(viewOf([prompt], key)).toBeUndefined();
    });

  test("a board goes to the entity the words name, with its stage rather than another status", () => {
    const spec = deriveSpec([
      "Projects with name and status (active, paused). Tasks with title, priority (low, high) and stage (backlog, doing, review, done). Show tasks on a kanban board.",
    ]);
    expect(entity(spec, "tasks").view).toEqual({ kind: "board", field: "stage" });
    expect(entity(spec, "projects").view).toBeUndefined();
  });

  test("a known kind of app gets one pipeline board, on its main record", () => {
    const spec = deriveSpec(["an applicant tracking system"]);
    expect(entity(spec, "candidates").view).toEqual({ kind: "board", field: "stage" });
    expect(spec.entities.filter((e) => e.view?.kind === "board")).toHaveLength(1);
  });

  test("the plan says which view each entity got and why", () => {
    const steps = planFor(deriveSpec([DEALS])).steps.join("\n");
    expect(steps).toContain("a board by stage, as they move through stages");
    const calendar = planFor(
      deriveSpec(["Event planning: events with name, date, venue and budget"]),
    ).steps.join("\n");
    expect(calendar).toContain("a calendar by date, as they are dated");
    expect(describeSpec(deriveSpec([DEALS]))).toContain("- **Deals** (board by stage): Name");
  });

  test("validation names a view whose field is missing or of the wrong type", () => {
    const spec = deriveSpec([DEALS]);
    const deals = entity(spec, "deals");
    deals.view = { kind: "calendar", field: "stage" };
    expect(validateSpec(spec).join(" ")).toContain("a calendar view needs a date or datetime");
    deals.view = { kind: "board", field: "nothing" };
    expect(validateSpec(spec).join(" ")).toContain("a board view needs a status field");
  });
});

describe("follow-ups that switch a view", () => {
  test("show X as a board, by a named status", () => {
    expect(viewOf([TICKETS, "show tickets as a board"], "support_tickets")).toEqual({
      kind: "board",
      field: "status",
    });
    expect(
      viewOf([TICKETS, "show support tickets as a kanban board by status"], "support_tickets"),
    ).toEqual({ kind: "board", field: "status" });
  });

  test("show X as a list or table goes back to the table", () => {
    expect(viewOf([DEALS, "show deals as a table"], "deals")).toBeUndefined();
    expect(viewOf([DEALS, "show the deals as a list"], "deals")).toBeUndefined();
    expect(viewOf([DEALS, "switch deals to a table please"], "deals")).toBeUndefined();
  });

  test("other ways of asking: a pipeline, in a kanban, on a calendar, a to-do list", () => {
    const TASKS = "Tasks with title, due date and status (todo, doing, done)";
    const asked: [string, EntitySpec["view"]][] = [
      ["display tasks as a pipeline", { kind: "board", field: "status" }],
      ["can you show the tasks in a kanban", { kind: "board", field: "status" }],
      ["put tasks on a calendar", { kind: "calendar", field: "dueDate" }],
      ["I want a calendar view of the tasks", { kind: "calendar", field: "dueDate" }],
    ];
    for (const [followUp, view] of asked) expect(viewOf([TASKS, followUp], "tasks")).toEqual(view);
    const todo = deriveSpec(["Chores with title and room", "make chores a to-do list"]);
    expect(entity(todo, "chores").view).toEqual({ kind: "checklist", field: "done" });
  });

  test("add a calendar of X uses its date; make X a checklist adds the Done box", () => {
    expect(viewOf([DEALS, "add a calendar of deals"], "deals")).toEqual({
      kind: "calendar",
      field: "closeDate",
    });
    const spec = deriveSpec(["Tasks with title and notes", "make tasks a checklist"]);
    expect(entity(spec, "tasks").view).toEqual({ kind: "checklist", field: "done" });
    expect(spec.notes ?? []).toEqual([]);
  });

  test("a missing field or entity is said, and nothing changes", () => {
    const noDate = deriveSpec([TICKETS, "add a calendar of tickets"]);
    expect(entity(noDate, "support_tickets").view).toBeUndefined();
    expect(noDate.notes?.[0]).toContain("have no date to place them on a calendar");
    expect(planFor(noDate).steps.join(" ")).toContain("Not done: Support tickets have no date");
    const noStatus = deriveSpec(["Tasks with title and notes", "show tasks as a board"]);
    expect(noStatus.notes?.[0]).toContain("have no status or stage to make board columns of");
    const noField = deriveSpec([DEALS, "show deals as a calendar by start date"]);
    expect(entity(noField, "deals").view).toEqual({ kind: "board", field: "stage" });
    expect(noField.notes?.[0]).toContain("no “start date”");
    const noEntity = deriveSpec([DEALS, "show projects as a board"]);
    expect(noEntity.notes?.[0]).toContain("There is no “projects”");
  });

  test("records a follow-up adds get the view their words ask for; the others keep theirs", () => {
    const spec = deriveSpec([TICKETS, "add shifts with a staff member and a date"]);
    expect(entity(spec, "shifts").view).toEqual({ kind: "calendar", field: "date" });
    expect(entity(spec, "support_tickets").view).toBeUndefined();
  });

  test("the view follows a rename of its field and leaves with its removal", () => {
    expect(viewOf([DEALS, "rename stage to phase"], "deals")).toEqual({
      kind: "board",
      field: "phase",
    });
    expect(viewOf([DEALS, "remove stage"], "deals")).toBeUndefined();
    expect(viewOf([DEALS, "add a notes field to deals"], "deals")).toEqual({
      kind: "board",
      field: "stage",
    });
  });
});

describe("the generated view", () => {
  const tasks: EntitySpec = {
    key: "tasks",
    singular: "Task",
    plural: "Tasks",
    titleField: "title",
    fields: [
      { key: "title", label: "Title", type: "text", required: true },
      { key: "stage", label: "Stage", type: "status", required: true, options: ["Todo", "Doing"] },
      { key: "due", label: "Due", type: "datetime", required: false },
      { key: "hours", label: "Hours", type: "number", required: true, format: "decimal" },
      { key: "done", label: "Done", type: "boolean", required: false },
      { key: "project", label: "Project", type: "relation", required: false, relation: "projects" },
    ],
  };
  const projects: EntitySpec = {
    key: "projects",
    singular: "Project",
    plural: "Projects",
    titleField: "name",
    fields: [{ key: "name", label: "Name", type: "text", required: true }],
  };
  const spec = (view?: EntitySpec["view"]): AppSpec => ({
    name: "Team tasks",
    summary: "Track the team's tasks.",
    entities: [{ ...tasks, ...(view ? { view } : {}) }, projects],
    dashboard: true,
    agents: [],
  });
  const file = (s: AppSpec, path: string) => generateApp(s).find((f) => f.path === path)?.content;

  test("a board: a column per option, a Move to… select and a drop that write the status", () => {
    const board = file(spec({ kind: "board", field: "stage" }), "src/pages/tasks/TaskBoard.tsx");
    expect(board).toContain("taskStageOptions.map((option)");
    expect(board).toContain("records.update(record._id, { stage: to })");
    expect(board).toContain("Move “");
    expect(board).toContain("onDrop=");
    // A value no option names any more still shows, in the first column.
    expect(board).toContain(
      "taskStageOptions.find((option) => option === record.stage) ?? taskStageOptions[0]",
    );
    // The card shows key fields, a related project by its title among them.
    expect(board).toContain("projectTitles.get(record.project");
    const page = file(spec({ kind: "board", field: "stage" }), "src/pages/TasksPage.tsx");
    expect(page).toContain('aria-label="View"');
    expect(page).toContain("<TaskBoard");
    expect(page).toContain("projectTitles={projectTitles}");
  });

  test("a calendar: Monday first, a clicked day prefills the date-time at nine", () => {
    const calendar = file(
      spec({ kind: "calendar", field: "due" }),
      "src/pages/tasks/TaskCalendar.tsx",
    );
    expect(calendar).toContain('["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]');
    expect(calendar).toContain('onNew({ due: key + "T09:00" })');
    expect(calendar).toContain("Unscheduled");
    const page = file(spec({ kind: "calendar", field: "due" }), "src/pages/TasksPage.tsx");
    expect(page).toContain('prefill={editing === "new" ? prefill : undefined}');
  });

  test("a checklist: ticks write the box, another required field sends the typed title to the form", () => {
    const list = file(
      spec({ kind: "checklist", field: "done" }),
      "src/pages/tasks/TaskChecklist.tsx",
    );
    expect(list).toContain("records.update(record._id, { done: checked })");
    expect(list).toContain("onNew({ title: typed })");
    expect(list).toContain("of {rows.length} done");
  });

  test("no view, or one on a field it cannot use, keeps the plain table page", () => {
    for (const s of [
      spec(),
      spec({ kind: "calendar", field: "stage" }),
      spec({ kind: "board", field: "gone" }),
    ]) {
      const paths = generateApp(s).map((f) => f.path);
      expect(paths.filter((p) => /Board|Calendar|Checklist/.test(p))).toEqual([]);
      expect(file(s, "src/pages/TasksPage.tsx")).not.toContain('aria-label="View"');
    }
  });
});
