import { describe, expect, test } from "bun:test";
import { deriveSpec, validateSpec } from "../../worker/offline/spec";
import {
  BEHAVIOUR_CASES,
  FOLLOW_UP_CASES,
  FRESH_BEHAVIOURS,
  formatBehaviourReport,
  holds,
  scoreBehaviours,
  scoreFollowUps,
} from "../fidelity/behaviours";

describe("the fidelity suite's behaviours", () => {
  test("at least 15 prompts ask for a behaviour, and every explicit behaviour is present", () => {
    expect(BEHAVIOUR_CASES.length).toBeGreaterThanOrEqual(15);
    const report = scoreBehaviours();
    expect(formatBehaviourReport(report)).toEqual([
      `behaviours present ${report.asked}/${report.asked}`,
    ]);
  });

  test("every follow-up step changes what it says and nothing else", () => {
    const report = scoreFollowUps();
    expect(report.misses).toEqual([]);
    expect(report.steps).toBeGreaterThanOrEqual(12);
  });

  test("every prompt and conversation gives a valid spec", () => {
    for (const c of [...BEHAVIOUR_CASES, ...FRESH_BEHAVIOURS])
      expect(validateSpec(deriveSpec([c.prompt]))).toEqual([]);
    for (const c of FOLLOW_UP_CASES)
      expect(validateSpec(deriveSpec([c.prompt, ...c.steps.map((s) => s.ask)]))).toEqual([]);
  });

  test("the scorer tells a missing behaviour from a present one", () => {
    const spec = deriveSpec(["Ideas with title; let people vote on ideas."]);
    expect(holds(spec, "votes ideas.votes")).toBe(true);
    expect(holds(spec, "stars ideas.votes/5")).toBe(false);
    expect(holds(spec, "cascade ideas>ideas.title")).toBe(false);
    expect(holds(spec, "no ideas.rating")).toBe(true);
    expect(holds(spec, "no-note")).toBe(true);
    expect(() => holds(spec, "sparkle ideas")).toThrow("Unknown expectation");
  });
});
