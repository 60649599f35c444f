import { describe, expect, test } from "bun:test";
import { parseAgentsFile } from "../../src/sdk/agents";
import { generateApp } from "../../worker/offline/codegen";
import { deriveSpec } from "../../worker/offline/spec";
import { cadenceOf, recordEventOf, triggersFor } from "../../worker/offline/spec-agent-triggers";

// The words that ask for an agent decide when it runs; the manual trigger always stays.

function agentsOf(prompt: string) {
  const files = generateApp(deriveSpec([prompt]));
  const file = files.find((f) => f.path === "agents.json");
  if (!file) throw new Error("no agents.json");
  const parsed = parseAgentsFile(file.content);
  if (!parsed.ok)
    throw new Error("the offline builder wrote an agents.json that does not validate");
  return parsed.file.agents;
}

describe("word → trigger mapping", () => {
  test.each([
    ["an agent that summarises tickets every day", "0 9 * * *"],
    ["a daily summary agent", "0 9 * * *"],
    ["an agent that reports weekly", "0 9 * * 1"],
    ["an agent that reports every week", "0 9 * * 1"],
    ["an agent that summarises every monday", "0 9 * * 1"],
    ["an agent that recaps on fridays", "0 9 * * 5"],
    ["an agent that checks stock every sunday", "0 9 * * 0"],
    ["an agent that checks every hour", "0 * * * *"],
    ["an hourly agent", "0 * * * *"],
    ["an agent that reminds people every morning", "0 8 * * *"],
  ])("%p runs on %p", (request, cron) => {
    expect(cadenceOf(request)?.cron).toBe(cron);
  });

  test.each([
    ["an agent should triage new tickets", "inserted"],
    ["an agent for each new order", "inserted"],
    ["when a ticket is created an agent tags it", "inserted"],
    ["an agent that replies when a message comes in", "inserted"],
    ["an agent that checks a deal when it changes", "updated"],
    ["an agent that reviews an order when it is updated", "updated"],
  ])("%p runs on %p records", (request, on) => {
    expect(recordEventOf(request)).toBe(on as "inserted" | "updated");
  });

  test("nothing implied: manual only", () => {
    expect(triggersFor("an agent that cleans up duplicates", "tickets")).toEqual([
      { type: "manual" },
    ]);
    expect(cadenceOf("an assistant for the team")).toBeNull();
    expect(recordEventOf("an assistant for the team")).toBeNull();
  });

  test.each([
    ["an agent that summarises new tickets weekly", false],
    ["an agent that writes a weekly digest of new signups", false],
    ["an agent that triages each new ticket and reports weekly", true],
    ["an agent that, whenever a new lead comes in, scores it, and recaps every friday", true],
  ])("with a schedule, %p runs per new record: %p", (request, perRecord) => {
    const triggers = triggersFor(request, "tickets");
    expect(triggers.some((t) => t.type === "schedule")).toBe(true);
    expect(triggers.some((t) => t.type === "document")).toBe(perRecord);
  });

  test("a button on the record and an agent that summarises weekly: manual and the schedule", () => {
    const spec = deriveSpec([
      "Support tickets with subject and priority. Add an agent that summarises the tickets weekly, with a button on each ticket.",
    ]);
    expect(spec.agents.map((a) => [a.id, a.triggers])).toEqual([
      ["summary-writer", [{ type: "manual" }, { type: "schedule", cron: "0 9 * * 1" }]],
    ]);
    expect(
      generateApp(spec).find((f) => f.path.endsWith("SupportTicketDetails.tsx"))?.content,
    ).toContain('agentId={"summary-writer"}');
  });

  test("manual stays first, then the record trigger and the schedule", () => {
    expect(triggersFor("an agent that sorts new tickets and reports every day", "tickets")).toEqual(
      [
        { type: "manual" },
        { type: "document", collection: "tickets", on: "inserted" },
        { type: "schedule", cron: "0 9 * * *" },
      ],
    );
  });
});

describe("the builder's agents.json carries the triggers and validates", () => {
  test("'triage new tickets' runs on inserted tickets and by hand", () => {
    const [agent] = agentsOf(
      "Track support tickets with a subject, priority and status; an agent should triage new tickets",
    );
    expect(agent!.triggers).toEqual([
      { type: "manual" },
      { type: "document", collection: agent!.dataCollections[0]!.name, on: "inserted" },
    ]);
  });

  test("a 'summarises every monday' agent is scheduled on Mondays and says so", () => {
    const [agent] = agentsOf(
      "Track support tickets with a subject, priority and status; an agent that summarises the tickets every monday",
    );
    expect(agent!.triggers).toEqual([{ type: "manual" }, { type: "schedule", cron: "0 9 * * 1" }]);
    expect(agent!.description).toContain("every Monday");
    expect(agent!.description).not.toContain("daily");
    expect(agent!.systemPrompt).toStartWith("Every Monday,");
  });

  test("an hourly agent and an every-morning one", () => {
    const [hourly] = agentsOf(
      "Track products with a name and stock count; an agent that checks restock levels every hour",
    );
    expect(hourly!.triggers).toContainEqual({ type: "schedule", cron: "0 * * * *" });
    expect(hourly!.systemPrompt).toStartWith("Every hour,");
    const [morning] = agentsOf(
      "Track tasks with a title and due date; an agent that reminds owners of overdue tasks every morning",
    );
    expect(morning!.triggers).toContainEqual({ type: "schedule", cron: "0 8 * * *" });
  });

  test("an agent whose words imply nothing keeps only the manual trigger", () => {
    const [agent] = agentsOf(
      "Track tickets with subject, priority and status; an agent that cleans up duplicate tickets",
    );
    expect(agent!.triggers).toEqual([{ type: "manual" }]);
  });
});
