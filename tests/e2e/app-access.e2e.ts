import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

async function trpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/trpc/${path}`, { data: input });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()).result.data as T;
}

async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(
    `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()).result.data as T;
}

test("the creator shares an app with a collaborator; a team member sees only the published app", async ({
  page,
  browser,
}) => {
  await onboard(page, "Olga Owner", "Access Co");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const team = await trpc<{ id: string }>(page, "teams.create", {
    workspaceId,
    name: "Field crew",
  });
  const app = await trpc<{ id: string }>(page, "apps.create", {
    workspaceId,
    name: "Equipment requests",
  });
  const source = fileURLToPath(new URL("./fixtures/access-app", import.meta.url));
  execFileSync("node_modules/.bin/bun", ["tests/e2e/seed-build.ts", workspaceId, app.id, source], {
    stdio: "pipe",
  });
  await trpc(page, "data.insert", {
    workspaceId,
    appId: app.id,
    scope: "published",
    collection: "requests",
    data: { title: "Ladder for the east site" },
  });
  await trpc(page, "data.insert", {
    workspaceId,
    appId: app.id,
    scope: "draft",
    collection: "requests",
    data: { title: "Draft-only test row" },
  });
  await trpc(page, "members.addSamples", { workspaceId, count: 3 });
  const { token } = await trpc<{ token: string }>(page, "invites.create", {
    workspaceId,
    role: "member",
    teamId: team.id,
  });

  // A team member joins through the invite; the draft app is not theirs to see yet.
  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(`/invite/${token}`);
  await guest.getByLabel("Your name").fill("Tess Team");
  await guest.getByLabel("Your name").press("Enter");
  await guest.getByRole("button", { name: "Join Access Co" }).click();
  await expect(guest.getByRole("heading", { name: "What should we build?" })).toBeVisible();
  await guest.goto(`/w/${workspaceId}/apps/${app.id}`);
  await expect(guest.getByRole("heading", { name: "App not found" })).toBeVisible();

  // The owner's view: the builder, the views, the data switch and Share.
  await trpc(page, "publishing.publish", { workspaceId, appId: app.id, teamIds: [team.id] });
  await page.goto(`/w/${workspaceId}/apps/${app.id}`);
  await expect(page.getByRole("button", { name: "Share" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Files" })).toBeVisible();
  await expect(
    page.frameLocator('iframe[title="Equipment requests preview"]').getByRole("heading", {
      name: "Equipment requests",
    }),
  ).toBeVisible();
  await toastsGone(page);
  await shot(page, "92-app-access-owner-view");

  // Share: add a collaborator from the members combobox, keyboard only.
  await page.getByRole("button", { name: "Share" }).click();
  const dialog = page.getByRole("dialog", { name: "Share “Equipment requests”" });
  await expect(dialog.getByText("No collaborators yet.")).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Teams the app is published to" })).toContainText(
    "Field crew",
  );
  const members = await query<{ displayName: string; role: string }[]>(page, "members.list", {
    workspaceId,
  });
  const firstName = members.find(
    (m) => m.role === "member" && m.displayName !== "Tess Team",
  )!.displayName;
  const picker = dialog.getByRole("combobox", { name: "Add a collaborator" });
  await picker.click();
  await picker.fill(firstName);
  await expect(dialog.getByRole("option", { name: new RegExp(firstName) })).toBeVisible();
  await picker.press("Enter");
  await expect(dialog.getByText("Collaborator · added by Olga Owner")).toBeVisible();
  await picker.fill("zzz-nobody");
  await expect(dialog.getByText("No member by that name.")).toBeVisible();
  await picker.press("Escape");
  await expect(dialog).toBeVisible();
  await toastsGone(page);
  await shot(page, "93-app-access-share-dialog");
  await dialog.getByRole("button", { name: new RegExp(`^Remove ${firstName}`) }).click();
  await expect(dialog.getByText("No collaborators yet.")).toBeVisible();
  await page.keyboard.press("Escape");

  // The team member's view: the published app alone, on published data.
  await guest.goto(`/w/${workspaceId}/apps/${app.id}`);
  await expect(guest.locator("header").getByText("Published", { exact: true })).toBeVisible();
  const frame = guest.frameLocator('iframe[title="Equipment requests preview"]');
  await expect(frame.getByText("Ladder for the east site")).toBeVisible();
  await expect(frame.getByText("Draft-only test row")).toHaveCount(0);
  await frame.getByLabel("What do you need?").fill("Hard hats ×4");
  await frame.getByRole("button", { name: "Request" }).click();
  await expect(frame.getByText("Hard hats ×4")).toBeVisible();
  for (const hidden of ["Share", "Show chat", "Hide chat"])
    await expect(guest.getByRole("button", { name: hidden })).toHaveCount(0);
  for (const tab of ["Files", "Agents"])
    await expect(guest.getByRole("tab", { name: tab })).toHaveCount(0);
  await expect(guest.getByLabel("Data scope")).toHaveCount(0);
  await toastsGone(guest);
  await shot(guest, "94-app-access-viewer-view");

  // The home page lists it for them, marked as published to them.
  await guest.goto(`/w/${workspaceId}`);
  const row = guest.getByRole("list", { name: "Apps" }).getByRole("listitem");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Equipment requests");
  await expect(row).toContainText("Published");
  await guestContext.close();
});
