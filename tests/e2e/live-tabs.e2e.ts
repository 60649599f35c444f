import { expect, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

/** Event streams (SSE) a page has open now: started and neither finished nor failed. */
function countStreams(page: Page) {
  const open = new Set<unknown>();
  let opened = 0;
  page.on("request", (r) => {
    if (!r.headers().accept?.includes("text/event-stream")) return;
    open.add(r);
    opened++;
  });
  page.on("requestfinished", (r) => open.delete(r));
  page.on("requestfailed", (r) => open.delete(r));
  return {
    get open() {
      return open.size;
    },
    get opened() {
      return opened;
    },
  };
}

test("four tabs of one app stay live on one connection each", async ({ context }) => {
  const first = await context.newPage();
  const streams = [countStreams(first)];
  await onboard(first, "Ada Lovelace", "Analytical Engines");
  await first.getByRole("button", { name: "New app" }).click();
  const dialog = first.getByRole("dialog", { name: "New app" });
  await dialog.getByLabel("Name").fill("Field notes");
  await dialog.getByRole("button", { name: "Create app" }).click();
  await expect(first).toHaveURL(/\/apps\/[0-9a-f-]{36}$/);
  // A builder run waiting for approval: every tab's chat follows its events too.
  const chat = (page: Page) => page.getByRole("complementary", { name: "Builder chat" });
  await chat(first).getByLabel("Message the builder").fill("Notes from site visits");
  await chat(first).getByRole("button", { name: "Send" }).click();
  await expect(chat(first).getByRole("button", { name: "Approve" })).toBeVisible();
  // The sample Notes app on the SDK: it watches its collection through the bridge.
  const url = `${first.url()}?preview=demo`;
  await first.goto(url);

  const pages = [first];
  for (let i = 1; i < 4; i++) {
    const page = await context.newPage();
    streams.push(countStreams(page));
    await page.goto(url);
    pages.push(page);
  }
  const apps = pages.map((p) => p.frameLocator('iframe[title="Field notes preview"]'));
  for (const app of apps) await expect(app.getByText("No notes yet")).toBeVisible();
  for (const page of pages) {
    await expect(chat(page).getByRole("button", { name: "Approve" })).toBeVisible();
  }

  // Each tab's app, its chat (the run and the app's events) and its preview bridge share one
  // live connection.
  for (const s of streams) await expect.poll(() => s.open).toBe(1);

  // A note written in any tab appears in the other three.
  for (const [i, app] of apps.entries()) {
    const text = `Note from tab ${i + 1}`;
    await app.getByLabel("New note").fill(text);
    await app.getByLabel("New note").press("Enter");
    for (const other of apps) {
      await expect(other.getByRole("checkbox", { name: text })).toBeVisible();
    }
  }

  // With three other tabs open, the first one reloads promptly and is live again.
  const t0 = Date.now();
  await first.reload();
  await expect(apps[0]!.getByText("4 notes · 0 done")).toBeVisible({ timeout: 5_000 });
  const reloadMs = Date.now() - t0;
  expect(reloadMs).toBeLessThan(5_000);
  await apps[3]!.getByLabel("New note").fill("After the reload");
  await apps[3]!.getByLabel("New note").press("Enter");
  await expect(apps[0]!.getByRole("checkbox", { name: "After the reload" })).toBeVisible();

  // The data explorer joins the same connection.
  await pages[1]!.getByRole("tab", { name: "Data" }).click();
  await expect(pages[1]!.getByRole("button", { name: /^notes, 5 documents$/ })).toBeVisible();
  await apps[2]!.getByLabel("New note").fill("Seen by the explorer");
  await apps[2]!.getByLabel("New note").press("Enter");
  await expect(pages[1]!.getByRole("button", { name: /^notes, 6 documents$/ })).toBeVisible();
  for (const s of streams) await expect.poll(() => s.open).toBe(1);
  console.log(
    `live tabs: reload ${reloadMs} ms; streams opened per tab ${streams.map((s) => s.opened).join(",")}`,
  );
  await toastsGone(pages[1]!);
  await shot(pages[1]!, "20-four-tabs-explorer");
  await toastsGone(first);
  await shot(first, "21-four-tabs-preview");
});
