// Shared steps for the end-to-end tests. Playwright only runs *.e2e.ts files, so this is no test.
import { fileURLToPath } from "node:url";
import { expect, type FrameLocator, type Page } from "@playwright/test";

// Finite CSS animations (the sheet sliding in) are fast-forwarded to their end state.
export const shot = (page: Page, name: string) =>
  page.screenshot({
    path: fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url)),
    animations: "disabled",
  });

/** Toasts leave on their own after a few seconds; wait so screenshots show the page itself. */
export const toastsGone = (page: Page) =>
  expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 10_000 });

/** A new person names themselves and creates a workspace, landing on its home page. */
export async function onboard(page: Page, name: string, workspace: string) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/onboarding$/);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Your name").press("Enter");
  await page.getByLabel("Workspace name").fill(workspace);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("heading", { name: "What should we build?" })).toBeVisible();
}

/** Builds an app from a prompt in the real UI (plan approved) and returns its preview. */
export async function buildFromPrompt(
  page: Page,
  prompt: string,
  timeout = 90_000,
): Promise<FrameLocator> {
  const box = page.getByLabel("Describe the app you want to build");
  await box.fill(prompt);
  await box.press("Control+Enter");
  const chat = page.getByRole("complementary", { name: "Builder chat" });
  await chat.getByRole("region", { name: "Plan" }).getByRole("button", { name: "Approve" }).click();
  const app = page.frameLocator('iframe[title$="preview"]');
  await expect(app.getByRole("navigation", { name: "Sections" })).toBeVisible({ timeout });
  return app;
}
