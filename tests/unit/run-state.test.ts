import { describe, expect, test } from "bun:test";
import {
  buildUnderWay,
  emptyView,
  foldEvents,
  type RunEvent,
} from "../../web/src/components/chat/run-state";

let seq = 0;
const ev = (type: string, data: Record<string, unknown> = {}): RunEvent => ({
  seq: ++seq,
  type,
  data,
  at: "2026-11-30T12:00:00Z",
});

describe("a run's chat view", () => {
  test("a build stopped mid-way reads as stopped, not built or failed; its running steps stop", () => {
    const view = foldEvents(emptyView, [
      ev("status", { status: "running" }),
      ev("tool-input-start", { toolCallId: "b1", toolName: "done_building" }),
      ev("tool-input-available", { toolCallId: "b1", toolName: "done_building", input: {} }),
      ev("build-step", { step: "collect", state: "running" }),
      ev("build-step", { step: "collect", state: "done", ms: 12 }),
      ev("build-step", { step: "typecheck", state: "running" }),
      ev("build-step", { step: "bundle", state: "running" }),
    ]);
    expect(buildUnderWay(view)?.steps.typecheck?.state).toBe("running");
    const stopped = foldEvents(view, [
      ev("build-finish", {
        status: "stopped",
        buildId: null,
        ms: 900,
        fileCount: 14,
        problems: [],
      }),
      ev("tool-output", { toolCallId: "b1", output: "abandoned", isError: false }),
      ev("status", { status: "stopped" }),
    ]);
    expect(stopped.status).toBe("stopped");
    expect(stopped.build?.finish).toMatchObject({ status: "stopped", buildId: null });
    expect(stopped.build?.steps).toEqual({
      collect: { state: "done", ms: 12 },
      typecheck: { state: "stopped" },
      bundle: { state: "stopped" },
    });
    const card = stopped.parts.find((p) => p.kind === "tool");
    expect(card?.kind === "tool" && card.build?.finish?.status).toBe("stopped");
    expect(buildUnderWay(stopped)).toBeNull();
  });

  test("a failed tool call carries its failure and, once reported, its repair run; a repair request is a card", () => {
    const failure = {
      outcome: "failed",
      code: "not_found",
      category: "not_found",
      httpStatus: 404,
      method: "GET",
      domain: "api.example.com",
      keySlug: "default",
      path: "/v1/x",
      message: "Not found.",
      hint: "Check the path.",
    };
    const agentRun = foldEvents(emptyView, [
      ev("tool-input-start", { toolCallId: "t1", toolName: "lookup" }),
      ev("tool-output", { toolCallId: "t1", output: "Error", isError: true, failure }),
    ]);
    const tool = agentRun.parts[0];
    expect(tool?.kind === "tool" && tool.failure).toMatchObject({
      category: "not_found",
      httpStatus: 404,
      path: "/v1/x",
    });
    const reported = foldEvents(agentRun, [
      ev("repair-requested", { toolCallId: "t1", toolName: "lookup", builderRunId: "b1" }),
    ]);
    expect(reported.parts[0]?.kind === "tool" && reported.parts[0].repairRunId).toBe("b1");
    const chat = foldEvents(emptyView, [
      ev("user-message", {
        text: "Repair request from agent …",
        repair: {
          ...failure,
          agentName: "Helper",
          toolName: "lookup",
          agentNote: "It said 404.",
          reportedBy: { kind: "person", name: "Pat", note: "Use /v2/x" },
        },
      }),
      ev("user-message", { text: "Add a due date" }),
    ]);
    expect(chat.parts.map((p) => p.kind)).toEqual(["repair", "user"]);
    expect(chat.parts[0]?.kind === "repair" && chat.parts[0].repair).toMatchObject({
      agentName: "Helper",
      toolName: "lookup",
      reportedBy: "Pat",
      note: "Use /v2/x",
      agentNote: "It said 404.",
    });
  });
});
