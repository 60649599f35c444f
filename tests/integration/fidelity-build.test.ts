import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { CASES } from "../fidelity/cases";
import { parseCase, sameName } from "../fidelity/score";
import { newApp } from "../support/apps";
import { offlineBuilder, setupBuilds, userSays } from "../support/builds";
import { setupWorld } from "../support/world";

// Each test type-checks and bundles a real app: seconds apiece, more on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);

// A sample of the fidelity suite through the real build path: date-times, bounds, stated
// options, currencies, yes/no and relations both ways ("under each", "belongs to").
const SAMPLE = [
  "Bug tracker where each bug has a title",
  "Fleet maintenance: vehicles (plate number",
  "Support tickets per customer.",
  "Book club app: books with title",
];

/** The collections.json types a fidelity type may be declared as. */
const DECLARED: Record<string, string[]> = {
  text: ["string"],
  longtext: ["text"],
  prose: ["string", "text"],
  choice: ["string", "select"],
  integer: ["integer"],
  decimal: ["number"],
  currency: ["number"],
  percent: ["number"],
  number: ["number", "integer"],
  date: ["date"],
  datetime: ["datetime"],
  select: ["select"],
  boolean: ["boolean"],
  email: ["email"],
  url: ["url"],
  relation: ["reference"],
};

async function build(prompt: string, n: number) {
  const { c, workspaceId, userId } = await world.person(`Fidelity ${n}`, `Fidelity ${n}`);
  const { app } = await newApp(c, workspaceId);
  const w = await builds.worker({ workspaceId, appId: app.id, userId });
  const { built } = await offlineBuilder(w).planAndBuild(userSays([], prompt));
  expect(built.status).toBe("completed");
  const finished = w.events.filter((e) => e.type === "build-finish");
  expect(finished.map((e) => e.type === "build-finish" && e.problems)).toEqual([[]]);
  const declared = await c.builds.collections.query({ workspaceId, appId: app.id });
  expect(declared.problems).toEqual([]);
  return declared.declared!.collections;
}

describe("fidelity sample through the real build path", () => {
  for (const [n, start] of SAMPLE.entries()) {
    const fidelity = CASES.find((c) => c.prompt.startsWith(start))!;
    test(`"${fidelity.prompt.slice(0, 60)}"`, async () => {
      const collections = await build(fidelity.prompt, n);
      const expected = parseCase(fidelity);
      // Exactly the named entities, no more.
      expect(Object.keys(collections).length).toBe(expected.length);
      for (const entity of expected) {
        const [, collection] =
          Object.entries(collections).find(([key, c]) =>
            entity.names.some(
              (name) => sameName(c.label ?? key, `${name}s`) || sameName(key, name),
            ),
          ) ?? [];
        expect(collection, entity.names[0]).toBeDefined();
        const fields = Object.entries(collection!.fields);
        for (const want of entity.fields) {
          const [key, got] =
            fields.find(([, f]) => want.names.some((name) => sameName(f.label ?? "", name))) ?? [];
          expect(got, `${entity.names[0]}.${want.names[0]}`).toBeDefined();
          expect(DECLARED[want.type]).toContain(got!.type);
          // Only the title a record needs is required; nothing the prompt named is made so.
          if (key !== collection!.display) expect(got!.required).toBe(false);
          if (want.options) expect(got!.options).toEqual(want.options);
          if (want.type === "relation") expect(got!.collection).toBeDefined();
        }
      }
    });
  }
});
