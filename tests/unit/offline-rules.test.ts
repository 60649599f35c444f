import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseCollectionsFile } from "../../src/sdk/collections";
import { approvalReply, runAgentLoop } from "../../worker/agent/loop";
import type { BuildServices } from "../../worker/build/service";
import { generateApp } from "../../worker/offline/codegen";
import { deriveSpec, planFor } from "../../worker/offline/spec";
import type { AppSpec } from "../../worker/offline/spec-types";
import { createOfflineProvider } from "../../worker/providers/offline";
import type { ProviderMessage } from "../../worker/providers/types";
import { allBuilderTools, approvalStopToolNames } from "../../worker/tools/builder-specs";

const PROMPT =
  "Reports with a title and a quarter, tickets with a subject and a status, comments with a body, and an audit log with a line";

/** Each collection's access as collections.json declares it: "viewers/agents". */
function declared(spec: AppSpec): Record<string, string> {
  const file = generateApp(spec).find((f) => f.path === "collections.json")!;
  const parsed = parseCollectionsFile(file.content);
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return Object.fromEntries(
    Object.entries(parsed.file.collections).map(([name, c]) => [
      name,
      `${c.access.viewers}/${c.access.agents}`,
    ]),
  );
}

const planText = (spec: AppSpec) => planFor(spec).steps.join("\n");

describe("follow-ups that set who may read and write a collection", () => {
  test("the brief's four requests change exactly that collection's rule", () => {
    expect(declared(deriveSpec([PROMPT]))).toEqual({
      reports: "write/read",
      tickets: "write/read",
      comments: "write/read",
      audits: "write/read",
    });
    const cases: [string, string, string][] = [
      ["make the reports collection read-only for viewers", "reports", "read/read"],
      ["hide the audit collection from viewers", "audits", "none/read"],
      ["let agents write to tickets", "tickets", "write/write"],
      ["viewers can edit comments", "comments", "write/read"],
    ];
    for (const [ask, collection, rule] of cases) {
      const spec = deriveSpec([PROMPT, ask]);
      const rules = declared(spec);
      expect(rules[collection]).toBe(rule);
      // Nothing else changed, and no agent was conjured by the word "agents".
      for (const [other, value] of Object.entries(rules))
        if (other !== collection) expect(value).toBe("write/read");
      expect(spec.agents).toEqual([]);
      expect(spec.entities.map((e) => e.key)).toEqual(["reports", "tickets", "comments", "audits"]);
    }
  });

  test("other ways of saying it", () => {
    const rule = (ask: string, collection: string) =>
      declared(deriveSpec([PROMPT, ask]))[collection];
    expect(rule("reports should be read only for everyone", "reports")).toBe("read/read");
    expect(rule("viewers can only read reports", "reports")).toBe("read/read");
    expect(rule("viewers can read but not edit reports", "reports")).toBe("read/read");
    expect(rule("viewers can't see comments", "comments")).toBe("none/read");
    expect(rule("viewers shouldn't edit tickets", "tickets")).toBe("read/read");
    expect(rule("hide the audit log from viewers", "audits")).toBe("none/read");
    expect(rule("allow agents to update the tickets", "tickets")).toBe("write/write");
    expect(rule("make tickets read-only for agents", "tickets")).toBe("write/read");
    expect(rule("show the audit collection to viewers", "audits")).toBe("read/read");
  });

  test("rules accumulate over follow-ups; each plan names only the latest and says it needs review", () => {
    const asks = [PROMPT, "make the reports collection read-only for viewers"];
    const first = deriveSpec(asks);
    expect(planText(first)).toContain(
      "Viewers will only read reports once this is published; the change goes through review.",
    );
    const second = deriveSpec([
      ...asks,
      "hide the audit collection from viewers and let agents write to tickets",
    ]);
    expect(declared(second)).toMatchObject({
      reports: "read/read",
      audits: "none/read",
      tickets: "write/write",
    });
    expect(second.rules).toEqual([
      { collection: "audits", who: "viewers", to: "none" },
      { collection: "tickets", who: "agents", to: "write" },
    ]);
    const plan = planText(second);
    expect(plan).toContain(
      "Audits will be hidden from viewers and agents may change tickets once this is published; the change goes through review.",
    );
    expect(plan).not.toContain("Viewers will only read reports");
    // A rename keeps the rule with the collection.
    const renamed = deriveSpec([...asks, "rename reports to summaries"]);
    expect(declared(renamed).summaries).toBe("read/read");
  });

  test("an agents-only rule applies to the draft at once and to the published app after review", () => {
    const spec = deriveSpec([PROMPT, "agents can only read tickets"]);
    expect(planText(spec)).toContain(
      "Agents will only read tickets: in the draft at once, in the published app once this is published through review.",
    );
  });

  test("what cannot be done is said, and nothing changes", () => {
    const unknown = deriveSpec([PROMPT, "make the invoices read-only for viewers"]);
    expect(unknown.notes).toEqual([
      "There is no “invoices” collection to set the rule of, so no rule changed.",
    ]);
    expect(unknown.rules).toBeUndefined();
    expect(Object.values(declared(unknown)).every((r) => r === "write/read")).toBe(true);
    const hideFromAgents = deriveSpec([PROMPT, "hide comments from agents"]);
    expect(hideFromAgents.notes?.[0]).toContain("take it off that agent instead");
    expect(declared(hideFromAgents).comments).toBe("write/read");
  });

  test("a prompt's own rule sentences set rules and are never read as data", () => {
    const spec = deriveSpec([
      "Quarterly reports: each report has a title, quarter and summary. Viewers can only read reports.",
    ]);
    expect(spec.entities.map((e) => e.key)).toEqual(["reports"]);
    expect(spec.entities[0]!.fields.map((f) => f.key)).toEqual(["title", "quarter", "summary"]);
    expect(declared(spec)).toEqual({ reports: "read/read" });
    expect(planText(spec)).toContain("Viewers will only read reports once this is published");
  });

  test("a new app with agents says the agents are approved and publishing goes through review", () => {
    const plan = planFor(deriveSpec(["customer support desk with an agent that triages tickets"]));
    const agents = plan.steps.find((s) => s.startsWith("Agent: Triage assistant"))!;
    expect(agents).toEndWith(
      "an admin approves what they may do, and publishing goes through review",
    );
    expect(agents.length).toBeLessThanOrEqual(200);
  });
});

describe("the offline builder applies a rule follow-up", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "offline-rules-"));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const text = (t: string): ProviderMessage => ({
    role: "user",
    content: [{ type: "text", text: t }],
  });
  const build: BuildServices = {
    doneBuilding: async () => "Built and saved in 1.0 s.",
    addDependency: async () => "unused",
    migrateData: async () => "Nothing to move.",
  };
  const loop = (messages: ProviderMessage[]) =>
    runAgentLoop({
      provider: createOfflineProvider(),
      model: "offline-builder",
      system: "",
      messages,
      tools: allBuilderTools,
      toolContext: { root, build },
      maxTurns: 12,
      approvalTools: approvalStopToolNames,
      emit: () => {},
    });
  async function approved(messages: ProviderMessage[]) {
    const planned = await loop(messages);
    expect(planned.status).toBe("awaiting_approval");
    const plan = planned.approvals![0]!.input as { steps: string[] };
    const reply = approvalReply(planned.pendingToolResults ?? [], [
      { toolCallId: planned.approvals![0]!.toolCallId, answer: "Approved." },
    ]);
    return { plan, done: await loop([...planned.messages, reply]) };
  }

  test("the plan says what changes and that publishing it needs review; collections.json is rewritten", async () => {
    const first = await approved([text(PROMPT)]);
    expect(first.done.status).toBe("completed");
    const ask = "make the reports collection read-only for viewers";
    const second = await approved([...first.done.messages, text(ask)]);
    expect(second.plan.steps).toContain(
      "Viewers will only read reports once this is published; the change goes through review.",
    );
    expect(second.done.status).toBe("completed");
    const file = parseCollectionsFile(await readFile(path.join(root, "collections.json"), "utf8"));
    expect(file.ok && file.file.collections.reports!.access).toEqual({
      viewers: "read",
      agents: "read",
    });
    const closing = second.done.messages.at(-1)!;
    const words = closing.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
    expect(words).toContain("Viewers will only read reports once this is published");
  });
});
