import { describe, expect, test } from "bun:test";
import { deriveSpec, describeSpec, planFor, validateSpec } from "../../worker/offline/spec";
import type { AppSpec, EntitySpec, FieldSpec } from "../../worker/offline/spec-types";

function entity(spec: AppSpec, key: string): EntitySpec {
  const found = spec.entities.find((e) => e.key === key);
  if (!found) throw new Error(`no entity ${key} in ${spec.entities.map((e) => e.key).join(", ")}`);
  return found;
}

function field(e: EntitySpec, key: string): FieldSpec {
  const found = e.fields.find((f) => f.key === key);
  if (!found)
    throw new Error(`no field ${key} in ${e.key}: ${e.fields.map((f) => f.key).join(", ")}`);
  return found;
}

const byLabel = (e: EntitySpec, label: string) => e.fields.find((f) => f.label === label);
const keys = (spec: AppSpec) => spec.entities.map((e) => e.key);

const LONG_PROMPT = [
  "We are a growing logistics company and our operations team keeps everything in spreadsheets.",
  "We need to track shipments with a tracking number, carrier, origin, destination, weight, cost and status.",
  "Each shipment belongs to a customer.",
  "Customers have a name, email, phone and account manager.",
  "We also want to manage drivers and vehicles, and log every delivery with a date and notes.",
]
  .join(" ")
  .repeat(20)
  .slice(0, 5000);

const PROMPTS = [
  "a CRM",
  "an applicant tracking system",
  "inventory for our warehouse",
  "a bug tracker",
  "team OKRs",
  "an expense tracker",
  "a reading list",
  "event planning",
  "vendor management",
  "customer support desk",
  "equipment checkout",
  "content calendar",
  "meeting notes",
  "onboarding checklist for new hires",
  "time-off requests",
  "restaurant reservations",
  "gym members and classes",
  "a recipe box",
  "todo",
  "a table of books with title, author, ISBN, published date and rating",
  "- Projects: name, owner, deadline\n- Tasks: title, project, assignee, due date, done",
  "Build me a CRM. Contacts belong to companies. Deals with a company and a contact.",
  "a bug trakcer for our mobil app",
  "invntory for the wherehouse",
  "TRACK MY BOOKS WITH TITLE AND AUTHOR",
  "plants and watering schedules",
  "Build a lead tracker",
  "plant watering log",
  "A customer feedback tracker with tags and owners",
  "a supplier directory",
  "a mileage log",
  "Quiero una aplicación para gestionar clientes",
  "我想要一个应用",
  "asdf",
  "hello",
  "🙂",
  "",
  LONG_PROMPT,
];

describe("deriveSpec: every prompt gives a valid spec", () => {
  for (const prompt of PROMPTS) {
    test(`valid and deterministic: ${JSON.stringify(prompt.slice(0, 50))}`, () => {
      const spec = deriveSpec([prompt]);
      expect(validateSpec(spec)).toEqual([]);
      expect(deriveSpec([prompt])).toEqual(spec);
      expect(spec.entities.length).toBeGreaterThanOrEqual(1);
      expect(spec.summary.length).toBeGreaterThan(10);
    });
  }
});

describe("deriveSpec: domains from a few words", () => {
  test("a CRM has companies and contacts, contacts link to a company and have an email", () => {
    const spec = deriveSpec(["a CRM"]);
    expect(keys(spec)).toEqual(expect.arrayContaining(["companies", "contacts", "deals"]));
    const contacts = entity(spec, "contacts");
    expect(field(contacts, "company")).toMatchObject({ type: "relation", relation: "companies" });
    expect(contacts.fields.some((f) => f.type === "email")).toBe(true);
    expect(field(entity(spec, "deals"), "stage").options).toEqual([
      "Lead",
      "Qualified",
      "Proposal",
      "Won",
      "Lost",
    ]);
    expect(spec.agents).toEqual([]);
  });

  test("an applicant tracking system moves candidates through stages and links them to jobs", () => {
    const spec = deriveSpec(["an applicant tracking system"]);
    const candidates = entity(spec, "candidates");
    expect(field(candidates, "stage").options?.[0]).toBe("Applied");
    expect(field(candidates, "stage").options).toContain("Hired");
    expect(field(candidates, "job")).toMatchObject({ type: "relation", relation: "jobs" });
  });

  test("inventory counts whole items and prices them in currency", () => {
    const items = entity(deriveSpec(["inventory for our warehouse"]), "items");
    expect(field(items, "quantity")).toMatchObject({ type: "number", format: "integer" });
    expect(field(items, "unitCost")).toMatchObject({ type: "number", format: "currency" });
  });

  test("a bug tracker has severity and a status that reaches Fixed", () => {
    const bugs = entity(deriveSpec(["a bug tracker"]), "bugs");
    expect(field(bugs, "severity").type).toBe("status");
    expect(field(bugs, "status").options).toContain("Fixed");
    expect(field(bugs, "stepsToReproduce").type).toBe("longtext");
  });

  test("team OKRs: key results belong to objectives and show progress as a percent", () => {
    const spec = deriveSpec(["team OKRs"]);
    const results = entity(spec, "key_results");
    expect(field(results, "objective")).toMatchObject({ relation: "objectives", required: true });
    expect(field(results, "progress").format).toBe("percent");
  });

  test("an expense tracker has a currency amount, a date and categories", () => {
    const expenses = entity(deriveSpec(["an expense tracker"]), "expenses");
    expect(field(expenses, "amount")).toMatchObject({ format: "currency", required: true });
    expect(field(expenses, "date").type).toBe("date");
    expect(field(expenses, "category").options).toContain("Travel");
  });

  test("a reading list tracks books from want-to-read to finished", () => {
    const books = entity(deriveSpec(["a reading list"]), "books");
    expect(field(books, "status").options).toEqual([
      "Want to read",
      "Reading",
      "Finished",
      "Abandoned",
    ]);
  });

  test("event planning links guests to events and gives events a date", () => {
    const spec = deriveSpec(["event planning"]);
    expect(field(entity(spec, "events"), "date").type).toBe("date");
    expect(field(entity(spec, "guests"), "event").relation).toBe("events");
  });

  test("vendor management keeps vendor websites and contracts per vendor", () => {
    const spec = deriveSpec(["vendor management"]);
    expect(field(entity(spec, "vendors"), "website").type).toBe("url");
    expect(field(entity(spec, "contracts"), "vendor").relation).toBe("vendors");
  });

  test("a customer support desk: tickets from New to Solved, priority Low to Urgent, no agents", () => {
    const spec = deriveSpec(["customer support desk"]);
    const tickets = spec.entities[0]!;
    expect(tickets.key).toBe("tickets");
    expect(field(tickets, "status").options).toEqual(["New", "Open", "Pending", "Solved"]);
    expect(field(tickets, "priority").options).toEqual(["Low", "Medium", "High", "Urgent"]);
    expect(field(tickets, "requesterEmail").type).toBe("email");
    expect(spec.agents).toEqual([]);
    expect(spec.name).toBe("Support desk");
  });

  test("equipment checkout records who borrowed what and whether it came back", () => {
    const checkouts = entity(deriveSpec(["equipment checkout"]), "checkouts");
    expect(field(checkouts, "equipment").relation).toBe("equipment");
    expect(field(checkouts, "returned").type).toBe("boolean");
    expect(field(checkouts, "dueBackDate").type).toBe("date");
  });

  test("the other domains bring their signature fields", () => {
    expect(field(entity(deriveSpec(["content calendar"]), "posts"), "publishDate").type).toBe(
      "date",
    );
    expect(field(entity(deriveSpec(["meeting notes"]), "meetings"), "notes").type).toBe("longtext");
    expect(field(entity(deriveSpec(["meeting notes"]), "action_items"), "done").type).toBe(
      "boolean",
    );
    const onboarding = deriveSpec(["onboarding checklist for new hires"]);
    expect(field(entity(onboarding, "onboarding_tasks"), "newHire").relation).toBe("new_hires");
    const timeOff = entity(deriveSpec(["time-off requests"]), "time_off_requests");
    expect(field(timeOff, "status").options).toEqual(["Pending", "Approved", "Rejected"]);
    expect(field(timeOff, "endDate").type).toBe("date");
    const reservations = entity(deriveSpec(["restaurant reservations"]), "reservations");
    expect(field(reservations, "partySize").format).toBe("integer");
    expect(field(reservations, "status").options).toContain("Seated");
    expect(keys(deriveSpec(["gym members and classes"]))).toEqual(
      expect.arrayContaining(["members", "classes"]),
    );
    const recipes = entity(deriveSpec(["a recipe box"]), "recipes");
    expect(field(recipes, "ingredients").type).toBe("longtext");
    expect(field(recipes, "servings").type).toBe("number");
  });

  test("todo gives tasks that can be done", () => {
    const spec = deriveSpec(["todo"]);
    const tasks = entity(spec, "tasks");
    expect(tasks.fields.some((f) => f.key === "done" || f.key === "status")).toBe(true);
    expect(tasks.titleField).toBe("title");
  });

  test("typos still find the domain", () => {
    expect(keys(deriveSpec(["a bug trakcer for our mobil app"]))).toContain("bugs");
    expect(keys(deriveSpec(["invntory for the wherehouse"]))).toContain("items");
  });
});

describe("deriveSpec: what the prompt says outright", () => {
  test("an explicit field list keeps the user's fields with the right types and labels", () => {
    const spec = deriveSpec([
      "a table of books with title, author, ISBN, published date and rating",
    ]);
    const books = entity(spec, "books");
    expect(books.fields.slice(0, 5).map((f) => f.label)).toEqual([
      "Title",
      "Author",
      "ISBN",
      "Published date",
      "Rating",
    ]);
    expect(byLabel(books, "Published date")?.type).toBe("date");
    expect(byLabel(books, "Rating")?.type).toBe("number");
    expect(byLabel(books, "Title")?.required).toBe(true);
  });

  test("a bullet list defines each entity and links a task to its project", () => {
    const spec = deriveSpec([
      "- Projects: name, owner, deadline\n- Tasks: title, project, assignee, due date, done",
    ]);
    const tasks = entity(spec, "tasks");
    expect(field(tasks, "project")).toMatchObject({ type: "relation", relation: "projects" });
    expect(field(entity(spec, "projects"), "deadline").type).toBe("date");
    expect(field(tasks, "done").type).toBe("boolean");
  });

  test("options in parentheses and required marks are kept", () => {
    const spec = deriveSpec([
      "I need to track our books with title, author (required), status (to read/reading/done) and rating",
    ]);
    const books = entity(spec, "books");
    expect(field(books, "author").required).toBe(true);
    expect(field(books, "status").options).toEqual(["To read", "Reading", "Done"]);
  });

  test("a multi-sentence prompt with relations, nested lists and an unknown business", () => {
    const spec = deriveSpec([
      "We run a dog grooming business. We keep track of our clients and their dogs. Dogs belong to clients.",
    ]);
    expect(field(entity(spec, "dogs"), "client").relation).toBe("clients");
  });

  test("'X for each Y with …' gives X the fields and a link to Y", () => {
    const spec = deriveSpec([
      "Agency tool:\n* a list of clients (name, contact email, website, monthly retainer)\n* projects for each client with a budget, start date, deadline and status",
    ]);
    const projects = entity(spec, "projects");
    expect(field(projects, "client").relation).toBe("clients");
    expect(field(projects, "budget").format).toBe("currency");
    expect(field(entity(spec, "clients"), "monthlyRetainer").format).toBe("currency");
  });

  test("'deals with a company and a contact' links deals to both", () => {
    const deals = entity(
      deriveSpec([
        "Build me a CRM. Contacts belong to companies. Deals with a company and a contact.",
      ]),
      "deals",
    );
    expect(field(deals, "company").relation).toBe("companies");
    expect(field(deals, "contact").relation).toBe("contacts");
  });

  test("a list of plural nouns with no known domain becomes those entities", () => {
    expect(keys(deriveSpec(["plants and watering schedules"]))).toEqual([
      "plants",
      "watering_schedules",
    ]);
  });

  test("an app name the user gives is used as is", () => {
    expect(deriveSpec(["an app called Acme Ops Hub that tracks vendors"]).name).toBe(
      "Acme Ops Hub",
    );
  });

  test("a prompt in capitals does not turn every label into an acronym", () => {
    const books = entity(deriveSpec(["TRACK MY BOOKS WITH TITLE AND AUTHOR"]), "books");
    expect(field(books, "author").label).toBe("Author");
  });

  test("nonsense, greetings, emoji and other languages fall back to generic items", () => {
    for (const prompt of ["asdf", "hello", "🙂", "", "我想要一个应用"]) {
      const spec = deriveSpec([prompt]);
      expect(keys(spec)).toEqual(["items"]);
      expect(spec.entities[0]!.fields.map((f) => f.key)).toEqual(["name", "notes", "status"]);
      expect(spec.dashboard).toBe(true);
    }
  });

  test("a 5,000-character prompt stays within the limits", () => {
    expect(LONG_PROMPT.length).toBe(5000);
    const spec = deriveSpec([LONG_PROMPT]);
    expect(spec.entities.length).toBeLessThanOrEqual(6);
    expect(spec.entities.every((e) => e.fields.length <= 12)).toBe(true);
    expect(keys(spec)).toContain("shipments");
    expect(field(entity(spec, "shipments"), "customer").relation).toBe("customers");
  });
});

describe("deriveSpec: '<noun> tracker' names the main entity", () => {
  test("a lead tracker keeps leads with CRM fields and reads as 'Lead tracker'", () => {
    const spec = deriveSpec(["Build a lead tracker"]);
    expect(spec.name).toBe("Lead tracker");
    expect(keys(spec)).toEqual(["leads"]);
    const leads = entity(spec, "leads");
    expect(leads.titleField).toBe("name");
    expect(field(leads, "email").type).toBe("email");
    expect(field(leads, "company").type).toBe("text");
    expect(field(leads, "status").options).toEqual([
      "New",
      "Contacted",
      "Qualified",
      "Unqualified",
    ]);
    expect(field(leads, "source").type).toBe("status");
    expect(field(leads, "value")).toMatchObject({ type: "number", format: "currency" });
    expect(describeSpec(spec)).toStartWith("**Lead tracker**: an app for the team to track leads.");
  });

  test("the noun before log, board, directory or manager is the record, in the domain that fits", () => {
    const plants = deriveSpec(["plant watering log"]);
    expect(plants.name).toBe("Plant watering log");
    expect(keys(plants)).toEqual(["plants"]);
    expect(field(entity(plants, "plants"), "lastWateringDate").type).toBe("date");
    expect(field(entity(plants, "plants"), "wateringFrequency").options?.[0]).toBe("Daily");

    const bugs = deriveSpec(["a bug board"]);
    expect([bugs.name, keys(bugs)[0]]).toEqual(["Bug board", "bugs"]);

    const suppliers = deriveSpec(["a supplier directory"]);
    expect([suppliers.name, keys(suppliers)]).toEqual(["Supplier directory", ["suppliers"]]);
    expect(field(entity(suppliers, "suppliers"), "email").type).toBe("email");

    const mileage = entity(deriveSpec(["a mileage log"]), "mileage_entries");
    expect(field(mileage, "date").type).toBe("date");
    expect(field(mileage, "distance").type).toBe("number");

    const tasks = deriveSpec(["a task manager"]);
    expect([tasks.name, keys(tasks)]).toEqual(["Task manager", ["tasks", "projects"]]);

    const passwords = deriveSpec(["a password manager"]);
    expect(keys(passwords)).toEqual(["passwords"]);
    expect(passwords.entities[0]!.fields.map((f) => f.key)).toEqual(["name", "status", "notes"]);

    const feedback = deriveSpec(["a customer feedback tracker"]);
    expect([feedback.name, keys(feedback)]).toEqual(["Customer feedback tracker", ["feedback"]]);
    expect(feedback.entities[0]).toMatchObject({ singular: "Feedback", plural: "Feedback" });
    expect(field(entity(feedback, "feedback"), "sentiment").type).toBe("status");
  });

  test("plural nouns after 'with' become fields of the main record unless they are records", () => {
    const spec = deriveSpec(["A customer feedback tracker with tags and owners"]);
    expect(keys(spec)).toEqual(["feedback"]);
    const feedback = entity(spec, "feedback");
    expect(field(feedback, "tags")).toMatchObject({ label: "Tags", type: "text" });
    // The user's own word: several owners may share one piece of feedback.
    expect(field(feedback, "owners")).toMatchObject({ label: "Owners", type: "text" });
    const leads = deriveSpec(["a lead tracker with companies"]);
    expect(keys(leads)).toEqual(["leads", "companies"]);
    expect(field(entity(leads, "leads"), "company").relation).toBe("companies");
  });

  test("a field added to 'each piece of feedback' lands on feedback", () => {
    const spec = deriveSpec([
      "A customer feedback tracker with tags and owners",
      "Add a priority to each piece of feedback.",
    ]);
    expect(field(entity(spec, "feedback"), "priority").options).toEqual([
      "Low",
      "Medium",
      "High",
      "Urgent",
    ]);
    const two = deriveSpec([
      "a lead tracker",
      "also track customer feedback",
      "Add a priority to each piece of feedback.",
    ]);
    expect(keys(two)).toEqual(["leads", "feedback"]);
    expect(field(entity(two, "feedback"), "priority").type).toBe("status");
    expect(byLabel(entity(two, "leads"), "Priority")).toBeUndefined();
    const unclear = deriveSpec(["a lead tracker with companies", "add a due date to every one"]);
    expect(field(entity(unclear, "leads"), "dueDate").type).toBe("date");
    expect(byLabel(entity(unclear, "companies"), "Due date")).toBeUndefined();
  });
});

describe("deriveSpec: agents", () => {
  test("an agent that triages tickets works on tickets", () => {
    const spec = deriveSpec(["customer support desk with an agent that triages tickets"]);
    expect(spec.agents).toHaveLength(1);
    expect(spec.agents[0]).toMatchObject({ id: "triage-assistant", collections: ["tickets"] });
    expect(spec.agents[0]!.instructions).toContain("priority");
  });

  test("several asks give several agents with unique kebab-case ids", () => {
    const spec = deriveSpec([
      "A helpdesk. Tickets need subject, body, priority and requester email. AI should triage tickets automatically and draft replies.",
    ]);
    const ids = spec.agents.map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining(["triage-assistant", "reply-drafter"]));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("a reply drafter without a named entity goes where the emails are", () => {
    const spec = deriveSpec(["a CRM with an AI assistant that drafts follow-up emails"]);
    expect(spec.agents.map((a) => a.collections)).toEqual([["contacts"]]);
  });

  test("what an agent writes says its kind: a summary is a summary, a reply a reply", () => {
    const kinds = (prompt: string) => deriveSpec([prompt]).agents.map((a) => a.id);
    expect(
      kinds(
        "A clinic's patient visits with a date and notes; an agent should write a short summary of each visit.",
      ),
    ).toEqual(["summary-writer"]);
    expect(kinds("A helpdesk for tickets with an agent that writes replies to customers")).toEqual([
      "reply-drafter",
    ]);
    expect(kinds("A helpdesk for tickets with an agent that writes a first answer")).toEqual([
      "reply-drafter",
    ]);
  });

  test("human support agents and assignees are not AI agents", () => {
    for (const prompt of [
      "a support desk where support agents answer tickets",
      "tickets with an assigned agent and a priority",
      "a bug tracker with an assignee",
    ]) {
      expect(deriveSpec([prompt]).agents).toEqual([]);
    }
  });
});

describe("deriveSpec: follow-ups", () => {
  test("add a field to an entity and keep everything else", () => {
    const before = deriveSpec(["a recipe box"]);
    const after = deriveSpec(["a recipe box", "add a difficulty field to recipes"]);
    const recipes = entity(after, "recipes");
    expect(field(recipes, "difficulty").options).toEqual(["Easy", "Medium", "Hard"]);
    expect(recipes.fields.filter((f) => f.key !== "difficulty")).toEqual(
      entity(before, "recipes").fields.slice(0, recipes.fields.length - 1),
    );
  });

  test("add an entity; later fields that name it become links", () => {
    const spec = deriveSpec(["todo", "also track customers", "add a customer to tasks"]);
    expect(keys(spec)).toEqual(["tasks", "customers"]);
    expect(field(entity(spec, "tasks"), "customer").relation).toBe("customers");
  });

  test("remove a field, only that field", () => {
    const before = entity(deriveSpec(["event planning"]), "events");
    const after = entity(deriveSpec(["event planning", "remove the budget field"]), "events");
    expect(after.fields.map((f) => f.key)).toEqual(
      before.fields.map((f) => f.key).filter((k) => k !== "budget"),
    );
  });

  test("rename an entity and the links to it follow", () => {
    const spec = deriveSpec(["inventory for our warehouse", "rename Items to Assets"]);
    expect(keys(spec)).toContain("assets");
    expect(keys(spec)).not.toContain("items");
    expect(entity(spec, "assets").plural).toBe("Assets");
    expect(field(entity(spec, "stock_movements"), "asset").relation).toBe("assets");
  });

  test("retype, change options, add an option, require a field, drop agents", () => {
    const spec = deriveSpec([
      "a bug tracker with an agent that triages bugs",
      "change the severity options to Minor, Major, Critical",
      "add Blocked as a status",
      "make due date required",
      "make assignee a checkbox",
      "no agents",
    ]);
    const bugs = entity(spec, "bugs");
    expect(field(bugs, "severity").options).toEqual(["Minor", "Major", "Critical"]);
    expect(field(bugs, "status").options?.at(-1)).toBe("Blocked");
    expect(field(entity(spec, "releases"), "status").options).not.toContain("Blocked");
    expect(field(bugs, "dueDate").required).toBe(true);
    expect(field(bugs, "assignee").type).toBe("boolean");
    expect(spec.agents).toEqual([]);
  });

  test("follow-ups on the fallback, with several changes in one message", () => {
    const spec = deriveSpec([
      "asdf",
      "rename Items to Assets and add purchase date and cost to assets",
      "add an agent that summarizes assets every week",
    ]);
    const assets = entity(spec, "assets");
    expect(field(assets, "purchaseDate").type).toBe("date");
    expect(field(assets, "cost").format).toBe("currency");
    expect(spec.agents.map((a) => a.id)).toEqual(["summary-writer"]);
    expect(validateSpec(spec)).toEqual([]);
  });

  test("a plan change as the platform phrases it", () => {
    const spec = deriveSpec(["todo", "Changes requested: add a tags field"]);
    expect(field(entity(spec, "tasks"), "tags").type).toBe("text");
  });
});

describe("validateSpec", () => {
  test("names the broken constraints", () => {
    const spec = deriveSpec(["a CRM"]);
    const broken: AppSpec = structuredClone(spec);
    const contacts = entity(broken, "contacts");
    contacts.fields[0]!.required = false;
    field(contacts, "company").relation = "nowhere";
    contacts.fields.push({ ...contacts.fields[1]! });
    broken.agents.push({
      id: "Bad Id",
      name: "x",
      description: "d",
      instructions: "i",
      collections: [],
    });
    const problems = validateSpec(broken);
    expect(problems.some((p) => p.includes("title field"))).toBe(true);
    expect(problems.some((p) => p.includes("relation"))).toBe(true);
    expect(problems.some((p) => p.includes("repeat"))).toBe(true);
    expect(problems.some((p) => p.includes("kebab-case"))).toBe(true);
  });
});

describe("planFor and describeSpec", () => {
  test("the plan names the entities, key fields and the final check", () => {
    const plan = planFor(deriveSpec(["customer support desk with an agent that triages tickets"]));
    expect(plan.title).toBe("Build a support desk");
    expect(plan.steps[0]).toContain("Tickets: subject, requester email, priority (Low → Urgent)");
    expect(plan.steps[0]).toContain("status (New → Solved)");
    expect(plan.steps.some((s) => s.startsWith("Agent: Triage assistant"))).toBe(true);
    expect(plan.steps.some((s) => s.startsWith("Dashboard"))).toBe(true);
    expect(plan.steps.at(-1)).toBe("Type-check, build and open the preview");
  });

  test("every plan has 3–7 short steps and every description fits", () => {
    const many = deriveSpec([
      "a CRM with an agent that drafts replies",
      "also track invoices, products, support tickets and employees",
      "add an agent that summarizes deals and another that triages tickets",
    ]);
    for (const spec of [many, ...PROMPTS.map((p) => deriveSpec([p]))]) {
      const plan = planFor(spec);
      expect(plan.steps.length).toBeGreaterThanOrEqual(3);
      expect(plan.steps.length).toBeLessThanOrEqual(7);
      expect(plan.steps.every((s) => s.length > 0 && s.length <= 200)).toBe(true);
      expect(plan.title.startsWith("Build ")).toBe(true);
      const text = describeSpec(spec);
      expect(text.length).toBeLessThanOrEqual(1200);
      expect(text).toContain(spec.entities[0]!.plural);
    }
    expect(many.entities).toHaveLength(6);
    expect(validateSpec(many)).toEqual([]);
  });

  test("the description's first line names the app once", () => {
    const first = describeSpec(deriveSpec(["customer support desk"])).split("\n")[0]!;
    expect(first).toStartWith("**Support desk**: an app for the team to track tickets");
    expect(first.split("Support desk")).toHaveLength(2);
  });

  test("the description lists fields with their types and the agents", () => {
    const text = describeSpec(deriveSpec(["team OKRs with an agent that summarizes progress"]));
    expect(text).toContain("**Key results**");
    expect(text).toContain("Objective (→ Objectives, required)");
    expect(text).toContain("Progress (percent)");
    expect(text).toContain("**Summary writer**");
  });
});
