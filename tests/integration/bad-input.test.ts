import { describe, expect, test } from "bun:test";
import { newApp } from "../support/apps";
import { failure } from "../support/server";
import { setupWorld } from "../support/world";

const world = setupWorld();

const NUL = "a\u0000b";
const LONE = "x\ud800y";

describe("input the database cannot store is a 400 that changes nothing", () => {
  test("NUL characters and lone surrogates in names, prompts and document fields", async () => {
    const { c, workspaceId } = await world.person("Nul Tester", "Bad input");
    const { at, app } = await newApp(c, workspaceId, "Inputs");
    for (const name of [NUL, LONE, "\udc00 tail"]) {
      const err = await failure(c.apps.create.mutate({ workspaceId, name }));
      expect(err).toMatchObject({ status: 400, reason: "VALIDATION" });
      expect(err.message).toContain("NUL characters or unpaired surrogates");
    }
    expect((await c.apps.list.query({ workspaceId })).map((a) => a.name)).toEqual(["Inputs"]);
    const documents = [
      { title: NUL },
      { [NUL]: "value" },
      { deep: { list: [1, { [LONE]: true }] } },
      { deep: [[["fine", LONE]]] },
    ];
    for (const data of documents) {
      expect(await failure(c.data.insert.mutate({ ...at("notes"), data }))).toMatchObject({
        status: 400,
        reason: "VALIDATION",
      });
    }
    const doc = await c.data.insert.mutate({ ...at("notes"), data: { title: "ok 😀" } });
    expect(
      await failure(c.data.update.mutate({ ...at("notes"), id: doc._id, patch: { t: LONE } })),
    ).toMatchObject({ status: 400 });
    expect(
      await failure(c.data.list.query({ ...at("notes"), filter: { title: NUL } })),
    ).toMatchObject({ status: 400 });
    expect(
      await failure(c.runs.create.mutate({ workspaceId, appId: app.id, prompt: `Build ${NUL}` })),
    ).toMatchObject({ status: 400 });
    const { documents: stored } = await c.data.list.query(at("notes"));
    expect(stored.map((d) => d.title)).toEqual(["ok 😀"]);
    expect(stored[0]!._version).toBe(1);
    expect(await c.runs.list.query({ workspaceId, appId: app.id })).toEqual([]);
  });

  test("integers beyond the column, cursors beyond any page and dates before year 1", async () => {
    const { c, workspaceId } = await world.person("Range Tester", "Ranges");
    const { at } = await newApp(c, workspaceId);
    const doc = await c.data.insert.mutate({ ...at("n"), data: { v: 1 } });
    const update = (expectedVersion: number) =>
      c.data.update.mutate({ ...at("n"), id: doc._id, patch: { v: 2 }, expectedVersion });
    expect(await failure(update(2 ** 31))).toMatchObject({ status: 400, reason: "VALIDATION" });
    expect(await failure(update(2 ** 31 - 1))).toMatchObject({ status: 409, reason: "CONFLICT" });
    // Offsets are no cursors any more (keyset cursors, src/data/cursor.ts).
    for (const cursor of ["99999999999999999999", "-1", "1e5", "12abc", "999999999"]) {
      expect(await failure(c.data.list.query({ ...at("n"), cursor }))).toMatchObject({
        status: 400,
      });
    }
    for (const from of [
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00+05:00",
      "2023-02-29T00:00:00Z",
    ]) {
      expect(await failure(c.audit.list.query({ workspaceId, from }))).toMatchObject({
        status: 400,
        reason: "VALIDATION",
      });
    }
    const fromYearOne = await c.audit.list.query({ workspaceId, from: "0001-01-01T00:00:00Z" });
    expect(fromYearOne.events.length).toBeGreaterThan(0);
    expect((await c.data.get.query({ ...at("n"), id: doc._id }))._version).toBe(1);
  });

  test("sort fields named like Object.prototype members sort by that data field", async () => {
    const { c, workspaceId } = await world.person("Proto Sorter", "Protos");
    const { at } = await newApp(c, workspaceId);
    await c.data.insertMany.mutate({
      ...at("p"),
      documents: [{ data: JSON.parse('{"constructor":2,"toString":"b"}') }, { data: { v: 1 } }],
    });
    for (const field of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      const { documents } = await c.data.list.query({ ...at("p"), sort: { field } });
      expect(documents).toHaveLength(2);
    }
    const { documents } = await c.data.list.query({ ...at("p"), sort: { field: "constructor" } });
    expect(documents.map((d) => d.v ?? d.constructor)).toEqual([2, 1]);
  });

  test("an upsert key named like a prototype member never matches another document", async () => {
    const { c, workspaceId } = await world.person("Proto Upserter", "Upserts");
    const { at } = await newApp(c, workspaceId);
    const bystander = await c.data.insert.mutate({ ...at("u"), data: { title: "keep me" } });
    for (const key of ["constructor", "__proto__", "toString", "valueOf"]) {
      const err = await failure(
        c.data.upsert.mutate({ ...at("u"), key: [key], data: { title: "overwritten" } }),
      );
      expect(err).toMatchObject({ status: 400, reason: "VALIDATION" });
    }
    const upserted = await c.data.upsert.mutate({
      ...at("u"),
      key: ["constructor"],
      data: { constructor: "own field", title: "mine" },
    });
    expect(upserted._id).not.toBe(bystander._id);
    expect(await c.data.get.query({ ...at("u"), id: bystander._id })).toEqual(bystander);
  });
});
