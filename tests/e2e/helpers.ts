// Shared steps for the end-to-end tests. Playwright only runs *.e2e.ts files, so this is no test.
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";

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
