import { expect, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

const appPage = /\/w\/([0-9a-f-]{36})\/apps\/([0-9a-f-]{36})/;

test("a prompt that asks for an agent: plan and agents approved in the chat, the app's button runs the agent, and the ticket it changed updates live in the preview", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await onboard(page, "Katherine Johnson", "Support");
  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill(
    "Track support tickets with a subject, a description, priority, status, notes and the customer's email; an agent should triage new tickets",
  );
  await prompt.press("Control+Enter");
  await expect(page).toHaveURL(appPage);

  const chat = page.getByRole("complementary", { name: "Builder chat" });
  await chat.getByRole("region", { name: "Plan" }).getByRole("button", { name: "Approve" }).click();

  // The app is built and shown; the builder then asks for its agents to be approved.
  const app = page.frameLocator('iframe[title$="preview"]');
  await expect(app.getByRole("navigation", { name: "Sections" })).toBeVisible({ timeout: 60_000 });
  const card = chat.getByRole("region", { name: "Agents for approval" });
  await expect(card.getByRole("button", { name: "Approve" })).toBeVisible({ timeout: 30_000 });

  // A ticket to work on, added in the app as a person would.
  await app
    .getByRole("navigation", { name: "Sections" })
    .getByRole("button", { name: "Support tickets" })
    .click();
  await app.getByRole("button", { name: "New support ticket" }).first().click();
  const form = app.getByRole("dialog", { name: "New support ticket" });
  await form.getByLabel("Subject").fill("The invoice page shows a blank screen");
  await form.getByLabel("Description").fill("Since this morning nobody can open an invoice.");
  await form.getByLabel(/email/i).fill("grace@example.com");
  await form.getByRole("button", { name: "Create support ticket" }).click();
  await expect(form).toBeHidden();
  await app.getByRole("button", { name: "The invoice page shows a blank screen" }).click();
  await expect(
    app.getByRole("heading", { name: "The invoice page shows a blank screen", level: 1 }),
  ).toBeVisible();
  const notes = app.locator("dt", { hasText: /^Notes$/ }).locator("xpath=following-sibling::dd[1]");
  await expect(notes).toHaveText("—");

  // Before approval the platform refuses the run, and the app says why.
  const run = app.getByRole("button", { name: "Triage assistant" });
  // The button names the live region that tells how its run goes.
  const status = app.locator(`[id="${await run.getAttribute("aria-describedby")}"]`);
  await run.click();
  await expect(status).toContainText("not approved");
  await app.getByRole("heading", { name: "Agents", level: 2 }).scrollIntoViewIfNeeded();
  // The app's own "saved" toast leaves after a few seconds: screenshots show the page itself.
  await expect(app.getByRole("button", { name: "Dismiss" })).toHaveCount(0, { timeout: 10_000 });
  await toastsGone(page);
  await shot(page, "70-agent-refused-until-approved");

  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card.getByTestId("agents-card-outcome")).toHaveText("Approved live");

  // From the keyboard: the button starts a run, which streams its state into the app.
  await run.focus();
  await page.keyboard.press("Enter");
  await expect(run).toHaveAttribute("aria-disabled", "true");
  await expect(status).toContainText(/Queued|working/);
  await shot(page, "71-agent-running");

  // The agent reads the ticket, writes its note, and ends with what it did.
  await expect(status).toContainText(/Updated (the|1) record in support_tickets/, {
    timeout: 30_000,
  });
  await expect(run).toHaveAttribute("aria-disabled", "false");
  await expect(notes).not.toHaveText("—");
  await toastsGone(page);
  await shot(page, "72-agent-done-record-updated");

  // The platform's Agent Runs drawer holds the run, replayed step by step.
  await page.getByRole("button", { name: "Agent runs" }).click();
  const drawer = page.getByRole("dialog", { name: "Agent runs" });
  await expect(drawer.getByTestId("agent-run-row")).toHaveCount(1);
  await expect(drawer.getByTestId("agent-run-row")).toContainText("Run by hand");
  await drawer.getByTestId("agent-run-row").click();
  const viewer = drawer.getByTestId("agent-run-viewer");
  await expect(viewer.getByRole("heading", { name: "Triage assistant" })).toBeVisible();
  await expect(viewer.getByTestId("run-status")).toHaveText("Completed");
  await expect(viewer.getByTestId("agent-run-text").first()).toBeVisible();
  await toastsGone(page);
  await shot(page, "73-agent-run-in-drawer");
});
