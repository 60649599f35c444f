import { expect, type FrameLocator, type Page, test } from "@playwright/test";
import { buildFromPrompt, onboard, shot, toastsGone } from "./helpers";

/** Builds an app from a prompt in the real UI and returns its preview. */
const build = (page: Page, prompt: string) => buildFromPrompt(page, prompt, 60_000);

const pad = (n: number) => String(n).padStart(2, "0");

/** The app's own toasts gone and the chat folded away, so the view has the width it would have. */
async function settle(page: Page, app: FrameLocator) {
  await expect(app.getByRole("status")).toHaveCount(0, { timeout: 10_000 });
  await page.getByRole("button", { name: "Hide chat" }).click();
}

test("a pipeline opens on a board: a card moves with the keyboard control and by dragging, live in another tab and in the table", async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  await onboard(page, "Grace Hopper", "Compiler sales");
  const prompt =
    "A sales pipeline: deals with name, value in USD, close date and stage (lead, qualified, proposal, won, lost)";
  await expect(page.getByLabel("Describe the app you want to build")).toBeVisible();
  const app = await build(page, prompt);
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  await expect(chat).toContainText("a board by stage, as they move through stages");

  await app
    .getByRole("navigation", { name: "Sections" })
    .getByRole("button", { name: "Deals" })
    .click();
  await expect(app.getByRole("button", { name: "Board", pressed: true })).toBeVisible();
  for (const [name, value, stage, close] of [
    ["Acme renewal", "48000", "Lead", "2027-03-14"],
    ["Globex pilot", "12500", "Qualified", "2027-02-01"],
    ["Initech rollout", "90000", "Qualified", ""],
    ["Umbrella audit", "7200", "Won", "2026-11-20"],
    ["Soylent tasting", "3100", "Lost", ""],
  ]) {
    await app.getByRole("button", { name: "New deal" }).first().click();
    const form = app.getByRole("dialog", { name: "New deal" });
    await form.getByLabel("Name").fill(name!);
    await form.getByLabel("Value").fill(value!);
    if (close) await form.getByLabel("Close date").fill(close);
    await form.getByLabel("Stage").selectOption(stage!);
    await form.getByRole("button", { name: "Create deal" }).click();
    await expect(form).toBeHidden();
  }
  const column = (frame: FrameLocator, stage: string) =>
    frame.getByRole("region", { name: new RegExp(`^${stage}: \\d+$`) });
  await expect(column(app, "Qualified")).toHaveAccessibleName("Qualified: 2");
  await expect(column(app, "Lead")).toContainText("$48,000");

  // A second tab on the same app follows the move live.
  const other = await context.newPage();
  await other.goto(page.url());
  const second = other.frameLocator('iframe[title$="preview"]');
  await second
    .getByRole("navigation", { name: "Sections" })
    .getByRole("button", { name: "Deals" })
    .click();
  await expect(column(second, "Qualified")).toHaveAccessibleName("Qualified: 2");

  // The keyboard control: focus the card's select and choose with the arrow keys.
  const move = app.getByLabel("Move “Globex pilot” to…");
  await move.focus();
  await move.press("ArrowDown");
  await expect(column(app, "Proposal")).toContainText("Globex pilot");
  await expect(column(app, "Qualified")).toHaveAccessibleName("Qualified: 1");
  await expect(column(second, "Proposal")).toContainText("Globex pilot");
  await expect(column(second, "Qualified")).not.toContainText("Globex pilot");

  // Drag and drop does the same (to the next column: both in view, so nothing scrolls mid-drag).
  await app
    .getByRole("listitem")
    .filter({ hasText: "Acme renewal" })
    .dragTo(column(app, "Qualified"));
  await expect(column(app, "Qualified")).toHaveAccessibleName("Qualified: 2");
  await expect(column(app, "Lead")).toHaveAccessibleName("Lead: 0");
  await expect(column(second, "Qualified")).toContainText("Acme renewal");
  await other.close();

  await toastsGone(page);
  await settle(page, app);
  await shot(page, "120-app-view-board");

  await app.getByRole("button", { name: "Table", pressed: false }).click();
  const row = app.getByRole("row").filter({ hasText: "Globex pilot" });
  await expect(row).toContainText("Proposal");
  await expect(app.getByRole("row").filter({ hasText: "Acme renewal" })).toContainText("Qualified");
});

test("dated items open on a calendar: the item on its day with its time, unscheduled ones listed, + on a day prefills a new one", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await onboard(page, "Mary Somerville", "Harbour clinic");
  const app = await build(
    page,
    "A calendar of appointments with client name, starts at (date and time), duration in minutes and notes",
  );
  await expect(app.getByRole("button", { name: "Calendar", pressed: true })).toBeVisible();
  await expect(app.locator('[aria-current="date"]')).toHaveCount(1);

  // Forty days on: always another month than today's.
  const day = new Date();
  day.setDate(day.getDate() + 40);
  const stamp = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
  const now = new Date();
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  for (const [name, at] of [
    ["Ada Byron", `${today}T10:00`],
    ["Ines Moreau", `${stamp}T14:30`],
    ["Tom Baker", `${stamp}T09:15`],
    ["Walk-in consult", ""],
  ]) {
    await app.getByRole("button", { name: "New appointment" }).first().click();
    const form = app.getByRole("dialog", { name: "New appointment" });
    await form.getByLabel("Client name").fill(name!);
    if (at) await form.getByLabel("Starts at").fill(at);
    await form.getByRole("button", { name: "Create appointment" }).click();
    await expect(form).toBeHidden();
  }
  await expect(app.getByRole("region", { name: "Unscheduled" })).toContainText("Walk-in consult");

  const month = day.toLocaleDateString("en-US", { month: "long", year: "numeric" });
  const heading = app.getByRole("heading", { name: month, level: 2 });
  for (let i = 0; i < 3 && !(await heading.isVisible()); i++)
    await app.getByRole("button", { name: "Next month" }).click();
  await expect(heading).toBeVisible();
  const label = day.toLocaleDateString("en-US", { weekday: "long", day: "numeric", month: "long" });
  const cell = app.getByRole("group", { name: label, exact: true });
  await expect(cell.getByRole("button", { name: /Ines Moreau/ })).toContainText("2:30");
  // Items sit in time order on their day.
  await expect(cell.getByRole("listitem").first()).toContainText("Tom Baker");

  await cell.getByRole("button", { name: /Ines Moreau/ }).click();
  await expect(app.getByRole("heading", { name: "Ines Moreau", level: 1 })).toBeVisible();
  await app.getByRole("main").getByRole("button", { name: "Appointments", exact: true }).click();

  await cell.hover();
  await cell.getByRole("button", { name: `New appointment on ${label}` }).click();
  const form = app.getByRole("dialog", { name: "New appointment" });
  await expect(form.getByLabel("Starts at")).toHaveValue(`${stamp}T09:00`);
  await form.getByRole("button", { name: "Cancel" }).click();

  await app.getByRole("button", { name: "Today" }).click();
  await expect(
    app.getByRole("heading", {
      name: now.toLocaleDateString("en-US", { month: "long", year: "numeric" }),
    }),
  ).toBeVisible();
  const marked = app.locator('[aria-current="date"]');
  await expect(marked).toHaveText(String(now.getDate()));
  await expect(
    app.getByRole("group", {
      name: now.toLocaleDateString("en-US", { weekday: "long", day: "numeric", month: "long" }),
      exact: true,
    }),
  ).toContainText("Ada Byron");
  await toastsGone(page);
  await settle(page, app);
  await shot(page, "121-app-view-calendar");
});

test("tick-off tasks open on a checklist: items added with Enter, ticking one moves progress and strikes it through", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await onboard(page, "Freya Stark", "Expeditions");
  const app = await build(
    page,
    "A packing list for trips: items with name, quantity and packed (yes/no)",
  );
  await expect(app.getByRole("button", { name: "Checklist", pressed: true })).toBeVisible();
  await expect(app.getByText("Nothing to tick off yet")).toBeVisible();
  const add = app.getByLabel("Add an item");
  for (const name of ["Passport", "Tent", "Walking boots", "Water filter", "Head torch"]) {
    await add.fill(name);
    await add.press("Enter");
    await expect(app.getByRole("checkbox", { name: `${name}: packed` })).toBeVisible();
  }
  // The full form still sets the other fields; the row shows them.
  await app.getByRole("button", { name: "Tent", exact: true }).click();
  await app.getByRole("button", { name: "Edit" }).click();
  const edit = app.getByRole("dialog", { name: "Edit item" });
  await edit.getByLabel("Quantity").fill("2");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await app.getByRole("main").getByRole("button", { name: "Items", exact: true }).click();
  await expect(app.getByText("0 of 5 done")).toBeVisible();
  await app.getByRole("checkbox", { name: "Tent: packed" }).check();
  await app.getByRole("checkbox", { name: "Passport: packed" }).check();
  await expect(app.getByText("2 of 5 done")).toBeVisible();
  await expect(app.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "2");
  // Done items sink below the open ones, struck through.
  const rows = app.getByRole("listitem");
  await expect(rows.last()).toContainText(/Tent|Passport/);
  await expect(app.getByRole("button", { name: "Tent", exact: true })).toHaveClass(/line-through/);

  await app.getByRole("checkbox", { name: "Passport: packed" }).uncheck();
  await expect(app.getByText("1 of 5 done")).toBeVisible();
  await toastsGone(page);
  await settle(page, app);
  await shot(page, "122-app-view-checklist");

  await app.getByRole("button", { name: "Table", pressed: false }).click();
  await expect(app.getByRole("row").filter({ hasText: "Tent" })).toContainText("Yes");

  await app.getByRole("button", { name: "Checklist", pressed: false }).click();
  await app.getByRole("button", { name: "Clear done" }).click();
  const confirm = app.getByRole("dialog", { name: "Delete 1 done item?" });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(app.getByText("0 of 4 done")).toBeVisible();
  await expect(app.getByRole("checkbox", { name: "Tent: packed" })).toHaveCount(0);
});
