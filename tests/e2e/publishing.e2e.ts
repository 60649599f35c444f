import { type Browser, expect, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

const appPage = /\/w\/([0-9a-f-]{36})\/apps\/([0-9a-f-]{36})/;

async function mutate<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/trpc/${path}`, { data: input });
  expect(res.ok(), `${path}: ${res.status()}`).toBe(true);
  return (await res.json()).result.data as T;
}

async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(
    `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(res.ok(), `${path}: ${res.status()}`).toBe(true);
  return (await res.json()).result.data as T;
}

/** A second person joins the workspace through an invite link, in a browser of their own. */
async function join(browser: Browser, owner: Page, workspaceId: string, name: string) {
  const { token } = await mutate<{ token: string }>(owner, "invites.create", {
    workspaceId,
    role: "member",
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/invite/${token}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Your name").press("Enter");
  await page.getByRole("button", { name: /^Join / }).click();
  await expect(page.getByRole("heading", { name: "What should we build?" })).toBeVisible();
  return page;
}

type Status = { current: { id: string } | null };
type Doc = { _id: string; subject?: string };

test("a member builds an app and asks for review; the admin's inbox shows the diff and approves; the team works in published data while the draft moves on; the admin rolls back", async ({
  page: grace,
  browser,
}) => {
  test.setTimeout(300_000);
  await onboard(grace, "Grace Hopper", "Helpdesk");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(grace.url())![1]!;
  const team = await mutate<{ id: string }>(grace, "teams.create", {
    workspaceId,
    name: "Support",
  });
  const alan = await join(browser, grace, workspaceId, "Alan Turing");
  const kat = await join(browser, grace, workspaceId, "Katherine Johnson");
  const members = await query<{ userId: string; displayName: string }[]>(grace, "members.list", {
    workspaceId,
  });
  const katId = members.find((m) => m.displayName === "Katherine Johnson")!.userId;
  await mutate(grace, "teams.addMember", { workspaceId, teamId: team.id, userId: katId });

  // Alan, a member, builds a ticket tracker with the offline builder.
  const prompt = alan.getByLabel("Describe the app you want to build");
  await prompt.fill(
    "Track support tickets with a subject, a description, priority, status and notes",
  );
  await prompt.press("Control+Enter");
  await expect(alan).toHaveURL(appPage);
  const appId = appPage.exec(alan.url())![2]!;
  const chat = alan.getByRole("complementary", { name: "Builder chat" });
  await chat.getByRole("region", { name: "Plan" }).getByRole("button", { name: "Approve" }).click();
  const preview = alan.frameLocator('iframe[title$="preview"]');
  await expect(preview.getByRole("navigation", { name: "Sections" })).toBeVisible({
    timeout: 90_000,
  });
  await expect(chat.getByText(/is built and running in the preview/)).toBeVisible({
    timeout: 30_000,
  });

  // He asks for a review: the dialog says what would go live, and who gets it.
  await alan.getByRole("button", { name: "Publish" }).click();
  const dialog = alan.getByRole("dialog", { name: "Publish this app" });
  await expect(dialog.getByText("Not published yet.")).toBeVisible();
  await expect(dialog.getByText("Files in the first published version")).toBeVisible();
  await expect(dialog.getByText("src/App.tsx")).toBeVisible();
  await dialog.getByLabel("General").uncheck();
  await dialog.getByLabel("Support").check();
  await dialog.getByLabel("Note for the reviewer (optional)").fill("Ready for the support team.");
  await expect(dialog.getByRole("button", { name: "Request review" })).toBeEnabled();
  await shot(alan, "publishing-01-request-review-dialog");
  await dialog.getByRole("button", { name: "Request review" }).click();
  await expect(dialog).toBeHidden();
  await expect(alan.getByRole("button", { name: "In review" })).toBeVisible();

  // Grace's sidebar counts the request live; the inbox shows the change summary.
  const reviews = grace.getByRole("link", { name: /^Reviews/ });
  await expect(reviews).toContainText("1");
  await toastsGone(grace);
  await shot(grace, "publishing-02-sidebar-review-count");
  await reviews.click();
  const detail = grace.getByRole("article");
  await expect(detail.getByText(/Alan Turing asked on .* to publish to Support/)).toBeVisible();
  await expect(detail.getByText("“Ready for the support team.”")).toBeVisible();
  await detail.getByRole("button", { name: /src\/App\.tsx/ }).click();
  await expect(detail.locator("pre").first()).toContainText("+");
  await shot(grace, "publishing-03-inbox-diff");
  await detail.getByRole("button", { name: "Approve and publish" }).click();
  await expect(grace.getByText("Published as version 1")).toBeVisible();
  await expect(reviews).not.toContainText("1");
  await expect(detail.getByText(/approved it as version 1/)).toBeVisible();

  // Alan's chat and Publish button say so at once, and after a reload.
  await expect(chat.getByText("Published as version 1")).toBeVisible();
  await expect(alan.getByRole("button", { name: "Publish" })).toBeVisible();
  await alan.reload();
  await expect(chat.getByText("Published as version 1")).toBeVisible();
  await expect(alan.getByRole("button", { name: "Publish" })).toBeVisible();

  // Katherine, on the Support team, opens the published app and adds a ticket to its data.
  await kat.goto(`/w/${workspaceId}/apps/${appId}`);
  // She is a viewer: the published version only, no builder, draft or publishing controls.
  await expect(kat.getByText("Published", { exact: true })).toBeVisible();
  await expect(kat.getByRole("complementary", { name: "Builder chat" })).toHaveCount(0);
  await expect(kat.getByRole("button", { name: "Publish" })).toHaveCount(0);
  await expect(kat.getByRole("radio", { name: "Draft" })).toHaveCount(0);
  const live = kat.frameLocator('iframe[title$="preview"]');
  await live
    .getByRole("navigation", { name: "Sections" })
    .getByRole("button", { name: "Support tickets" })
    .click();
  await live.getByRole("button", { name: "New support ticket" }).first().click();
  const form = live.getByRole("dialog", { name: "New support ticket" });
  await form.getByLabel("Subject").fill("The printer on floor 3 is jammed");
  await form.getByRole("button", { name: "Create support ticket" }).click();
  await expect(form).toBeHidden();
  await expect(
    live.getByRole("button", { name: "The printer on floor 3 is jammed" }),
  ).toBeVisible();
  await expect(live.getByRole("button", { name: "Dismiss" })).toHaveCount(0, { timeout: 10_000 });
  await toastsGone(kat);
  await shot(kat, "publishing-04-team-member-published-data");
  const at = (scope: string) => ({ workspaceId, appId, scope, collection: "support_tickets" });
  const published = await query<{ documents: Doc[] }>(alan, "data.list", at("published"));
  expect(published.documents.map((d) => d.subject)).toEqual(["The printer on floor 3 is jammed"]);
  const draft = await query<{ documents: Doc[] }>(alan, "data.list", at("draft"));
  expect(draft.documents).toEqual([]);

  // Alan changes the draft; the published app keeps version 1's build.
  const v1Build = (
    await query<Status>(kat, "builds.status", { workspaceId, appId, scope: "published" })
  ).current!.id;
  await chat.getByLabel("Message the builder").fill("Add a due date to support tickets");
  await chat.getByRole("button", { name: "Send" }).click();
  await chat
    .getByRole("region", { name: "Plan" })
    .last()
    .getByRole("button", { name: "Approve" })
    .click();
  await expect
    .poll(
      async () => (await query<Status>(alan, "builds.status", { workspaceId, appId })).current?.id,
      { timeout: 90_000 },
    )
    .not.toBe(v1Build);
  expect(
    (await query<Status>(kat, "builds.status", { workspaceId, appId, scope: "published" })).current
      ?.id,
  ).toBe(v1Build);
  await kat.reload();
  await expect(
    kat.frameLocator('iframe[title$="preview"]').getByRole("navigation", { name: "Sections" }),
  ).toBeVisible();

  // Grace publishes the new draft directly, then rolls back to version 1.
  await grace.goto(`/w/${workspaceId}/apps/${appId}`);
  await grace.getByRole("button", { name: "Publish" }).click();
  const direct = grace.getByRole("dialog", { name: "Publish this app" });
  await expect(direct.getByText(/Live: version 1/)).toBeVisible();
  await expect(direct.getByText(/Files changed since version 1/)).toBeVisible();
  await expect(direct.getByLabel("Support")).toBeChecked();
  await shot(grace, "publishing-05-admin-publish-dialog");
  await direct.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(direct).toBeHidden();
  await toastsGone(grace);

  // Katherine, with version 1 open, is told of version 2 when she comes back to the tab (or
  // within 30 s); her app is not swapped under her until she opens the new version.
  const v2Build = (
    await query<Status>(kat, "builds.status", { workspaceId, appId, scope: "published" })
  ).current!.id;
  expect(v2Build).not.toBe(v1Build);
  const frame = kat.locator('iframe[title$="preview"]');
  await expect(frame).toHaveAttribute("src", new RegExp(v1Build));
  await kat.evaluate(() =>
    document.dispatchEvent(new Event("visibilitychange", { bubbles: true })),
  );
  const notice = kat
    .getByRole("status")
    .filter({ hasText: "A new version of this app was published." });
  await expect(notice).toBeVisible();
  await expect(frame).toHaveAttribute("src", new RegExp(v1Build));
  await shot(kat, "publishing-08-new-version-notice");
  await notice.getByRole("button", { name: "Open it" }).click();
  await expect(notice).toBeHidden();
  await expect(frame).toHaveAttribute("src", new RegExp(v2Build));
  await expect(
    kat.frameLocator('iframe[title$="preview"]').getByRole("navigation", { name: "Sections" }),
  ).toBeVisible();

  await grace.getByRole("button", { name: "Versions" }).click();
  const versions = grace.getByRole("list", { name: "Published versions" });
  await expect(versions.getByRole("listitem")).toHaveCount(2);
  await versions.getByRole("listitem").nth(1).getByRole("button", { name: "Roll back" }).click();
  const confirm = grace.getByRole("alertdialog", { name: "Roll back to version 1?" });
  await shot(grace, "publishing-06-rollback-confirm");
  await confirm.getByRole("button", { name: "Roll back" }).click();
  await expect(versions.getByRole("listitem")).toHaveCount(3);
  await expect(versions.getByRole("listitem").first()).toContainText("Restores version 1");
  await expect(versions.getByRole("listitem").first()).toContainText("Live");
  await toastsGone(grace);
  await shot(grace, "publishing-07-versions-after-rollback");
  expect(
    (await query<Status>(kat, "builds.status", { workspaceId, appId, scope: "published" })).current
      ?.id,
  ).toBe(v1Build);
});
