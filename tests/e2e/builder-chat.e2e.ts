import { expect, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

test("a prompt becomes an app whose builder plans, waits for approval, survives a reload and completes", async ({
  page,
}) => {
  await onboard(page, "Grace Hopper", "Compilers");

  // The composer: a suggestion fills the prompt; Claude is listed but needs a key.
  await page
    .getByRole("button", { name: "A customer feedback tracker with tags and owners" })
    .click();
  await expect(page.getByLabel("Describe the app you want to build")).toHaveValue(
    "A customer feedback tracker with tags and owners",
  );
  await expect(page.getByRole("combobox", { name: "Model" })).toHaveText(/Offline builder/);
  await page.getByRole("combobox", { name: "Model" }).click();
  const claude = page.getByRole("option", { name: /Claude Sonnet 5.5/ });
  await expect(claude).toHaveAttribute("aria-disabled", "true");
  await expect(claude).toContainText("Set ANTHROPIC_API_KEY");
  const local = page.getByRole("option", { name: /Local model/ });
  await expect(local).toHaveAttribute("aria-disabled", "true");
  await expect(local).toContainText("Set OPENAI_COMPATIBLE_BASE_URL");
  await page.keyboard.press("Escape");
  // The model list must be gone, and its focus back on the Model button, before the shortcut:
  // a late return of focus would take the key, and Enter on that button opens the list again.
  await expect(page.getByRole("listbox")).toBeHidden();
  await expect(page.getByRole("combobox", { name: "Model" })).toBeFocused();
  const box = page.getByLabel("Describe the app you want to build");
  await box.focus();
  await expect(box).toBeFocused();
  await box.press("Control+Enter");

  await expect(page).toHaveURL(/\/apps\/[0-9a-f-]{36}$/);
  await expect(
    page.getByRole("heading", { name: "Customer feedback tracker", level: 1 }),
  ).toBeVisible();
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  const plan = chat.getByRole("region", { name: "Plan" });
  await expect(plan).toBeVisible();
  await expect(plan.getByRole("heading")).toHaveText("Build a customer feedback tracker");
  await expect(plan.getByRole("listitem").last()).toContainText(
    "Type-check, build and open the preview",
  );
  await expect(chat.getByTestId("user-message")).toHaveText(
    "A customer feedback tracker with tags and owners",
  );
  // The composer waits for the card, and the card has the keyboard: Approve is focused.
  await expect(plan.getByRole("button", { name: "Approve" })).toBeFocused();
  await expect(chat.getByLabel("Message the builder")).toBeDisabled();
  await expect(chat.getByPlaceholder("Answer the card above to continue.")).toBeVisible();
  await toastsGone(page);
  await shot(page, "12-builder-plan-card");

  // A reload replays the run once: one prompt, one card.
  await page.reload();
  await expect(plan.getByRole("button", { name: "Approve" })).toBeVisible();
  await expect(chat.getByRole("region", { name: "Plan" })).toHaveCount(1);
  await expect(chat.getByTestId("user-message")).toHaveCount(1);

  await expect(plan.getByRole("button", { name: "Approve" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(chat.getByText("Approved. Go ahead.")).toBeVisible();
  await expect(chat.getByText(/^Plan approved\. Writing the app now\./)).toBeVisible();
  await expect(plan.getByText("Approved", { exact: true })).toBeVisible();
  await expect(plan.getByRole("button", { name: "Approve" })).toHaveCount(0);
  // The answered card keeps the keyboard where it was, not on the page.
  await expect(plan).toBeFocused();
  await expect(chat.getByText("Built in", { exact: false })).toBeVisible({ timeout: 30_000 });
  await expect(chat.getByText(/is built and running in the preview/)).toBeVisible();
  // A run that built successfully offers no "Try again".
  await expect(chat.getByRole("button", { name: "Try again" })).toHaveCount(0);
  await expect(chat.getByLabel("Message the builder")).toBeEnabled();
  await shot(page, "13-builder-completed");

  // Usage: one builder run on the offline model, at no cost.
  await page.getByRole("button", { name: "Usage and cost" }).click();
  const usage = page.getByRole("dialog", { name: "Usage" });
  await expect(usage.getByText("Offline builder")).toBeVisible();
  await expect(usage.getByText("Builder · 1 run")).toBeVisible();
  // The offline builder runs no model: no token counts, no cost, no total to add up.
  await expect(usage.getByText("No model used · no cost")).toBeVisible();
  await expect(usage.getByText("Total")).toHaveCount(0);
  await expect(usage.getByText(/\$\d/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Usage and cost" })).toHaveText("No cost");
  await page.keyboard.press("Escape");

  // The same prompt again from the chat, answered with a change request this time.
  await chat
    .getByLabel("Message the builder")
    .fill("A customer feedback tracker with tags and owners");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(plan.last().getByRole("button", { name: "Approve" })).toBeVisible();
  await plan.getByRole("button", { name: "Request changes" }).click();
  await plan.getByLabel("What should change?").fill("Add a priority to each piece of feedback.");
  await plan.getByRole("button", { name: "Send feedback" }).click();
  await expect(
    chat.getByText("Changes requested: Add a priority to each piece of feedback."),
  ).toBeVisible();
  // The builder answers with a revised plan that carries the feedback; approving it finishes.
  const revised = plan.last();
  await expect(revised.getByRole("listitem").first()).toContainText(
    'Apply your change: "Add a priority to each piece of feedback."',
  );
  await expect(revised.getByRole("listitem").nth(1)).toContainText("priority (Low → Urgent)");
  await revised.getByRole("button", { name: "Approve" }).click();
  await expect(chat.getByText(/is built and running in the preview/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(chat.getByRole("button", { name: "Try again" })).toHaveCount(0);

  // A new message from the chat's own composer, stopped while its plan waits.
  await chat.getByLabel("Message the builder").fill("Build a weekly digest of new feedback");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(plan.last().getByRole("listitem").first()).toContainText(
    'Apply your change: "Build a weekly digest of new feedback"',
  );
  await chat.getByRole("button", { name: "Stop" }).click();
  await expect(chat.getByText("The builder stopped before finishing.")).toBeVisible();
  await expect(plan.getByRole("button", { name: "Approve" })).toHaveCount(0);

  // A stopped run offers "Try again": a new run with the same prompt, stopped again.
  await chat.getByRole("button", { name: "Try again" }).click();
  await expect(plan.last().getByRole("button", { name: "Approve" })).toBeVisible();
  await expect(plan.last().getByRole("listitem").first()).toContainText(
    'Apply your change: "Build a weekly digest of new feedback"',
  );
  await chat.getByRole("button", { name: "Stop" }).click();
  await expect(chat.getByText("The builder stopped before finishing.")).toBeVisible();

  // Edit puts the prompt back in the composer.
  await chat.getByTestId("user-message").hover();
  await chat.getByRole("button", { name: "Edit message" }).click();
  await expect(chat.getByLabel("Message the builder")).toHaveValue(
    "Build a weekly digest of new feedback",
  );

  // The chat hides and comes back.
  await chat.getByRole("button", { name: "Hide chat" }).click();
  await expect(chat).toBeHidden();
  await page.getByRole("button", { name: "Show chat" }).click();
  await expect(chat).toBeVisible();
  await expect(chat.getByLabel("Message the builder")).toHaveValue(
    "Build a weekly digest of new feedback",
  );

  await page.getByRole("button", { name: "Account: Grace Hopper" }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await toastsGone(page);
  await shot(page, "14-builder-chat-dark");
  await page.getByRole("button", { name: "Usage and cost" }).click();
  await expect(usage.getByText("Builder · 4 runs")).toBeVisible();
  await shot(page, "15-builder-usage-dark");
});

test("a prompt with a long unbroken word (a pasted link) wraps inside its chat bubble", async ({
  page,
}) => {
  await onboard(page, "Barbara Liskov", "Abstractions");
  const link = `https://files.example.com/${"spec-".repeat(40)}end`;
  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill(`Track the parts listed at ${link} with a name and a count`);
  await prompt.press("Control+Enter");
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  const bubble = chat.getByTestId("user-message");
  await expect(bubble).toContainText(link);
  const fits = await bubble.evaluate((el) => {
    const panel = el.closest("aside")!.getBoundingClientRect();
    return el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= panel.right;
  });
  expect(fits).toBe(true);
});
