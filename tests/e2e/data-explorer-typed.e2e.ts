import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, type Page, test } from "@playwright/test";
import { onboard, shot, toastsGone } from "./helpers";

async function trpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/trpc/${path}`, { data: input });
  expect(res.ok()).toBe(true);
  return (await res.json()).result.data as T;
}

async function query<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.get(
    `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
  );
  expect(res.ok()).toBe(true);
  return (await res.json()).result.data as T;
}

const LONG =
  "A very long note that keeps going well past any sensible column width, so that the table has to truncate it and show the whole of it on hover or in the sheet instead of stretching the page sideways.";

test("the explorer types columns and edits from collections.json, warns on mismatches, shows references by title and scrolls inside itself", async ({
  page,
}) => {
  await onboard(page, "Edsger Dijkstra", "Structured");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const app = await trpc<{ id: string }>(page, "apps.create", { workspaceId, name: "Typed tasks" });
  const source = fileURLToPath(new URL("./fixtures/typed-app", import.meta.url));
  execFileSync("node_modules/.bin/bun", ["tests/e2e/seed-build.ts", workspaceId, app.id, source], {
    stdio: "pipe",
  });
  const pin = { workspaceId, appId: app.id, scope: "draft" };
  const insert = (collection: string, data: Record<string, unknown>, id?: string) =>
    trpc<{ _id: string }>(page, "data.insert", { ...pin, collection, data, ...(id && { id }) });
  await insert("people", { name: "Ada Lovelace", email: "ada@example.com" }, "ada");
  await insert("people", { name: "Alan Turing", email: "alan@example.com" }, "alan");
  await insert("tasks", {
    title: "Write the notes",
    status: "Open",
    due: "2026-12-01",
    owner: "ada",
    hours: 2.5,
    done: false,
    startsAt: "2026-12-01T09:30:00.000Z",
    link: "https://example.com/notes",
    notes: LONG,
  });
  await insert(
    "tasks",
    { title: "Broken shapes", status: "Maybe", due: 20261201, hours: "lots" },
    "broken",
  );

  await page.goto(`/w/${workspaceId}/apps/${app.id}`);
  await page.getByRole("tab", { name: "Data" }).click();
  await page.getByRole("button", { name: "Hide chat" }).click();
  await page.getByRole("button", { name: /^tasks, 2 documents/ }).click();
  const table = page.getByRole("table", { name: "Documents in tasks" });
  await expect(page.getByText("typed by collections.json")).toBeVisible();
  // Typed columns, in declared order, with their types.
  await expect(table.getByRole("columnheader")).toContainText([
    "Id",
    "Titlestring",
    "Statusselect",
    "Due datedate",
    "Owner→ people",
    "Hoursnumber",
  ]);
  const good = table.getByRole("row", { name: /Write the notes/ });
  // A reference reads as the linked record's title.
  await expect(good.getByRole("button", { name: "Ada Lovelace" })).toBeVisible();
  await expect(good.getByLabel("No", { exact: true })).toBeVisible();
  await expect(good.getByText(LONG)).toHaveAttribute("title", LONG);
  // A mismatched row is flagged, cell by cell.
  const broken = table.getByRole("row", { name: /Broken shapes/ });
  await expect(broken.getByLabel("3 fields don't match the declared type")).toBeVisible();
  await expect(broken.locator("[data-mismatch]")).toHaveCount(3);
  await expect(broken.locator("[data-mismatch]").first()).toHaveAttribute(
    "title",
    `Doesn't match collections.json: expected one of "Open", "Blocked", "Done", found the text "Maybe"`,
  );

  // The table scrolls inside its own container; the page itself does not scroll sideways.
  const scroller = page.locator("div:has(> table[aria-label='Documents in tasks'])");
  const widths = await scroller.evaluate((el) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
  }));
  expect(widths.scroll).toBeGreaterThan(widths.client);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    await page.evaluate(() => window.innerWidth),
  );
  await toastsGone(page);
  await shot(page, "30-explorer-typed-light");

  // The reference jumps to the linked record.
  await good.getByRole("button", { name: "Ada Lovelace" }).click();
  await expect(page).toHaveURL(/collection=people/);
  const sheet = page.getByRole("dialog", { name: "Document" });
  await expect(sheet).toContainText("people / ada");
  await expect(sheet.getByText("ada@example.com").first()).toBeVisible();
  await page.keyboard.press("Escape");

  // A mismatched record: the sheet says what is wrong; typed inputs fix it; a bad save is refused.
  await page.getByRole("button", { name: /^tasks, 2 documents/ }).click();
  await broken.getByRole("button", { name: "Open document broken" }).click();
  const doc = page.getByRole("dialog", { name: "Document" });
  await expect(doc.getByText("Doesn't match collections.json")).toBeVisible();
  await expect(doc).toContainText("due: expected a date (YYYY-MM-DD), found the number 20261201");
  await doc.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit document" });
  await expect(edit.getByLabel("Due date")).toHaveAttribute("type", "date");
  await expect(edit.getByLabel("Starts at")).toHaveAttribute("type", "datetime-local");
  await expect(edit.getByLabel("Hours")).toHaveAttribute("type", "number");
  await expect(edit.getByLabel("Link")).toHaveAttribute("type", "url");
  await expect(edit.getByLabel("Done")).toHaveAttribute("type", "checkbox");
  await expect(edit.getByText(/Stored value doesn't fit: expected a number/)).toBeVisible();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByText(/Status: expected one of/)).toBeVisible();
  await expect(edit).toBeVisible();
  await shot(page, "31-explorer-typed-edit-refused");
  await edit.getByLabel("Status").selectOption("Blocked");
  await edit.getByLabel("Due date").fill("2026-12-24");
  await edit.getByLabel("Hours").fill("4");
  await edit.getByLabel("Owner").selectOption({ label: "Alan Turing" });
  await edit.getByLabel("Done").check();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved the document")).toBeVisible();
  await expect(doc.getByText("Doesn't match collections.json")).toHaveCount(0);
  await expect(doc.getByRole("button", { name: "Alan Turing" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(broken.getByLabel(/match the declared type/)).toHaveCount(0);
  await expect(broken.getByRole("button", { name: "Alan Turing" })).toBeVisible();
  await expect(broken.getByLabel("Yes", { exact: true })).toBeVisible();
  // Stored as declared; fields left untouched (and absent) stay absent rather than becoming null.
  const fixed = await query<Record<string, unknown>>(page, "data.get", {
    ...pin,
    collection: "tasks",
    id: "broken",
  });
  expect(fixed).toMatchObject({
    status: "Blocked",
    due: "2026-12-24",
    hours: 4,
    owner: "alan",
    done: true,
  });
  expect(Object.hasOwn(fixed, "notes")).toBe(false);

  // JSON editing is checked against the declaration too.
  await broken.getByRole("button", { name: "Open document broken" }).click();
  await doc.getByRole("button", { name: "Edit" }).click();
  await edit.getByRole("button", { name: "Edit as JSON" }).click();
  await edit.getByLabel("Fields (JSON)").fill('{ "title": "Broken shapes", "hours": "lots" }');
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toContainText(
    `Not saved — this doesn't match collections.json: hours: expected a number, found the text "lots".`,
  );
  await edit.getByRole("button", { name: "Cancel" }).click();
  await page.keyboard.press("Escape");

  // Inserting uses the same typed inputs.
  await page.getByRole("button", { name: "Insert document" }).click();
  const dialog = page.getByRole("dialog", { name: "Insert document" });
  await dialog.getByRole("button", { name: "Insert" }).click();
  await expect(dialog.getByText("Title: required, but empty.")).toBeVisible();
  await dialog.getByLabel("Title").fill("Review the proofs");
  await dialog.getByLabel("Status").selectOption("Open");
  await dialog.getByLabel("Owner").selectOption({ label: "Ada Lovelace" });
  await dialog.getByRole("button", { name: "Insert" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    table
      .getByRole("row", { name: /Review the proofs/ })
      .getByRole("button", { name: "Ada Lovelace" }),
  ).toBeVisible();
  // A reference to a record that is gone says so instead of showing a dead link.
  await insert("tasks", { title: "Orphaned task", owner: "ghost" });
  const orphan = table.getByRole("row", { name: /Orphaned task/ });
  // A live insert, then the target's list and a read of the missing id: slow on a busy machine.
  await expect(orphan.getByLabel("Missing record")).toBeVisible({ timeout: 20_000 });
  await expect(orphan.locator("[data-missing-reference]")).toHaveAttribute(
    "title",
    "No record ghost in people: it was deleted, or never existed.",
  );

  // A collection the app declares but has no documents in yet is listed, typed, and fillable.
  await page.getByRole("button", { name: "milestones, 0 documents" }).click();
  await expect(page.getByText(/typed by collections\.json/)).toBeVisible();
  await expect(page.getByText(/^Nothing has been written here yet/)).toBeVisible();
  await page.getByRole("button", { name: "Insert document" }).first().click();
  await dialog.getByLabel("Name").fill("First release");
  await expect(dialog.getByLabel("Reached on")).toHaveAttribute("type", "date");
  await dialog.getByLabel("Reached on").fill("2026-12-31");
  await dialog.getByRole("button", { name: "Insert" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "milestones, 1 document" })).toBeVisible();
  await expect(
    page.getByRole("table", { name: "Documents in milestones" }).getByText("First release"),
  ).toBeVisible();

  await page.getByRole("button", { name: "Account: Edsger Dijkstra" }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await toastsGone(page);
  await shot(page, "32-explorer-typed-dark");
});
