import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

const appPage = /\/w\/([0-9a-f-]{36})\/apps\/([0-9a-f-]{36})/;

async function trpc<T>(page: Page, path: string, input: unknown, mutation = false): Promise<T> {
  const res = mutation
    ? await page.request.post(`/trpc/${path}`, { data: input })
    : await page.request.get(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(res.ok()).toBe(true);
  return (await res.json()).result.data as T;
}

test("a prompt becomes a working app in the preview; a record added there shows live in another tab and in the data explorer", async ({
  page,
  context,
}) => {
  await onboard(page, "Margaret Hamilton", "Support");
  const prompt = page.getByLabel("Describe the app you want to build");
  await prompt.fill("Track tickets with subject, requester email, priority and status");
  await prompt.press("Control+Enter");
  await expect(page).toHaveURL(appPage);

  const chat = page.getByRole("complementary", { name: "Builder chat" });
  const plan = chat.getByRole("region", { name: "Plan" });
  await expect(plan.getByRole("heading")).toHaveText("Build a support desk");
  await expect(plan.getByRole("listitem").first()).toContainText(
    "Tickets: subject, requester email, priority",
  );
  await expect(page.getByText("Your app will appear here")).toBeVisible();
  await plan.getByRole("button", { name: "Approve" }).click();

  // The builder writes the files, builds, and the preview shows the app.
  const app = page.frameLocator('iframe[title$="preview"]');
  await expect(app.getByRole("navigation", { name: "Sections" })).toBeVisible({ timeout: 30_000 });
  await expect(chat.getByText(/is built and running in the preview/)).toBeVisible();
  await expect(page.getByText(/^Built just now · \d/)).toBeVisible();
  await toastsGone(page);
  await shot(page, "20-preview-built");

  await app
    .getByRole("navigation", { name: "Sections" })
    .getByRole("button", { name: "Tickets" })
    .click();
  await expect(app.getByRole("heading", { name: "Tickets", level: 1 })).toBeVisible();
  // Opened from the keyboard, the form starts at its first field; Escape gives focus back.
  const newTicket = app.getByRole("button", { name: "New ticket" }).first();
  await newTicket.focus();
  await page.keyboard.press("Enter");
  const form = app.getByRole("dialog", { name: "New ticket" });
  await expect(form.getByLabel("Subject")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(form).toBeHidden();
  await expect(newTicket).toBeFocused();
  await newTicket.click();
  // Validation: required fields are named before anything is saved.
  await form.getByRole("button", { name: "Create ticket" }).click();
  await expect(form.getByLabel("Subject")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Subject").fill("Printer on fire");
  await form.getByLabel("Requester email").fill("not-an-email");
  await form.getByRole("button", { name: "Create ticket" }).click();
  await expect(form.getByLabel("Requester email")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Requester email").fill("grace@example.com");
  await form.getByLabel("Priority").selectOption("Urgent");
  await shot(page, "21-preview-form");
  await form.getByRole("button", { name: "Create ticket" }).click();
  await expect(form).toBeHidden();
  await expect(app.getByRole("cell", { name: "Printer on fire" })).toBeVisible();

  // A second tab on the same app sees it, and then sees the next one arrive live.
  const other = await context.newPage();
  await other.goto(page.url());
  const otherApp = other.frameLocator('iframe[title$="preview"]');
  await otherApp
    .getByRole("navigation", { name: "Sections" })
    .getByRole("button", { name: "Tickets" })
    .click();
  await expect(otherApp.getByRole("cell", { name: "Printer on fire" })).toBeVisible();
  await app.getByRole("button", { name: "New ticket" }).first().click();
  await form.getByLabel("Subject").fill("Coffee machine leaks");
  await form.getByLabel("Requester email").fill("ada@example.com");
  await form.getByRole("button", { name: "Create ticket" }).click();
  await expect(otherApp.getByRole("cell", { name: "Coffee machine leaks" })).toBeVisible();
  await shot(other, "22-preview-second-tab");
  await other.close();

  // The data explorer shows the same records in the draft scope.
  await page.getByRole("tab", { name: "Data" }).click();
  await expect(page.getByText("Printer on fire")).toBeVisible();
  await expect(page.getByText("Coffee machine leaks")).toBeVisible();

  // The Files tab shows the saved source, without loading it for the list.
  await page.getByRole("tab", { name: "Files" }).click();
  await expect(page.getByRole("treeitem", { name: /TicketsPage\.tsx/ })).toBeVisible();
  await expect(page.getByText("export default function App")).toBeVisible();
  await shot(page, "23-files-tab");

  await page.getByRole("tab", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Account: Margaret Hamilton" }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(app.locator("html")).toHaveClass(/dark/);
  await toastsGone(page);
  await shot(page, "24-preview-dark");
});

test("a preview cannot reach the network, storage, the page around it or another app's data", async ({
  page,
}) => {
  await onboard(page, "Mallory Builder", "Sandbox");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const other = await trpc<{ id: string }>(
    page,
    "apps.create",
    { workspaceId, name: "Other app" },
    true,
  );
  const hostile = await trpc<{ id: string }>(
    page,
    "apps.create",
    { workspaceId, name: "Escape artist" },
    true,
  );
  const source = fileURLToPath(new URL("./fixtures/hostile-app", import.meta.url));
  execFileSync(
    "node_modules/.bin/bun",
    ["tests/e2e/seed-build.ts", workspaceId, hostile.id, source],
    {
      stdio: "pipe",
    },
  );

  await page.goto(`/w/${workspaceId}/apps/${hostile.id}`);
  const frame = page.locator('iframe[title$="preview"]');
  await expect(frame).toHaveAttribute("sandbox", "allow-scripts allow-forms");
  const app = page.frameLocator('iframe[title$="preview"]');
  const results = app.locator("#results");
  await expect(results).toContainText('"spoof":"rejected"');
  await expect(results).toContainText('"fetch":"blocked"');
  const seen = JSON.parse((await results.textContent()) ?? "{}");
  expect(seen).toMatchObject({
    fetch: "blocked",
    storage: "blocked",
    cookie: "blocked",
    "parent-dom": "blocked",
    spoof: "rejected",
  });
  // Whatever the navigation attempt reported, the page around it stayed where it was.
  await expect(page).toHaveURL(new RegExp(`/apps/${hostile.id}$`));
  await expect(page.getByRole("heading", { name: "Escape artist", level: 1 })).toBeVisible();

  // The preview's own response carries the sandbox in its CSP, whoever opens it.
  const status = await trpc<{ current: { previewUrl: string } }>(page, "builds.status", {
    workspaceId,
    appId: hostile.id,
  });
  const res = await page.request.get(status.current.previewUrl);
  expect(res.headers()["content-security-policy"]).toContain("sandbox allow-scripts allow-forms");
  expect(res.headers()["content-security-policy"]).toContain("connect-src 'none'");

  for (const [appId, scope] of [
    [hostile.id, "published"],
    [other.id, "draft"],
    [other.id, "published"],
  ] as const) {
    const collections = await trpc<{ name: string }[]>(page, "data.collections", {
      workspaceId,
      appId,
      scope,
    });
    expect(collections.map((c) => c.name)).not.toContain("stolen");
  }
  await shot(page, "25-hostile-preview");
});
