import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { newApp } from "../support/apps";
import { offlineBuilder, setupBuilds, userSays } from "../support/builds";
import { setupWorld } from "../support/world";

// Apps whose prompts ask for behaviours, built through the real path (plan, approval, write,
// type-check, bundle): computed cards and highlights, votes, stars, children added from the
// parent's page and a delete that takes them along.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);

const PROMPTS: [string, string[]][] = [
  [
    "Inventory: products with name, quantity in stock, reorder level and unit price in EUR; products belong to suppliers with a name. Highlight products below their reorder level and show the total unit price per supplier.",
    ["src/lib/computed.ts", "src/pages/Dashboard.tsx"],
  ],
  [
    "Projects with name and deadline; tasks under each project with title, due date and status (todo, doing, done). Deleting a project deletes its tasks. Show tasks due in the next 7 days, overdue tasks and a count per status.",
    ["src/lib/computed.ts", "src/pages/projects/ProjectDetails.tsx"],
  ],
  [
    "Idea board: ideas with title, description and a rating from 1 to 5; let people vote on ideas.",
    ["src/components/vote-button.tsx", "src/components/star-rating.tsx"],
  ],
];

async function build(prompt: string, n: number) {
  const { c, workspaceId, userId } = await world.person(`Behaviour ${n}`, `Behaviours ${n}`);
  const { app } = await newApp(c, workspaceId);
  const w = await builds.worker({ workspaceId, appId: app.id, userId });
  const { built } = await offlineBuilder(w).planAndBuild(userSays([], prompt));
  expect(built.status).toBe("completed");
  return { w, c, workspaceId, app };
}

describe("apps that ask for behaviours type-check and bundle", () => {
  for (const [n, [prompt, expected]] of PROMPTS.entries()) {
    test(`"${prompt.slice(0, 60)}"`, async () => {
      const { w, c, workspaceId, app } = await build(prompt, n);
      const finished = w.events.filter((e) => e.type === "build-finish");
      expect(finished.map((e) => e.type === "build-finish" && e.problems)).toEqual([[]]);
      const status = await c.builds.status.query({ workspaceId, appId: app.id });
      expect(status.current?.previewUrl).toBeDefined();
      const files = (await c.builds.files.query({ workspaceId, appId: app.id })).files.map(
        (f) => f.path,
      );
      for (const path of expected) expect(files).toContain(path);
      const declared = await c.builds.collections.query({ workspaceId, appId: app.id });
      expect(declared.problems).toEqual([]);
    });
  }
});
