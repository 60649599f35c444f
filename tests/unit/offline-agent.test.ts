import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { type AgentDecl, parseAgentsFile } from "../../src/sdk/agents";
import { type CollectionsFile, parseCollectionsFile } from "../../src/sdk/collections";
import type { RunEvent } from "../../worker/agent/events";
import { runAgentLoop } from "../../worker/agent/loop";
import { customAgentTool } from "../../worker/agent-tools/custom-tool";
import { generateApp } from "../../worker/offline/codegen";
import { deriveSpec } from "../../worker/offline/spec";
import { createOfflineAgentProvider } from "../../worker/providers/offline-agent";
import {
  agentFirstMessage,
  agentSystemPrompt,
  collectionBriefs,
} from "../../worker/runs/agent-prompt";
import { defineTool } from "../../worker/tools/tool";

// The offline agent runs the agents the offline builder declares, through the same loop, on an
// in-memory store standing in for the tools' data (the real tools are tested in integration).
type Doc = Record<string, unknown> & { _id: string };
interface Store {
  docs: Map<string, Doc[]>;
  writes: { op: string; collection: string; id?: string; data?: Record<string, unknown> }[];
}

const memoryTools = [
  defineTool({
    name: "read_app_data",
    description: "read",
    input: z.object({
      collection: z.string(),
      id: z.string().optional(),
      limit: z.number().optional(),
    }),
    run: async (s: Store, input) => {
      const all = s.docs.get(input.collection) ?? [];
      if (input.id) {
        const doc = all.find((d) => d._id === input.id);
        return doc
          ? JSON.stringify({ document: doc })
          : { output: "Error (NOT_FOUND): Document not found.", isError: true };
      }
      return JSON.stringify({ documents: all, more: false });
    },
  }),
  defineTool({
    name: "update_app_data",
    description: "write",
    input: z.object({
      collection: z.string(),
      op: z.string(),
      id: z.string().optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
    run: async (s: Store, input) => {
      s.writes.push(input);
      const all = s.docs.get(input.collection) ?? [];
      if (input.op === "insert") all.push({ _id: `new-${all.length}`, ...input.data });
      else Object.assign(all.find((d) => d._id === input.id)!, input.data);
      s.docs.set(input.collection, all);
      return JSON.stringify({ ok: true });
    },
  }),
  defineTool({
    name: "report_tool_call_failed",
    description: "report",
    input: z.object({ toolName: z.string(), reason: z.string() }),
    run: async (_s: Store) => "Recorded.",
  }),
];

function appFor(prompt: string) {
  const files = generateApp(deriveSpec([prompt]));
  const agents = parseAgentsFile(files.find((f) => f.path === "agents.json")!.content);
  const collections = parseCollectionsFile(
    files.find((f) => f.path === "collections.json")!.content,
  );
  if (!agents.ok || !collections.ok) throw new Error("the offline builder wrote a broken file");
  return { agent: agents.file.agents[0]!, collections: collections.file };
}

async function run(
  agent: AgentDecl,
  collections: CollectionsFile,
  docs: Record<string, Omit<Doc, "_id">[]>,
  input: Record<string, unknown> = {},
) {
  const store: Store = {
    docs: new Map(
      Object.entries(docs).map(([name, list]) => [
        name,
        list.map((d, i) => ({ _id: `${name}-${i}`, ...d }) as Doc),
      ]),
    ),
    writes: [],
  };
  const events: RunEvent[] = [];
  const result = await runAgentLoop({
    provider: createOfflineAgentProvider(),
    model: "offline-agent",
    system: agentSystemPrompt(agent, collectionBriefs(agent, collections), "draft"),
    messages: [
      {
        role: "user",
        content: [
          {
            type: "text",
            text: agentFirstMessage({ type: "manual" }, input, new Date("2026-11-30T09:00:00Z")),
          },
        ],
      },
    ],
    tools: memoryTools,
    toolContext: store,
    maxTurns: 50,
    approvalTools: [],
    emit: (e) => {
      events.push(e);
    },
  });
  const last = result.messages.at(-1)!;
  const text = last.content.map((p) => (p.type === "text" ? p.text : "")).join("");
  expect(result.status).toBe("completed");
  expect(events.some((e) => e.type === "usage")).toBe(false);
  return { store, text, doc: (c: string, i = 0) => store.docs.get(c)![i]! };
}

describe("offline agent: the agents the offline builder declares do real work", () => {
  test("triage sets priority from the ticket's words and opens it, keeping a person's choice", async () => {
    const { agent, collections } = appFor(
      "A helpdesk ticket tracker with an AI agent that triages new tickets by priority",
    );
    const r = await run(agent, collections, {
      tickets: [
        {
          subject: "Checkout is down",
          description: "Nobody can pay, this is urgent.",
          status: "New",
        },
        {
          subject: "Question about invoices",
          description: "Just a question about the format.",
          status: "New",
        },
        {
          subject: "Printer",
          description: "The printer jams sometimes.",
          priority: "High",
          status: "Open",
        },
      ],
    });
    expect([r.doc("tickets", 0).priority, r.doc("tickets", 0).status]).toEqual(["Urgent", "Open"]);
    expect(r.doc("tickets", 1).priority).toBe("Low");
    expect(r.doc("tickets", 2).priority).toBe("High");
    expect(r.store.writes.length).toBe(2);
    expect(r.text).toContain("Updated 2 records in tickets");
  });

  test("reply drafter: with no notes field the draft is the run's result, nothing written", async () => {
    const { agent, collections } = appFor(
      "A support inbox for customer emails with an assistant that drafts replies",
    );
    const r = await run(
      agent,
      collections,
      {
        tickets: [
          { subject: "Login fails", description: "I cannot log in since yesterday evening." },
        ],
      },
      { documentId: "tickets-0" },
    );
    expect(r.store.writes).toEqual([]);
    expect(r.text).toContain("Draft reply:");
    expect(r.text).toContain("Login fails");
  });

  test("screening suggests a stage with its reason in the notes", async () => {
    const { agent, collections } = appFor(
      "A hiring tracker for candidates with an AI that screens each candidate",
    );
    const r = await run(agent, collections, {
      candidates: [
        { name: "Ana Ruiz", stage: "Applied", notes: "Senior engineer, 8 years of experience." },
      ],
    });
    const c = r.doc("candidates", 0);
    expect(c.stage).toBe("Interview");
    expect(String(c.notes)).toStartWith(
      "Senior engineer, 8 years of experience.\n\n[2026-11-30] Set Stage “Interview” because",
    );
  });

  test("follow-up reminder changes nothing and lists what is overdue", async () => {
    const { agent, collections } = appFor(
      "An invoice tracker with a bot that reminds about overdue invoices",
    );
    const r = await run(agent, collections, {
      invoices: [
        { invoiceNumber: "INV-1", dueDate: "2026-11-01", status: "Sent" },
        { invoiceNumber: "INV-2", dueDate: "2026-11-02", status: "Paid" },
        { invoiceNumber: "INV-3", dueDate: "2026-12-20", status: "Sent" },
      ],
    });
    expect(r.store.writes).toEqual([]);
    expect(r.text).toContain("1 past their");
    expect(r.text).toContain("INV-1");
    expect(r.text).not.toContain("INV-2");
  });

  test("data cleaner notes duplicates; scheduling notes clashes and past dates", async () => {
    const cleaner = appFor("A contacts database with an agent that finds duplicates and cleans up");
    const c = await run(cleaner.agent, cleaner.collections, {
      contacts: [{ name: "Ada Lovelace" }, { name: "Bob" }, { name: "ada lovelace" }],
    });
    expect(c.store.writes.map((w) => w.id)).toEqual(["contacts-0", "contacts-2"]);
    expect(String(c.doc("contacts", 0).notes)).toContain("Possible duplicate of “ada lovelace”");
    const scheduler = appFor(
      "A room booking app for meetings with an assistant that schedules and flags clashes",
    );
    const s = await run(scheduler.agent, scheduler.collections, {
      meetings: [
        { title: "Retro", date: "2026-12-02" },
        { title: "Planning", date: "2026-12-02" },
        { title: "Kickoff", date: "2026-11-01" },
        { title: "Review", date: "2026-12-09" },
      ],
    });
    expect(s.store.writes.map((w) => w.id)).toEqual(["meetings-0", "meetings-1", "meetings-2"]);
    expect(String(s.doc("meetings", 0).notes)).toContain("Clashes with “Planning” on 2026-12-02");
    expect(String(s.doc("meetings", 2).notes)).toContain("has passed");
  });

  test("research lists what is missing; intake turns a pasted message into a record", async () => {
    const research = appFor(
      "A lead list of companies with an AI assistant that enriches missing details",
    );
    const r = await run(research.agent, research.collections, {
      leads: [{ name: "Acme", email: "hi@acme.test", status: "New" }],
    });
    expect(String(r.doc("leads", 0).notes)).toContain("To confirm — ");
    expect(String(r.doc("leads", 0).notes)).toContain("Phone: no source found");
    const intake = appFor(
      "An expense tracker with an AI that extracts expenses from pasted receipts",
    );
    const i = await run(
      intake.agent,
      intake.collections,
      { expenses: [] },
      {
        message: "Taxi to the airport $42.50 on 2026-11-20, travel",
      },
    );
    expect(i.store.writes[0]).toMatchObject({ op: "insert", collection: "expenses" });
    expect(i.doc("expenses", 0)).toMatchObject({
      description: "Taxi to the airport $42.50 on 2026-11-20, travel",
      amount: 42.5,
      date: "2026-11-20",
      category: "Travel",
    });
  });

  test("an assistant answers a question from the records", async () => {
    const { agent, collections } = appFor("A recipe collection with an AI assistant");
    const r = await run(
      agent,
      collections,
      { recipes: [{ name: "Pasta al limone" }, { name: "Tacos" }] },
      { question: "Which pasta dishes do we have?" },
    );
    expect(r.text).toContain("1 of 2 recipes match");
    expect(r.text).toContain("Pasta al limone");
  });

  test("a custom tool's calls are checked against its declared inputs", () => {
    const tool = {
      type: "custom" as const,
      name: "lookup",
      description: "Look up",
      method: "GET" as const,
      endpoint: "https://crm.example.com/x",
      headers: {},
      query: {},
      integration: { domain: "crm.example.com", keySlug: "default" },
      inputSchema: {
        type: "object" as const,
        properties: { name: { type: "string" as const }, n: { type: "integer" as const } },
        required: ["name"],
      },
      mockData: [{ a: 1 }, { a: 2 }, { a: 3 }],
      enabled: true,
    };
    const input = customAgentTool(tool).input;
    expect(input.safeParse({ name: "Ada" }).success).toBe(true);
    expect(input.safeParse({ name: 3 }).success).toBe(false);
    expect(input.safeParse({ n: 1 }).success).toBe(false);
    expect(input.safeParse({ name: "Ada", n: 1.5 }).success).toBe(false);
    expect(input.safeParse({ name: "Ada", other: 1 }).success).toBe(false);
  });
});
