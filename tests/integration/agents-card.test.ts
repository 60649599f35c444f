import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createWorker } from "../../worker/create";
import { addCollaborator, newApp } from "../support/apps";
import { watchRun } from "../support/run-watch";
import { failure, testConfig } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();
let worker: ReturnType<typeof createWorker>;

beforeAll(async () => {
  worker = createWorker(
    testConfig(world.db, { workspacesDir: `/tmp/second-test-workspaces-${world.db.name}` }),
  );
  await worker.ready();
});
afterAll(async () => {
  await worker?.close();
});

const PROMPT = "Track support tickets with priority and status; an agent should triage new tickets";

describe("the present_agents card", () => {
  test("the offline builder plans, builds, presents its agents and stops; a member's approval is mock-only, an admin's live, a stale card is refused and answers nothing", async () => {
    const { c, workspaceId } = await world.person("Carla Card", "Cards");
    const { app } = await newApp(c, workspaceId, "Helpdesk");
    const target = { workspaceId, appId: app.id };
    const run = await c.runs.create.mutate({ ...target, prompt: PROMPT });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("awaiting_approval");
    await c.runs.respond.mutate({ workspaceId, runId: run.id, approve: true });
    await w.untilStatus("awaiting_approval", 2);

    // plan → approve → build → agents card, which shows the file the build saved.
    const cards = w.events.filter((e) => e.type === "approval");
    expect(cards.map((e) => e.data.toolName)).toEqual(["present_plan", "present_agents"]);
    const card = cards[1]!.data.input as {
      hash: string;
      agents: { tools: unknown[]; dataCollections: { access: string }[]; triggers: unknown[] }[];
    };
    const config = await c.agents.config.query(target);
    expect(card.hash).toBe(config.approval.currentHash!);
    expect(card.agents).toEqual(config.declared!.agents as unknown as typeof card.agents);
    expect(card.agents[0]!.dataCollections.length).toBeGreaterThan(0);
    expect(config.approval.state).toBe("none");

    // A card for another hash (the file changed since) is refused and answers nothing.
    const stale = `v1:${"0".repeat(64)}`;
    expect(
      await failure(
        c.agents.answerCard.mutate({ workspaceId, runId: run.id, approve: true, hash: stale }),
      ),
    ).toMatchObject({ code: "CONFLICT" });
    expect((await c.runs.get.query({ workspaceId, runId: run.id })).status).toBe(
      "awaiting_approval",
    );
    expect((await c.agents.approval.query(target)).state).toBe("none");

    // A member approves: for mock data only; the run goes on and says so.
    const member = await world.member(workspaceId, "member", "Milo Member");
    await addCollaborator(c, target, member.userId);
    expect(
      await member.c.agents.answerCard.mutate({
        workspaceId,
        runId: run.id,
        approve: true,
        hash: card.hash,
      }),
    ).toEqual({ mode: "mock" });
    await w.untilStatus("completed");
    expect(await c.agents.approval.query(target)).toMatchObject({
      state: "mock",
      approval: { source: "build_chat", approvedByName: "Milo Member" },
    });
    expect(w.events.find((e) => e.type === "agents-approved")?.data).toEqual({
      hash: card.hash,
      mode: "mock",
    });
    expect(w.events.findLast((e) => e.type === "approval-answer")?.data).toMatchObject({
      approve: true,
      feedback: expect.stringContaining("mock data only"),
    });
    // Answered once: a second answer finds nothing waiting.
    expect(
      await failure(
        c.agents.answerCard.mutate({ workspaceId, runId: run.id, approve: true, hash: card.hash }),
      ),
    ).toMatchObject({ code: "PRECONDITION_FAILED" });
    w.close();

    // The next change ends on a new card: "Request changes" approves nothing; the owner's
    // approval is live.
    const next = await c.runs.create.mutate({ ...target, prompt: "Add a due date to tickets" });
    const w2 = watchRun(c, { workspaceId, runId: next.id });
    await w2.untilStatus("awaiting_approval");
    await c.runs.respond.mutate({ workspaceId, runId: next.id, approve: true });
    await w2.untilStatus("awaiting_approval", 2);
    const second = w2.events.filter((e) => e.type === "approval").at(-1)!;
    expect(second.data.toolName).toBe("present_agents");
    expect(
      await c.agents.answerCard.mutate({
        workspaceId,
        runId: next.id,
        approve: false,
        hash: (second.data.input as { hash: string }).hash,
        feedback: "Only read customers.",
      }),
    ).toEqual({ mode: null });
    expect((await c.agents.approval.query(target)).approval?.mode).toBe("mock");
    // The builder revises its plan; approved, it builds and presents the agents again.
    await w2.untilStatus("awaiting_approval", 3);
    await c.runs.respond.mutate({ workspaceId, runId: next.id, approve: true });
    await w2.untilStatus("awaiting_approval", 4);
    const third = w2.events.filter((e) => e.type === "approval").at(-1)!;
    expect(third.data.toolName).toBe("present_agents");
    const hash = (third.data.input as { hash: string }).hash;
    expect(
      await c.agents.answerCard.mutate({ workspaceId, runId: next.id, approve: true, hash }),
    ).toEqual({ mode: "live" });
    await w2.untilStatus("completed");
    w2.close();
    expect(await c.agents.approval.query(target)).toMatchObject({
      state: "live",
      currentHash: hash,
      approval: { source: "build_chat", mode: "live" },
    });
  }, 240_000);

  test("only a run waiting on an agents card can be answered; other workspaces get 404", async () => {
    const { c, workspaceId } = await world.person("Paula Plan", "Plans");
    const { app } = await newApp(c, workspaceId);
    const run = await c.runs.create.mutate({ workspaceId, appId: app.id, prompt: "A CRM" });
    const w = watchRun(c, { workspaceId, runId: run.id });
    await w.untilStatus("awaiting_approval");
    w.close();
    const hash = `v1:${"1".repeat(64)}`;
    // Waiting on a plan, not agents.
    expect(
      await failure(
        c.agents.answerCard.mutate({ workspaceId, runId: run.id, approve: true, hash }),
      ),
    ).toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(
      await failure(c.agents.answerCard.mutate({ workspaceId, runId: "x", approve: true, hash })),
    ).toMatchObject({ code: "BAD_REQUEST" });
    const other = await world.person("Otto Other", "Others");
    expect(
      await failure(
        other.c.agents.answerCard.mutate({ workspaceId, runId: run.id, approve: true, hash }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(
      await failure(
        other.c.agents.answerCard.mutate({
          workspaceId: other.workspaceId,
          runId: run.id,
          approve: false,
          hash,
        }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    await c.runs.stop.mutate({ workspaceId, runId: run.id });
  });
});
