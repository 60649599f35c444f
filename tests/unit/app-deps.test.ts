import { describe, expect, test } from "bun:test";
import { mkdtemp, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppDeps, templatePackages } from "../../worker/build/deps";

describe("shared app dependencies", () => {
  test("workers linking the same folder at once all succeed, each package linked once", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "app-deps-"));
    try {
      await Promise.all([1, 2, 3].map(() => new AppDeps(dir).setup()));
      for (const name of await templatePackages()) {
        const target = await readlink(path.join(dir, "node_modules", name));
        expect(target).toEndWith(`node_modules/${name}`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
