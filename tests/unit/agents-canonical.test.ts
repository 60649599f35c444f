import { describe, expect, test } from "bun:test";
import { canonicalAgents } from "../../src/agents/canonical";
import { parseAgentsFile } from "../../src/sdk/agents";

const agent = {
  id: "triage",
  name: "Triage",
  description: "Sets the priority of new tickets.",
  systemPrompt: "Set the priority.",
  dataCollections: [{ name: "tickets", access: "write" }],
};

function hashOf(value: unknown) {
  const parsed = parseAgentsFile(typeof value === "string" ? value : JSON.stringify(value));
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return canonicalAgents(parsed.file).hash;
}

describe("agents.json canonical hash", () => {
  const base = hashOf({ version: 1, agents: [agent] });

  test("is v1: and a sha256 hex", () => {
    expect(base).toMatch(/^v1:[0-9a-f]{64}$/);
  });

  test("does not depend on key order or whitespace", () => {
    const reordered = {
      agents: [
        {
          dataCollections: [{ access: "write", name: "tickets" }],
          systemPrompt: agent.systemPrompt,
          description: agent.description,
          name: agent.name,
          id: agent.id,
        },
      ],
      version: 1,
    };
    expect(hashOf(reordered)).toBe(base);
    expect(hashOf(JSON.stringify({ version: 1, agents: [agent] }, null, 4))).toBe(base);
  });

  test("empty lists and written-out defaults hash as if left out", () => {
    expect(hashOf({ version: 1, agents: [{ ...agent, tools: [] }], appTools: [] })).toBe(base);
    expect(hashOf({ version: 1, agents: [{ ...agent, triggers: [{ type: "manual" }] }] })).toBe(
      base,
    );
    const tool = { type: "builtin", name: "WebSearch" };
    expect(hashOf({ version: 1, agents: [{ ...agent, tools: [tool] }] })).toBe(
      hashOf({ version: 1, agents: [{ ...agent, tools: [{ ...tool, enabled: true }] }] }),
    );
  });

  test("changes with anything an agent may do", () => {
    const changed = [
      { ...agent, dataCollections: [{ name: "tickets", access: "read" }] },
      { ...agent, systemPrompt: "Set the priority!" },
      { ...agent, triggers: [] },
      { ...agent, triggers: [{ type: "schedule", cron: "0 9 * * *" }] },
      { ...agent, tools: [{ type: "builtin", name: "WebSearch", enabled: false }] },
      { ...agent, model: "claude-haiku-4-5" },
    ].map((a) => hashOf({ version: 1, agents: [a] }));
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1);
    // The order of agents is part of the file (it is what the agents page lists).
    const other = { ...agent, id: "other" };
    expect(hashOf({ version: 1, agents: [agent, other] })).not.toBe(
      hashOf({ version: 1, agents: [other, agent] }),
    );
  });

  test("the payload is the normalised file", () => {
    const parsed = parseAgentsFile(JSON.stringify({ version: 1, agents: [agent], appTools: [] }));
    if (!parsed.ok) throw new Error("must parse");
    expect(canonicalAgents(parsed.file).payload).toEqual({
      version: 1,
      agents: [{ ...agent, triggers: [{ type: "manual" }] }],
    });
  });
});
