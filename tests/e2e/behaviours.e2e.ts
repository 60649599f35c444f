import { expect, type FrameLocator, type Page, test } from "@playwright/test";
import { BEHAVIOUR_CASES } from "../fidelity/behaviours";
import { buildFromPrompt, onboard, shot, toastsGone } from "./helpers";

// Three prompts of the fidelity suite's behaviour set, built through the real UI: the named
// fields reach the form with the right inputs, and the behaviours work in the running app.

const suitePrompt = (start: string) => {
  const found = BEHAVIOUR_CASES.find((c) => c.prompt.startsWith(start));
  if (!found) throw new Error(`no suite prompt starts with ${start}`);
  return found.prompt;
};

async function build(page: Page, prompt: string): Promise<FrameLocator> {
  const app = await buildFromPrompt(page, prompt);
  // The app full width, as its users see it.
  await page.getByRole("button", { name: "Hide chat" }).click();
  return app;
}

/** The app's own toasts (in the preview) leave after a few seconds; screenshots wait for them. */
const appToastsGone = (app: FrameLocator) =>
  expect(app.locator('[aria-live="polite"] > [role="status"]')).toHaveCount(0, {
    timeout: 15_000,
  });

/** A calendar day relative to today, as a date input takes it. */
function day(offset: number): string {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

test("children added from the parent's page, overdue rows highlighted and totals per client on the dashboard", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await onboard(page, "Grace Hopper", "Harbour accounts");
  const app = await build(page, suitePrompt("Clients with name and email; invoices"));
  const sections = app.getByRole("navigation", { name: "Sections" });

  await sections.getByRole("button", { name: "Clients" }).click();
  for (const name of ["Dockside Ltd", "Pier Cafe"]) {
    await app.getByRole("button", { name: "New client" }).first().click();
    const form = app.getByRole("dialog", { name: "New client" });
    await expect(form.getByLabel("Email")).toHaveAttribute("type", "email");
    await form.getByLabel("Name").fill(name);
    await form.getByRole("button", { name: "Create client" }).click();
    await expect(form).toBeHidden();
  }

  // From the client's page: "New invoice" opens the invoice form with the client chosen.
  await app.getByRole("button", { name: "Dockside Ltd" }).click();
  await expect(app.getByRole("heading", { name: "Dockside Ltd", level: 1 })).toBeVisible();
  for (const [number, amount, due, paid] of [
    ["INV-101", "1200", day(-5), false],
    ["INV-102", "450.5", day(10), false],
    ["INV-099", "300", day(-20), true],
  ] as const) {
    await app.getByRole("button", { name: "New invoice" }).click();
    const form = app.getByRole("dialog", { name: "New invoice" });
    await expect(form.getByLabel("Client")).toHaveValue(/.+/);
    await expect(form.getByLabel("Client").locator("option:checked")).toHaveText("Dockside Ltd");
    await expect(form.getByLabel("Due date")).toHaveAttribute("type", "date");
    await expect(form.getByLabel("Amount")).toHaveAttribute("inputmode", "decimal");
    await expect(form.getByLabel("Paid")).toHaveAttribute("type", "checkbox");
    await form.getByLabel("Invoice number").fill(number);
    await form.getByLabel("Amount").fill(amount);
    await form.getByLabel("Due date").fill(due);
    if (paid) await form.getByLabel("Paid").check();
    await form.getByRole("button", { name: "Create invoice" }).click();
    await expect(form).toBeHidden();
  }
  // Back on the client's page, with its invoices listed; deleting it is held while they point here.
  await expect(app.getByRole("heading", { name: /^Invoices/, level: 2 })).toContainText("3");
  await expect(app.getByText("INV-102")).toBeVisible();
  await expect(app.getByRole("button", { name: "Delete" })).toBeDisabled();
  await toastsGone(page);
  await appToastsGone(app);
  await shot(page, "110-parent-adds-children");

  // Another client's invoice, added from the list this time.
  await sections.getByRole("button", { name: "Invoices" }).click();
  await app.getByRole("button", { name: "New invoice" }).first().click();
  const other = app.getByRole("dialog", { name: "New invoice" });
  await other.getByLabel("Invoice number").fill("INV-200");
  await other.getByLabel("Amount").fill("80");
  await other.getByLabel("Due date").fill(day(-1));
  await other.getByLabel("Client").selectOption({ label: "Pier Cafe" });
  await other.getByRole("button", { name: "Create invoice" }).click();
  await expect(other).toBeHidden();

  // Overdue and unpaid rows stand out; a paid one from long ago does not.
  const row = (text: string) => app.getByRole("row").filter({ hasText: text });
  await expect(row("INV-101").getByText("Overdue")).toBeVisible();
  await expect(row("INV-200").getByText("Overdue")).toBeVisible();
  await expect(row("INV-102").getByText("Overdue")).toHaveCount(0);
  await expect(row("INV-099").getByText("Overdue")).toHaveCount(0);
  await toastsGone(page);
  await appToastsGone(app);
  await shot(page, "111-overdue-rows-highlighted");

  await sections.getByRole("button", { name: "Dashboard" }).click();
  const overdue = app.locator('[data-card="overdueInvoice"]');
  await expect(overdue).toContainText("Overdue invoices");
  await expect(overdue.getByRole("button")).toHaveCount(2);
  const totals = app.locator('[data-card="perClientInvoice"]');
  await expect(totals).toContainText("Total amount per client");
  await expect(totals.getByRole("row").filter({ hasText: "Dockside Ltd" })).toContainText(
    "$1,950.50",
  );
  await expect(totals.getByRole("row").filter({ hasText: "Pier Cafe" })).toContainText("$80.00");
  await expect(totals.locator("tfoot")).toContainText("$2,030.50");

  // Live: paying an invoice takes it off the overdue card at once.
  await sections.getByRole("button", { name: "Invoices" }).click();
  await app.getByRole("button", { name: "INV-200" }).click();
  await app.getByRole("button", { name: "Edit" }).click();
  const edit = app.getByRole("dialog", { name: "Edit invoice" });
  await edit.getByLabel("Paid").check();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await sections.getByRole("button", { name: "Dashboard" }).click();
  await expect(overdue.getByRole("button")).toHaveCount(1);
  await toastsGone(page);
  await appToastsGone(app);
  await shot(page, "112-dashboard-computed-cards");
});

test("deleting a project takes its tasks along after a confirmation that counts them", async ({
  page,
}) => {
  test.setTimeout(150_000);
  await onboard(page, "Ada Lovelace", "Harbour works");
  const app = await build(page, suitePrompt("Projects with name and deadline; tasks under each"));
  const sections = app.getByRole("navigation", { name: "Sections" });
  await sections.getByRole("button", { name: "Projects" }).click();
  await app.getByRole("button", { name: "New project" }).first().click();
  const project = app.getByRole("dialog", { name: "New project" });
  await expect(project.getByLabel("Deadline")).toHaveAttribute("type", "date");
  await project.getByLabel("Name").fill("Harbour wall");
  await project.getByRole("button", { name: "Create project" }).click();
  await expect(project).toBeHidden();
  await app.getByRole("button", { name: "Harbour wall" }).click();
  for (const title of ["Survey the stones", "Order lime mortar"]) {
    await app.getByRole("button", { name: "New task" }).click();
    const form = app.getByRole("dialog", { name: "New task" });
    await form.getByLabel("Title").fill(title);
    await form.getByRole("button", { name: "Create task" }).click();
    await expect(form).toBeHidden();
  }
  await expect(app.getByRole("heading", { name: /^Tasks/, level: 2 })).toContainText("2");
  // Cascading children never hold the delete.
  await app.getByRole("button", { name: "Delete" }).click();
  const confirm = app.getByRole("dialog", { name: "Delete this project?" });
  await expect(confirm).toContainText(
    "“Harbour wall” and its 2 tasks will be deleted for everyone",
  );
  await toastsGone(page);
  await appToastsGone(app);
  await shot(page, "113-cascade-delete-confirmation");
  await confirm.getByRole("button", { name: "Delete 3 records" }).click();
  await expect(confirm).toBeHidden();
  await sections.getByRole("button", { name: "Tasks" }).click();
  await expect(app.getByText("No tasks yet")).toBeVisible();
});

test("ideas get a ▲ vote button and a rating picked as stars from the keyboard", async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  await onboard(page, "Hedy Lamarr", "Idea lab");
  const app = await build(
    page,
    suitePrompt("Idea board: ideas with title, description and a rating"),
  );
  for (const [title, stars] of [
    ["Solar roof on the shed", 4],
    ["Monthly repair café", 2],
  ] as const) {
    await app.getByRole("button", { name: "New idea" }).first().click();
    const form = app.getByRole("dialog", { name: "New idea" });
    // Votes are counted with ▲, never typed.
    await expect(form.getByLabel("Votes")).toHaveCount(0);
    await form.getByLabel("Title").fill(title);
    await expect(form.getByLabel("Description")).toHaveJSProperty("tagName", "TEXTAREA");
    const rating = form.getByRole("radiogroup", { name: "Rating" });
    await rating.getByRole("radio", { name: "1 star" }).focus();
    for (let i = 1; i < stars; i++) await page.keyboard.press("ArrowRight");
    await expect(rating.getByRole("radio", { name: `${stars} stars` })).toHaveAttribute(
      "aria-checked",
      "true",
    );
    await form.getByRole("button", { name: "Create idea" }).click();
    await expect(form).toBeHidden();
  }
  const row = app.getByRole("row").filter({ hasText: "Solar roof on the shed" });
  await expect(row.getByRole("img", { name: "4 out of 5 stars" })).toBeVisible();
  const vote = row.getByRole("button", { name: /^Votes: \d+\. Add a vote$/ });
  for (let n = 1; n <= 3; n++) {
    await vote.click();
    await expect(row.getByRole("button", { name: `Votes: ${n}. Add a vote` })).toBeEnabled();
  }
  await expect(
    app
      .getByRole("row")
      .filter({ hasText: "Monthly repair café" })
      .getByRole("button", { name: "Votes: 0. Add a vote" }),
  ).toBeVisible();
  await toastsGone(page);
  await appToastsGone(app);
  await shot(page, "114-votes-and-stars");
  // Two people voting on the same count at once: this tab's vote is held on its way to the
  // server until the other tab's vote has landed, so both were counted from 0. The held one is
  // refused (it was read at an older version), reads the other's count and adds to it: 2, not 1.
  const other = await context.newPage();
  await other.goto(page.url());
  const otherApp = other.frameLocator('iframe[title$="preview"]');
  const otherRow = otherApp.getByRole("row").filter({ hasText: "Monthly repair café" });
  const mine = app.getByRole("row").filter({ hasText: "Monthly repair café" });
  await expect(otherRow.getByRole("button", { name: "Votes: 0. Add a vote" })).toBeVisible();
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let sent = () => {};
  const holding = new Promise<void>((resolve) => {
    sent = resolve;
  });
  await page.route("**/trpc/data.update**", async (route) => {
    sent();
    await held;
    await route.continue();
  });
  await mine.getByRole("button", { name: "Votes: 0. Add a vote" }).click();
  await holding;
  await otherRow.getByRole("button", { name: "Votes: 0. Add a vote" }).click();
  await expect(otherRow.getByRole("button", { name: "Votes: 1. Add a vote" })).toBeEnabled();
  release();
  await expect(mine.getByRole("button", { name: "Votes: 2. Add a vote" })).toBeEnabled();
  await expect(otherRow.getByRole("button", { name: "Votes: 2. Add a vote" })).toBeVisible();
  await page.unroute("**/trpc/data.update**");
  await other.close();
  // The record's own page votes too, on the same count.
  await app.getByRole("button", { name: "Solar roof on the shed" }).click();
  await app.getByRole("button", { name: "Votes: 3. Add a vote" }).click();
  await expect(app.getByRole("button", { name: "Votes: 4. Add a vote" })).toBeVisible();
  await expect(app.getByRole("img", { name: "4 out of 5 stars" })).toBeVisible();
});
