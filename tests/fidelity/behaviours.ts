import { deriveSpec } from "../../worker/offline/spec";
import type { AppSpec, EntitySpec, FieldSpec } from "../../worker/offline/spec-types";

/**
 * The fidelity suite's behaviours: prompts that ask for something beyond the data, each with the
 * behaviours written down, and conversations whose follow-ups must change exactly what they say.
 * Entities are named by their collection key, fields by their key. A behaviour is one of:
 * - `view entity=board|calendar|checklist` (the page's view);
 * - `due entity.field<=N` (due within N days), `overdue entity.field`;
 * - `below entity.field<other` or `below entity.field<N` (highlighted, counted);
 * - `group entity by field` or `group entity by field sum field` (counts / totals per group);
 * - `votes entity.field`, `stars entity.field/N` (a 1–N rating picked as stars);
 * - `child parent>entity.field` (a relation, so the parent's page lists and creates children);
 * - `cascade parent>entity.field`, `block parent>entity.field` (what deleting the parent does);
 * - `agent id@trigger+trigger` with triggers `manual`, `inserted:<collection>`,
 *   `updated:<collection>` or `cron:<expression>`.
 */
export interface BehaviourCase {
  prompt: string;
  behaviours: string[];
}

/**
 * A conversation: the first request, then follow-ups, each with what the spec must show after it:
 * `field entity.key:type[=A|B]` (present with that type and those options), `no entity.key`,
 * `entity key`, `no-entity key`, `note <words>` (the plan says it; nothing else changed),
 * `no-note`, `migrate <op> <from>><to>`, or any behaviour above.
 */
export interface FollowUpCase {
  prompt: string;
  steps: { ask: string; expect: string[] }[];
}

export const BEHAVIOUR_CASES: BehaviourCase[] = [
  {
    prompt:
      "Inventory: products with name, SKU, quantity in stock and reorder level. Highlight products below their reorder level.",
    behaviours: ["below products.quantityInStock<reorderLevel"],
  },
  {
    prompt:
      "Team tasks with title, assignee, due date and status (todo, doing, done). Show tasks due in the next 7 days and flag overdue ones.",
    behaviours: ["due team_tasks.dueDate<=7", "overdue team_tasks.dueDate"],
  },
  {
    prompt:
      "Expenses with description, amount in EUR, category (travel, meals, office, other) and date. Show the total amount per category.",
    behaviours: ["group expenses by category sum amount"],
  },
  {
    prompt:
      "Idea board: ideas with title, description and author; let people vote on ideas. Show a count per status.",
    behaviours: ["votes ideas.votes"],
  },
  {
    prompt:
      "Idea board: ideas with title, description and a rating from 1 to 5; let people vote on ideas.",
    behaviours: ["votes ideas.votes", "stars ideas.rating/5"],
  },
  {
    prompt: "Restaurant reviews with restaurant name, cuisine, visit date and a rating from 1 to 5",
    behaviours: ["stars restaurant_reviews.rating/5"],
  },
  {
    prompt:
      "Projects with name and deadline; tasks under each project with title and done yes/no. Deleting a project deletes its tasks.",
    behaviours: ["child projects>tasks.project", "cascade projects>tasks.project"],
  },
  {
    prompt:
      "Clients with name and email; invoices belong to clients, with number, amount in USD, due date and paid yes/no. Highlight overdue invoices and show the total amount per client.",
    behaviours: [
      "child clients>invoices.client",
      "block clients>invoices.client",
      "overdue invoices.dueDate",
      "group invoices by client sum amount",
    ],
  },
  {
    prompt:
      "Support tickets with subject, priority (low, medium, high) and status (new, open, solved). Add an agent that summarises the tickets weekly.",
    behaviours: ["agent summary-writer@manual+cron:0 9 * * 1"],
  },
  {
    prompt: "Leads with name, company and email, and an agent that qualifies each new lead.",
    behaviours: ["agent screening-assistant@manual+inserted:leads"],
  },
  {
    prompt:
      "Sales pipeline: deals with name, value in USD and stage (lead, qualified, proposal, won, lost) on a kanban board. Show the total value per stage.",
    behaviours: ["view deals=board", "group deals by stage sum value"],
  },
  {
    prompt: "Appointments with client name, starts at date and time and notes, on a calendar.",
    behaviours: ["view appointments=calendar"],
  },
  {
    prompt: "A packing checklist: items with name, quantity and packed yes/no, to tick off.",
    behaviours: ["view items=checklist"],
  },
  {
    prompt:
      "Feature requests with title, details and status (proposed, planned, shipped); customers upvote them. Count requests per status.",
    behaviours: ["votes feature_requests.votes", "group feature_requests by status"],
  },
  {
    prompt:
      "Pantry: items with name, quantity and expiry date. Highlight items with quantity below 2 and show what expires in the next 5 days.",
    behaviours: ["below items.quantity<2", "due items.expiryDate<=5"],
  },
  {
    prompt:
      "Book club: books with title, author and a rating out of 10; members with name. Remove a member with all their books? No: books belong to members, and deleting a member deletes their books.",
    behaviours: ["stars books.rating/10", "cascade members>books.member"],
  },
  {
    prompt:
      "Equipment with name, serial number and status (available, loaned, repair); loans belong to equipment, with borrower, loan date and due back date. Show loans due this week.",
    behaviours: ["child equipment>loans.equipment", "due loans.dueBackDate<=7"],
  },
];

/** Written after the builder was done, never tuned on: scored, not asserted. */
export const FRESH_BEHAVIOURS: BehaviourCase[] = [
  {
    prompt:
      "Volunteer shifts with role, date and volunteers needed. Warn about shifts happening in the next 3 days.",
    behaviours: ["due volunteer_shifts.date<=3"],
  },
  {
    prompt:
      "A wine cellar: bottles with name, vintage, bottles left and a minimum stock. Flag bottles below their minimum stock, and let me rate each bottle out of 5.",
    behaviours: ["below bottles.bottlesLeft<minimumStock", "stars bottles.rating/5"],
  },
  {
    prompt:
      "Courses with title; lessons under each course with title and length in minutes. When a course is deleted, delete its lessons too. Show total length per course.",
    behaviours: [
      "cascade courses>lessons.course",
      "child courses>lessons.course",
      "group lessons by course sum length",
    ],
  },
  {
    prompt:
      "Bug reports with title, severity (low, high, critical) and status (open, fixed). Team members can vote on bugs, and an agent triages each new bug.",
    behaviours: ["votes bug_reports.votes", "agent triage-assistant@manual+inserted:bug_reports"],
  },
];

export const FOLLOW_UP_CASES: FollowUpCase[] = [
  {
    prompt: "Tasks with title, due date and status (todo, doing, done)",
    steps: [
      {
        ask: "add a priority field with options low, medium, high",
        expect: ["field tasks.priority:status=Low|Medium|High", "no-note"],
      },
      {
        ask: "add an urgent checkbox",
        expect: ["field tasks.urgent:boolean", "no tasks.urgentCheckbox"],
      },
      {
        ask: "rename title to name",
        expect: ["field tasks.name:text", "no tasks.title", "migrate rename-field title>name"],
      },
      { ask: "remove the budget field", expect: ["note budget", "field tasks.dueDate:date"] },
      { ask: "show tasks due in the next 3 days", expect: ["due tasks.dueDate<=3", "no-note"] },
      {
        ask: "add a field called effort from 1 to 5",
        expect: ["field tasks.effort:number", "no tasks.fieldCalledEffort"],
      },
    ],
  },
  {
    prompt: "Recipes with name, cuisine (italian, thai) and prep time in minutes",
    steps: [
      {
        ask: "rename recipes to dishes",
        expect: ["entity dishes", "no-entity recipes", "migrate rename-collection recipes>dishes"],
      },
      {
        ask: "change cuisine options to italian, thai, mexican",
        expect: ["field dishes.cuisine:status=Italian|Thai|Mexican"],
      },
      { ask: "let people rate each dish out of 5", expect: ["stars dishes.rating/5"] },
    ],
  },
  {
    prompt: "Projects with name; tasks under each project with title",
    steps: [
      {
        ask: "deleting a project deletes its tasks",
        expect: ["cascade projects>tasks.project", "no-note"],
      },
      {
        ask: "remove the colour field from tasks",
        expect: ["note colour", "field tasks.title:text"],
      },
    ],
  },
  {
    prompt: "Ideas with title and description",
    steps: [
      { ask: "let people vote on ideas", expect: ["votes ideas.votes", "no-note"] },
      {
        ask: "add a category field with options product, process, people",
        expect: ["field ideas.category:status=Product|Process|People"],
      },
    ],
  },
  {
    prompt: "Products with name, stock and reorder level",
    steps: [
      {
        ask: "highlight products below their reorder level",
        expect: ["below products.stock<reorderLevel", "no-note"],
      },
      { ask: "add a discontinued checkbox", expect: ["field products.discontinued:boolean"] },
      {
        ask: "add a column called supplier code",
        expect: ["field products.supplierCode:text", "no products.columnCalledSupplierCode"],
      },
    ],
  },
];

const entityOf = (spec: AppSpec, key: string): EntitySpec | undefined =>
  spec.entities.find((e) => e.key === key);

function fieldOf(spec: AppSpec, path: string): FieldSpec | undefined {
  const [entity = "", key = ""] = path.split(".");
  return entityOf(spec, entity)?.fields.find((f) => f.key === key);
}

/** Whether `spec` shows the behaviour or state `expected` describes (see the types above). */
export function holds(spec: AppSpec, expected: string): boolean {
  const [kind = "", ...rest] = expected.split(" ");
  const arg = rest.join(" ");
  const computed = spec.computed ?? [];
  switch (kind) {
    case "view": {
      const [entity = "", view] = arg.split("=");
      return entityOf(spec, entity)?.view?.kind === view;
    }
    case "due": {
      const [path = "", days] = arg.split("<=");
      const [entity, field] = path.split(".");
      return computed.some(
        (v) =>
          v.kind === "due" && v.entity === entity && v.field === field && v.days === Number(days),
      );
    }
    case "overdue": {
      const [entity, field] = arg.split(".");
      return computed.some((v) => v.kind === "overdue" && v.entity === entity && v.field === field);
    }
    case "below": {
      const [path = "", than = ""] = arg.split("<");
      const [entity, field] = path.split(".");
      return computed.some(
        (v) =>
          v.kind === "below" &&
          v.entity === entity &&
          v.field === field &&
          ("field" in v.than ? v.than.field === than : String(v.than.value) === than),
      );
    }
    case "group": {
      const m = arg.match(/^(\S+) by (\S+)(?: sum (\S+))?$/);
      return computed.some(
        (v) =>
          v.kind === "group" &&
          v.entity === m?.[1] &&
          v.by === m?.[2] &&
          v.sum === (m?.[3] ?? undefined),
      );
    }
    case "votes":
      return fieldOf(spec, arg)?.widget === "votes";
    case "stars": {
      const [path = "", max] = arg.split("/");
      const f = fieldOf(spec, path);
      return f?.widget === "stars" && f.max === Number(max);
    }
    case "child":
    case "cascade":
    case "block": {
      const [parent = "", path = ""] = arg.split(">");
      const f = fieldOf(spec, path);
      if (f?.type !== "relation" || f.relation !== parent) return false;
      if (kind === "cascade") return f.onDelete === "cascade";
      if (kind === "block") return f.onDelete !== "cascade";
      return true;
    }
    case "agent": {
      const [id, triggers = ""] = arg.split("@");
      const agent = spec.agents.find((a) => a.id === id);
      if (!agent) return false;
      const got = (agent.triggers ?? [{ type: "manual" as const }]).map((t) =>
        t.type === "manual"
          ? "manual"
          : t.type === "schedule"
            ? `cron:${t.cron}`
            : `${t.on}:${t.collection}`,
      );
      return got.join("+") === triggers;
    }
    case "field": {
      const [path = "", typed = ""] = arg.split(":");
      const [type, options] = typed.split("=");
      const f = fieldOf(spec, path);
      if (!f || f.type !== type) return false;
      return options === undefined || (f.options ?? []).join("|") === options;
    }
    case "no":
      return fieldOf(spec, arg) === undefined && arg.includes(".");
    case "entity":
      return entityOf(spec, arg) !== undefined;
    case "no-entity":
      return entityOf(spec, arg) === undefined;
    case "note":
      return (spec.notes ?? []).some((n) => n.toLowerCase().includes(arg.toLowerCase()));
    case "no-note":
      return (spec.notes ?? []).length === 0;
    case "migrate": {
      const [op, pair = ""] = arg.split(" ");
      const [from, to] = pair.split(">");
      return (spec.migrations ?? []).some(
        (m) => m.op === op && (m.op === "retype-field" ? false : m.from === from && m.to === to),
      );
    }
    default:
      throw new Error(`Unknown expectation "${expected}"`);
  }
}

export interface BehaviourReport {
  present: number;
  asked: number;
  misses: { prompt: string; missing: string[] }[];
}

export function scoreBehaviours(
  cases: BehaviourCase[] = BEHAVIOUR_CASES,
  build: (prompt: string) => AppSpec = (p) => deriveSpec([p]),
): BehaviourReport {
  const report: BehaviourReport = { present: 0, asked: 0, misses: [] };
  for (const c of cases) {
    const spec = build(c.prompt);
    const missing = c.behaviours.filter((b) => !holds(spec, b));
    report.asked += c.behaviours.length;
    report.present += c.behaviours.length - missing.length;
    if (missing.length > 0) report.misses.push({ prompt: c.prompt, missing });
  }
  return report;
}

export interface FollowUpReport {
  correct: number;
  steps: number;
  misses: { conversation: string; missing: string[] }[];
}

/** A follow-up step is correct when everything it expects holds after it. */
export function scoreFollowUps(
  cases: FollowUpCase[] = FOLLOW_UP_CASES,
  build: (requests: string[]) => AppSpec = deriveSpec,
): FollowUpReport {
  const report: FollowUpReport = { correct: 0, steps: 0, misses: [] };
  for (const c of cases) {
    const requests = [c.prompt];
    for (const step of c.steps) {
      requests.push(step.ask);
      const spec = build(requests);
      const missing = step.expect.filter((e) => !holds(spec, e));
      report.steps++;
      if (missing.length === 0) report.correct++;
      else report.misses.push({ conversation: requests.join(" → "), missing });
    }
  }
  return report;
}

export function formatBehaviourReport(b: BehaviourReport, f?: FollowUpReport): string[] {
  const lines = [`behaviours present ${b.present}/${b.asked}`];
  for (const m of b.misses)
    lines.push(`  ${JSON.stringify(m.prompt.slice(0, 70))}: ${m.missing.join("; ")}`);
  if (f) {
    lines.push(`follow-ups correct ${f.correct}/${f.steps}`);
    for (const m of f.misses)
      lines.push(`  ${JSON.stringify(m.conversation.slice(-90))}: ${m.missing.join("; ")}`);
  }
  return lines;
}
