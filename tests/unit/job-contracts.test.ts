import { describe, expect, test } from "bun:test";
import { JOBS, type JobName, type JobPayload } from "../../src/jobs/contracts";

// Queue rows sit outside tenancy (docs/decisions/0001), so payloads carry ids only: a job that
// needs a prompt or a document reads it in the worker's tenant transaction.
const EXAMPLES: { [N in JobName]: JobPayload<N> } = {
  "system.echo": { idempotencyKey: "echo-1", message: "ping" },
  "builder.run": {
    workspaceId: crypto.randomUUID(),
    runId: crypto.randomUUID(),
    idempotencyKey: "run-1",
  },
  "agent.run": {
    workspaceId: crypto.randomUUID(),
    runId: crypto.randomUUID(),
    idempotencyKey: "agent-run-1",
  },
  "agent.schedule": {
    workspaceId: crypto.randomUUID(),
    appId: crypto.randomUUID(),
    scope: "published",
    agentId: "digest",
    triggerIndex: 0,
    hash: `v1:${"a".repeat(64)}`,
    idempotencyKey: "agent-schedule.x",
  },
};
// Fields a payload may carry. `message` is the system echo's health-check text, never tenant data;
// a schedule names its scope, its agent by the id agents.json gives it and its approval by hash.
const ALLOWED = new Set([
  "workspaceId",
  "runId",
  "idempotencyKey",
  "message",
  "appId",
  "scope",
  "agentId",
  "triggerIndex",
  "hash",
]);

describe("job contracts", () => {
  for (const name of Object.keys(JOBS) as JobName[]) {
    test(`${name}: ids only; a payload carrying content is refused`, () => {
      const schema = JOBS[name].payload;
      expect(schema.safeParse(EXAMPLES[name]).success).toBe(true);
      expect(Object.keys(schema.shape).filter((k) => !ALLOWED.has(k))).toEqual([]);
      for (const extra of ["prompt", "document", "source", "transcript"]) {
        const result = schema.safeParse({ ...EXAMPLES[name], [extra]: "tenant content" });
        expect(result.success).toBe(false);
        expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
      }
    });
  }
  test("agent.schedule: a scheduler made before scopes existed is the draft's", () => {
    const { scope: _, ...old } = EXAMPLES["agent.schedule"];
    expect(JOBS["agent.schedule"].payload.parse(old).scope).toBe("draft");
    expect(JOBS["agent.schedule"].payload.safeParse({ ...old, scope: "preview" }).success).toBe(
      false,
    );
  });
  test("tenant jobs name their workspace", () => {
    expect(Object.keys(JOBS["builder.run"].payload.shape)).toContain("workspaceId");
    expect(Object.keys(JOBS["agent.run"].payload.shape)).toContain("workspaceId");
  });
});
