import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import postgres from "postgres";
import { onboard, shot, toastsGone } from "./helpers";

async function trpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.request.post(`/trpc/${path}`, { data: input });
  expect(res.ok()).toBe(true);
  return (await res.json()).result.data as T;
}

/** Bulk-loads documents as the server's own role would (RLS applies), with their count. */
async function bulkLoad(workspaceId: string, appId: string, collection: string, n: number) {
  const env = JSON.parse(await readFile("test-results/e2e-env.json", "utf8"));
  const sql = postgres(env.appUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      await tx`select set_config('app.workspace_id', ${workspaceId}, true)`;
      await tx`
        insert into app_documents (workspace_id, app_id, scope, collection, id, data,
          created_by_kind, created_by, updated_by_kind, updated_by, created_at, updated_at)
        select ${workspaceId}, ${appId}, 'draft', ${collection}, 'e' || lpad(g::text, 6, '0'),
          jsonb_build_object('title', 'Event ' || g, 'kind', (array['visit','call','note'])[1 + g % 3], 'n', g),
          'user', 'seed', 'user', 'seed',
          now() - make_interval(secs => ${n} - g), now() - make_interval(secs => ${n} - g)
        from generate_series(1, ${n}) g`;
      await tx`insert into app_collection_counts (workspace_id, app_id, scope, collection, shard, documents)
        values (${workspaceId}, ${appId}, 'draft', ${collection}, 0, ${n})`;
    });
  } finally {
    await sql.end();
  }
}

test("a collection of 100,000 documents opens at once in the explorer and pages on with Load more", async ({
  page,
}) => {
  await onboard(page, "Grace Hopper", "Compilers");
  const workspaceId = /\/w\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  const app = await trpc<{ id: string }>(page, "apps.create", { workspaceId, name: "Event log" });
  await bulkLoad(workspaceId, app.id, "events", 100_000);

  await page.goto(`/w/${workspaceId}/apps/${app.id}`);
  await page.getByRole("tab", { name: "Data" }).click();
  await page.getByRole("button", { name: "Hide chat" }).click();
  await page.getByRole("button", { name: /^events, 100000 documents/ }).click();
  const table = page.getByRole("table", { name: "Documents in events" });
  await expect(page.getByText("200 of 100,000 documents, newest first")).toBeVisible();
  // Newest first: the last one loaded is the first row.
  await expect(table.getByRole("row").nth(1)).toContainText("e100000");
  await expect(table.getByRole("row")).toHaveCount(201);

  await page.getByRole("button", { name: "Load 200 more" }).click();
  await expect(page.getByText("400 of 100,000 documents, newest first")).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(401);
  await expect(table.getByRole("row").nth(400)).toContainText("e099601");

  // A write while paging arrives live at the top; the loaded pages stay.
  await trpc(page, "data.insert", {
    workspaceId,
    appId: app.id,
    scope: "draft",
    collection: "events",
    id: "fresh",
    data: { title: "Just now", kind: "call", n: 0 },
  });
  await expect(table.getByRole("row").nth(1)).toContainText("fresh");
  await expect(table.getByRole("row")).toHaveCount(402);
  await toastsGone(page);
  await page.getByRole("button", { name: "Load 200 more" }).scrollIntoViewIfNeeded();
  await shot(page, "99-data-explorer-100k");

  // A filter on a field no index covers: the matches of the first documents read, and the note.
  const filter = page.getByRole("form", { name: "Filter documents" });
  await filter.getByLabel("Filter field").fill("n");
  await filter.getByLabel("Filter value").fill("99990");
  await filter.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("note")).toContainText("No index covers “n”");
  await expect(page.getByRole("note")).toContainText("Narrow the filter or declare an index");
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row").nth(1)).toContainText("e099990");
  // The first 10,000 read held one match; more may follow past them.
  await expect(page.getByText("1+ documents matching, newest first")).toBeVisible();
  await expect(page.getByRole("note")).toContainText("This page stopped there");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "100-data-explorer-unindexed-filter");
  await filter.getByRole("button", { name: "Clear" }).click();
  await expect(page.getByRole("note")).toHaveCount(0);
  await expect(page.getByText(/of 100,001 documents, newest first/)).toBeVisible();
});
