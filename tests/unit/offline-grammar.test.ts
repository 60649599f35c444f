import { describe, expect, test } from "bun:test";
import { deriveSpec, planFor } from "../../worker/offline/spec";
import { typeOfField } from "../../worker/offline/spec-field-grammar";
import { describePrompt, rewrite } from "../../worker/offline/spec-grammar";

describe("field grammar", () => {
  const cases: [string, object][] = [
    [
      "category (hardware, software, services)",
      {
        phrase: "category",
        type: "status",
        options: ["Hardware", "Software", "Services"],
      },
    ],
    [
      "status draft/scheduled/published",
      {
        phrase: "status",
        options: ["Draft", "Scheduled", "Published"],
      },
    ],
    ["track (frontend | backend | data)", { options: ["Frontend", "Backend", "Data"] }],
    ["rating from 1 to 5", { phrase: "rating", type: "number", format: "integer", min: 1, max: 5 }],
    ["severity 1-5", { phrase: "severity", min: 1, max: 5 }],
    ["a rating out of 100", { phrase: "rating", max: 100 }],
    ["plus-one yes/no", { phrase: "plus one", type: "boolean" }],
    ["submitted (yes/no)", { phrase: "submitted", type: "boolean" }],
    ["reimbursed?", { phrase: "reimbursed", type: "boolean" }],
    ["whether it's invoiced", { phrase: "invoiced", type: "boolean" }],
    ["a done checkbox", { phrase: "done", type: "boolean" }],
    ["amount (USD)", { phrase: "amount", type: "number", format: "currency" }],
    ["amount requested (€)", { phrase: "amount requested", format: "currency" }],
    ["deal size in dollars", { phrase: "deal size", format: "currency" }],
    ["distance in km", { phrase: "distance", format: "decimal" }],
    ["duration in minutes", { phrase: "duration", format: "integer" }],
    ["vat rate %", { phrase: "vat rate", format: "percent" }],
    ["weight percent", { phrase: "weight", format: "percent" }],
    ["reported at (datetime)", { phrase: "reported at", type: "datetime" }],
    ["starts at", { type: "datetime" }],
    ["opened at timestamp", { phrase: "opened at", type: "datetime" }],
    ["publish datetime", { phrase: "publish date and time", type: "datetime" }],
    ["borrowed on", { type: "date" }],
    ["valid until", { type: "date" }],
    ["hours worked", { format: "decimal" }],
    ["price per bottle", { format: "currency" }],
    ["author (required)", { phrase: "author", required: true }],
    ["departure time", { type: "datetime" }],
    ["prep time in minutes", { phrase: "prep time", format: "integer" }],
    ["min players", { type: "number", format: "integer" }],
    ["number of guests", { phrase: "number of guests", type: "number", format: "integer" }],
    ["how many volunteers", { type: "number", format: "integer" }],
    ["seats left", { phrase: "seats left", type: "number", format: "integer" }],
    ["copies remaining", { type: "number", format: "integer" }],
    ["spots available", { type: "number", format: "integer" }],
    ["positions open", { type: "number", format: "integer" }],
    ["date left", { type: "date" }],
    ["quantity on hand", { phrase: "quantity on hand", type: "number", format: "integer" }],
    ["sets", { type: "number", format: "integer" }],
    ["reps", { type: "number", format: "integer" }],
  ];
  for (const [item, expected] of cases) {
    test(JSON.stringify(item), () => expect(typeOfField(item, "")).toMatchObject(expected));
  }
  test("what is left of one thing is no count", () => {
    expect(typeOfField("reason left", "")?.type).toBeUndefined();
    expect(typeOfField("door open", "")?.type).toBeUndefined();
  });

  test("a bounded percentage and a numbered seat are numbers; a phone number is text", () => {
    expect(typeOfField("confidence 0-100%")).toMatchObject({
      phrase: "confidence",
      type: "number",
      format: "percent",
      min: 0,
      max: 100,
    });
    expect(typeOfField("table number")).toMatchObject({ type: "number", format: "integer" });
    expect(typeOfField("phone number")?.type).toBeUndefined();
  });

  test("a target language is text, not a number", () => {
    expect(typeOfField("target language")!.type).toBeUndefined();
  });

  test("options keep the prompt's own capitals", () => {
    const prompt = "posts with channel (blog, LinkedIn) and priority (P1, P2)";
    expect(typeOfField("channel (blog, linkedin)", prompt)!.options).toEqual(["Blog", "LinkedIn"]);
    expect(typeOfField("priority (p1, p2)", prompt)!.options).toEqual(["P1", "P2"]);
  });
});

describe("entity grammar", () => {
  const shape = (prompt: string) =>
    describePrompt(prompt)?.entities.map((e) => ({
      noun: e.noun,
      fields: e.fields.map((f) => f.phrase),
      parents: e.parents,
    }));

  test('"a, b or c" after a dash or colon is one field\'s options', () => {
    expect(rewrite("category - travel, meals, office or other, paid by")).toBe(
      "category (travel/meals/office/other), paid by",
    );
    expect(rewrite("outcome: pending, awarded or declined")).toBe(
      "outcome (pending/awarded/declined)",
    );
  });

  test("X with …; each X has …; X: …", () => {
    expect(shape("a vendor list with name and contact email")).toEqual([
      { noun: "vendor", fields: ["name", "contact email"], parents: [] },
    ]);
    expect(shape("each plant has a name and species")).toEqual([
      { noun: "plant", fields: ["name", "species"], parents: [] },
    ]);
    expect(shape("Keep a log of our coffee roasts: origin, roast date")).toEqual([
      { noun: "coffee roast", fields: ["origin", "roast date"], parents: [] },
    ]);
    expect(shape("Lab samples: sample id, technician")).toEqual([
      { noun: "lab sample", fields: ["sample id", "technician"], parents: [] },
    ]);
    // The app named before what it keeps: "a tool to track our X with …", "an app for logging X".
    expect(shape("A tool to track our vendors with name and contact email")).toEqual([
      { noun: "vendor", fields: ["name", "contact email"], parents: [] },
    ]);
    expect(shape("an app for logging workouts with date and exercise")).toEqual([
      { noun: "workout", fields: ["date", "exercise"], parents: [] },
    ]);
    expect(shape("A system that helps us manage rentals with address and rent")).toEqual([
      { noun: "rental", fields: ["address", "rent"], parents: [] },
    ]); // Records said with verbs, and what is done to them kept as a count: not the member's fields.
    expect(shape("a book club app where members propose books and vote on them")).toEqual([
      { noun: "book", fields: ["votes"], parents: [] },
    ]);
  });

  test("Y under each X, Y per X and X belongs to Y relate them", () => {
    expect(
      shape("vehicles (plate, make) and service records under each vehicle with cost"),
    ).toEqual([
      { noun: "vehicle", fields: ["plate", "make"], parents: [] },
      { noun: "service record", fields: ["cost"], parents: ["vehicle"] },
    ]);
    expect(shape("books with title; sessions per book with date")).toEqual([
      { noun: "book", fields: ["title"], parents: [] },
      { noun: "session", fields: ["date"], parents: ["book"] },
    ]);
    expect(shape("Loans have a borrower name. Each loan belongs to a tool.")).toEqual([
      { noun: "loan", fields: ["borrower name"], parents: ["tool"] },
      { noun: "tool", fields: [], parents: [] },
    ]);
  });

  test("a 'with' list after the parent of 'belongs to' describes the parent; ', and has …' the child", () => {
    expect(
      shape("each deal belongs to a company with a name and website, and has an amount"),
    ).toEqual([
      { noun: "deal", fields: ["amount"], parents: ["company"] },
      { noun: "company", fields: ["name", "website"], parents: [] },
    ]);
    expect(shape("tasks belong to a project, with a title and due date")).toEqual([
      { noun: "task", fields: ["title", "due date"], parents: ["project"] },
      { noun: "project", fields: [], parents: [] },
    ]);
    expect(shape("our library's loans: each loan belongs to a member with a card number")).toEqual([
      { noun: "loan", fields: [], parents: ["member"] },
      { noun: "member", fields: ["card number"], parents: [] },
    ]);
  });

  test("people doing something name the records it keeps", () => {
    expect(shape("members suggest articles with a title and url")).toEqual([
      { noun: "article", fields: ["title", "url"], parents: [] },
    ]);
    expect(shape("interviewers leave scorecards per candidate with rating 1-4")).toEqual([
      { noun: "scorecard", fields: ["rating"], parents: ["candidate"] },
      { noun: "candidate", fields: [], parents: [] },
    ]);
    expect(shape("volunteers sign up for shifts with their name and phone")).toEqual([
      { noun: "volunteer", fields: ["name", "phone"], parents: ["shift"] },
      { noun: "shift", fields: [], parents: [] },
    ]);
    expect(
      deriveSpec([
        "articles with a title; meetings have a date and the article discussed",
      ]).entities[1]!.fields.find((f) => f.key === "articleDiscussed"),
    ).toMatchObject({ type: "relation", relation: "articles" });
  });

  test("groups, owners said with 'their', contractions, logs about something and ratings given", () => {
    expect(shape("pages with a title, grouped into spaces with a name")).toEqual([
      { noun: "page", fields: ["title"], parents: ["space"] },
      { noun: "space", fields: ["name"], parents: [] },
    ]);
    expect(shape("track clients (name, phone), their dogs (name, breed)")).toEqual([
      { noun: "client", fields: ["name", "phone"], parents: [] },
      { noun: "dog", fields: ["name", "breed"], parents: ["client"] },
    ]);
    expect(shape("research papers i'm reading: title and year")).toEqual([
      { noun: "research paper", fields: ["title", "year"], parents: [] },
    ]);
    expect(shape("issue log for our machines: machine name and severity")).toEqual([
      { noun: "issue", fields: ["machine name", "severity"], parents: [] },
    ]);
    const talks = deriveSpec(["talks with a title; attendees can rate each talk from 1 to 5"]);
    expect(talks.entities[0]!.fields.find((f) => f.key === "rating")).toMatchObject({
      type: "number",
      min: 1,
      max: 5,
    });
  });

  test("two parents, contained records, a listed choice named again and a range of levels", () => {
    expect(shape("students with a name; grades per student per assignment with score")).toEqual([
      { noun: "student", fields: ["name"], parents: [] },
      { noun: "grade", fields: ["score"], parents: ["student", "assignment"] },
      { noun: "assignment", fields: [], parents: [] },
    ]);
    expect(shape("pick lists: orders contain line items, each line item has a sku")).toEqual([
      { noun: "line item", fields: ["sku"], parents: ["order"] },
      { noun: "order", fields: [], parents: [] },
    ]);
    const budget = describePrompt(
      "transactions with amount and category (rent, fun); monthly budgets per category with a limit",
    )!;
    expect(budget.entities.map((e) => e.noun)).toEqual(["transaction", "monthly budget"]);
    expect(budget.entities[1]!.fields[0]).toMatchObject({
      phrase: "category",
      options: ["Rent", "Fun"],
    });
    expect(typeOfField("severity SEV1-SEV3", "severity SEV1-SEV3")?.options).toEqual([
      "SEV1",
      "SEV2",
      "SEV3",
    ]);
  });

  test("a record's bare 'number' is its identifier, not a count", () => {
    const spec = deriveSpec(["invoices with number, amount in USD and due date"]);
    expect(spec.entities[0]!.fields.map((f) => [f.key, f.type])).toEqual([
      ["invoiceNumber", "text"],
      ["amount", "number"],
      ["dueDate", "date"],
    ]);
  });

  test("owners, relative clauses, time units and phrasal records are not records", () => {
    expect(shape("our team's vacation requests: employee name, start date")).toEqual([
      { noun: "vacation request", fields: ["employee name", "start date"], parents: [] },
    ]);
    expect(shape("track the kids' chores: chore name and points")).toEqual([
      { noun: "chore", fields: ["chore name", "points"], parents: [] },
    ]);
    expect(shape("rate coffee shops we visit: shop name and wifi yes/no")).toEqual([
      { noun: "coffee shop", fields: ["shop name", "wifi"], parents: [] },
    ]);
    expect(shape("habits with a name and target days per week")).toEqual([
      { noun: "habit", fields: ["name", "target days per week"], parents: [] },
    ]);
    expect(shape("habits with a name; check-ins per habit with a date")).toEqual([
      { noun: "habit", fields: ["name"], parents: [] },
      { noun: "checkin", fields: ["date"], parents: ["habit"] },
    ]);
  });

  test("a long prompt: the records it describes, and the ones it only names beside them", () => {
    const spec = deriveSpec([
      "We are a growing logistics company. We need to track shipments with a tracking number, carrier and weight. Each shipment belongs to a customer. We also want to manage drivers and vehicles, and log every delivery with a date and notes.",
    ]);
    expect(spec.entities.map((e) => e.key)).toEqual([
      "shipments",
      "customers",
      "deliveries",
      "drivers",
      "vehicles",
    ]);
    expect(spec.entities[0]!.fields.map((f) => f.key)).toEqual([
      "trackingNumber",
      "carrier",
      "weight",
      "customer",
    ]);
    expect(shape("events with venue and date, and the guests attending each")).toEqual([
      { noun: "event", fields: ["venue", "date"], parents: [] },
      { noun: "guest", fields: [], parents: ["event"] },
    ]);
  });

  test("a prompt that lists no fields is left to the knowledge base", () => {
    expect(describePrompt("a CRM")).toBeUndefined();
    expect(describePrompt("plants and watering schedules")).toBeUndefined();
  });

  test("only what is named: no padding, no required fields but the title", () => {
    const spec = deriveSpec(["Sales leads: company name, email and stage (new, won, lost)"]);
    expect(spec.entities.map((e) => e.key)).toEqual(["sales_leads"]);
    expect(spec.entities[0]!.fields.map((f) => [f.label, f.type, f.required])).toEqual([
      ["Company name", "text", true],
      ["Email", "email", false],
      ["Stage", "status", false],
    ]);
  });

  test("fields it cannot place are said in the plan, not invented", () => {
    const spec = deriveSpec(["Projects with name and budget. Also a deadline and a colour."]);
    expect(spec.entities.map((e) => e.key)).toEqual(["projects"]);
    expect(spec.unplaced).toEqual(["deadline", "colour"]);
    expect(planFor(spec).steps.join("\n")).toContain('"deadline" and "colour"');
  });
});
