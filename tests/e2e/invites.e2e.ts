import { expect, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

test("an admin creates an invite link; a new person opens it in another browser, signs in by name and joins as a member", async ({
  page,
  browser,
}) => {
  await onboard(page, "Grace Hopper", "Compilers Inc");
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  await expect(page.getByText("No active invite links.")).toBeVisible();
  await page.getByRole("button", { name: "Invite people" }).click();
  await page.getByRole("button", { name: "Create link" }).click();
  const linkField = page.getByTestId("invite-link");
  await expect(linkField).toHaveValue(/\/invite\/[A-Za-z0-9_-]{54}$/);
  const link = await linkField.inputValue();
  await shot(page, "invites-01-link-created");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("list", { name: "Active invite links" })).toContainText("0/1 used");

  const other = await browser.newContext();
  const guest = await other.newPage();
  await guest.goto(link);
  await expect(guest.getByRole("heading", { name: "Join Compilers Inc" })).toBeVisible();
  await expect(guest.getByText(/as Member/)).toBeVisible();
  await shot(guest, "invites-02-invitation");
  await guest.getByLabel("Your name").fill("Alan Turing");
  await guest.getByLabel("Your name").press("Enter");
  await guest.getByRole("button", { name: "Join Compilers Inc" }).click();
  await expect(guest.getByRole("heading", { name: "What should we build?" })).toBeVisible();
  await shot(guest, "invites-03-joined");

  // The link was single use: opening it again in a third browser says so and changes nothing.
  const third = await browser.newContext();
  const late = await third.newPage();
  await late.goto(link);
  await expect(late.getByTestId("invite-problem")).toHaveAttribute("data-reason", "used_up");
  await expect(late.getByText(/Ask an admin of the workspace for a new link/)).toBeVisible();
  await shot(late, "invites-04-used-up");
  await third.close();
  await other.close();

  await page.reload();
  await expect(page.getByText("Alan Turing").first()).toBeVisible();
  await expect(page.getByText("No active invite links.")).toBeVisible();
  await toastsGone(page);
  await shot(page, "invites-05-member-listed");
});
