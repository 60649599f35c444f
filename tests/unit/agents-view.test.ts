import { describe, expect, test } from "bun:test";
import { emptyView, foldEvents, type RunEvent } from "../../web/src/components/chat/run-state";
import { cronInWords } from "../../web/src/lib/cron";

let seq = 0;
const ev = (type: string, data: Record<string, unknown> = {}): RunEvent => ({
  seq: ++seq,
  type,
  data,
  at: "2026-11-30T12:00:00Z",
});

describe("schedules in words", () => {
  test("common crons read as a person would say them; others show the expression", () => {
    expect(cronInWords("0 9 * * 1-5")).toBe("on weekdays at 09:00 UTC");
    expect(cronInWords("30 18 * * *")).toBe("every day at 18:30 UTC");
    expect(cronInWords("0 8 * * 1")).toBe("every Monday at 08:00 UTC");
    expect(cronInWords("0 8 * * 0,6")).toBe("on weekends at 08:00 UTC");
    expect(cronInWords("*/15 * * * *")).toBe("every 15 minutes");
    expect(cronInWords("0 * * * *")).toBe("every hour");
    expect(cronInWords("5 * * * *")).toBe("every hour at :05");
    expect(cronInWords("0 7 1 * *")).toBe("on day 1 of every month at 07:00 UTC");
    expect(cronInWords("0 9 * 1 *")).toBe("cron 0 9 * 1 * (UTC)");
    expect(cronInWords("0 9-17/2 * * *")).toBe("cron 0 9-17/2 * * * (UTC)");
  });
});

describe("an agent run's view", () => {
  test("mock results are marked on their tool, data changes and refusals are their own parts", () => {
    const view = foldEvents(emptyView, [
      ev("status", { status: "running" }),
      ev("tool-input-start", { toolCallId: "t1", toolName: "lookup_customer" }),
      ev("tool-input-available", { toolCallId: "t1", toolName: "lookup_customer", input: {} }),
      ev("tool-output", {
        toolCallId: "t1",
        output: "{}",
        isError: false,
        mock: true,
        mockReason: "not_configured",
      }),
      ev("data-change", { collection: "tickets", documentId: "abc123", op: "update" }),
      ev("tool-refused", { toolName: "update_app_data", code: "FORBIDDEN", message: "Read only." }),
    ]);
    expect(view.parts.map((p) => p.kind)).toEqual(["tool", "data-change", "notice"]);
    expect(view.parts[0]).toMatchObject({ state: "output-available", mock: "not_configured" });
    expect(view.parts[1]).toMatchObject({ collection: "tickets", documentId: "abc123" });
    expect(view.parts[2]).toMatchObject({
      title: "update_app_data was refused",
      text: "Read only.",
    });
  });

  test("the agents card is a card, not a tool call, and remembers what approving it approved", () => {
    const view = foldEvents(emptyView, [
      ev("tool-input-start", { toolCallId: "a1", toolName: "present_agents" }),
      ev("approval", { toolCallId: "a1", toolName: "present_agents", input: { hash: "v1:x" } }),
      ev("status", { status: "awaiting_approval" }),
      ev("agents-approved", { hash: "v1:x", mode: "mock" }),
      ev("approval-answer", { approve: true, feedback: "mock data only" }),
    ]);
    expect(view.parts.map((p) => p.kind)).toEqual(["approval", "answer"]);
    expect(view.parts[0]).toMatchObject({
      toolName: "present_agents",
      agents: { hash: "v1:x", mode: "mock" },
      answer: { approve: true },
    });
  });
});
