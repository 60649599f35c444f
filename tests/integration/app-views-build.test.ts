import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { newApp } from "../support/apps";
import { offlineBuilder, setupBuilds, userSays } from "../support/builds";
import { setupWorld } from "../support/world";

// Each test type-checks and bundles a real app: seconds apiece, more on a busy machine.
setDefaultTimeout(60_000);

const world = setupWorld();
const builds = setupBuilds(() => world.db);

// One app per view, each with what makes its view harder: a relation and a currency on the
// cards, a date-time on the calendar, another required field beside the checklist's title.
const VIEWS: [string, string, string][] = [
  [
    "A sales pipeline: companies with a name, and deals with name, value in USD, company and stage (lead, qualified, proposal, won, lost). Each deal belongs to a company.",
    "src/pages/deals/DealBoard.tsx",
    "Move “",
  ],
  [
    "A calendar of appointments with client name, starts at (date and time), duration in minutes and notes",
    "src/pages/appointments/AppointmentCalendar.tsx",
    "Unscheduled",
  ],
  // Read-only for the people it is published to: the board offers them no moves.
  [
    "A hiring pipeline: candidates with name, email and stage (applied, interview, offer, hired). Viewers can only read candidates.",
    "src/pages/CandidatesPage.tsx",
    "canWrite={canWrite}",
  ],
  [
    "A packing list for trips: items with name, quantity (required), packed (yes/no) and category (clothes, gear, documents)",
    "src/pages/items/ItemChecklist.tsx",
    "done",
  ],
];

async function build(prompt: string, n: number) {
  const { c, workspaceId, userId } = await world.person(`Views ${n}`, `Views ${n}`);
  const { app } = await newApp(c, workspaceId);
  const w = await builds.worker({ workspaceId, appId: app.id, userId });
  const { built } = await offlineBuilder(w).planAndBuild(userSays([], prompt));
  expect(built.status).toBe("completed");
  return { w, c, workspaceId, app };
}

describe("apps that open on a board, a calendar or a checklist build", () => {
  for (const [n, [prompt, path, marker]] of VIEWS.entries()) {
    test(`${n}: ${path.split("/").at(-1)}`, async () => {
      const { w, c, workspaceId, app } = await build(prompt, n);
      const finished = w.events.filter((e) => e.type === "build-finish");
      expect(finished.map((e) => e.type === "build-finish" && e.problems)).toEqual([[]]);
      const files = (await c.builds.files.query({ workspaceId, appId: app.id })).files;
      expect(files.map((f) => f.path)).toContain(path);
      const status = await c.builds.status.query({ workspaceId, appId: app.id });
      expect(status.current?.previewUrl).toBeDefined();
      const view = await c.builds.file.query({ workspaceId, appId: app.id, path });
      expect(view.content).toContain(marker);
    });
  }
});
