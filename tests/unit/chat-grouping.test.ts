import { describe, expect, test } from "bun:test";
import type { ChatPart } from "../../web/src/components/chat/run-state";
import { GROUP_MIN, groupFileChanges } from "../../web/src/components/chat/tool-group";

const tool = (n: number, toolName = "write_file"): ChatPart => ({
  kind: "tool",
  key: `t${n}`,
  toolCallId: `c${n}`,
  toolName,
  state: "output-available",
  inputText: "",
  input: { path: `src/f${n}.ts` },
});
const text = (key: string): ChatPart => ({ kind: "text", key, text: key }) as ChatPart;

describe("chat file-change grouping", () => {
  test("a long run of file changes becomes one group; short runs and other parts stay", () => {
    const writes = Array.from({ length: GROUP_MIN }, (_, i) => tool(i));
    const items = groupFileChanges([
      text("a"),
      ...writes,
      tool(9, "delete_file"),
      tool(10, "done_building"),
      tool(11),
      text("b"),
    ]);
    expect(items.map((i) => i.kind)).toEqual(["text", "tool-group", "tool", "tool", "text"]);
    const group = items[1] as Extract<(typeof items)[number], { kind: "tool-group" }>;
    expect(group.parts.map((p) => p.key)).toEqual([...writes.map((w) => w.key), "t9"]);
  });

  test("fewer than the threshold stay as their own cards", () => {
    const few = Array.from({ length: GROUP_MIN - 1 }, (_, i) => tool(i));
    expect(groupFileChanges(few).map((i) => i.kind)).toEqual(few.map(() => "tool"));
  });
});
