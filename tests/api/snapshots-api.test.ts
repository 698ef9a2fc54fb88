import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir, readFile } from "node:fs/promises";
import { routesDataset } from "../fixtures/graphs.js";
import { startApp, type RunningApp } from "./_app.js";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp(routesDataset());
});
afterAll(() => app.close());

const post = (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }, target = app) =>
  fetch(`${target.url}/api/snapshots`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("POST /api/snapshots", () => {
  it("should freeze the filtered view with its filters, data version, bibliography and view state", async () => {
    const res = await post({ title: "Alliances 2022", relations: ["allied-with"], asOf: "2022", view: { selected: "a", camera: { x: 0.5, y: 0.5, ratio: 1 } } });
    expect(res.status).toBe(201);
    const { id, url, permalink } = await res.json();
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(url).toBe(`/api/snapshots/${id}`);
    expect(permalink).toBe(`/?snapshot=${id}`);
    const snap = await (await fetch(`${app.url}${url}`)).json();
    expect(snap).toMatchObject({ id, title: "Alliances 2022", dataVersion: "fixture0000000000", filters: { relations: ["allied-with"], asOf: "2022" }, view: { selected: "a" } });
    expect(snap.graph.edges.map((e: { key: string }) => e.key).sort()).toEqual(["ab", "bc", "cd"]);
    expect(snap.bibliography.map((s: { id: string }) => s.id)).toEqual(["S1"]);
    expect(Date.parse(snap.createdAt)).not.toBeNaN();
  });

  it("should give the same id to the same view and never overwrite the saved file", async () => {
    const first = await (await post({ title: "same", kinds: ["group"] })).json();
    const file = `${app.snapshotDir}/${first.id}.json`;
    const before = await readFile(file, "utf8");
    const again = await post({ title: "same", kinds: ["group"] });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(first.id);
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("should not change when the data changes later", async () => {
    const { id } = await (await post({ title: "before edit" })).json();
    app.store.display.setNodeAttribute("a", "label", "Edited later");
    try {
      const snap = await (await fetch(`${app.url}/api/snapshots/${id}`)).json();
      expect(snap.graph.nodes.find((n: { key: string }) => n.key === "a").attributes.label).toBe("A");
    } finally {
      app.store.display.setNodeAttribute("a", "label", "A");
    }
  });

  it("should leave no temporary files behind", async () => {
    await post({ title: "tidy" });
    const names = await readdir(app.snapshotDir);
    expect(names.every((n) => /^[0-9a-f]{24}\.json$/.test(n))).toBe(true);
  });

  it("should refuse bodies that are not JSON, too large, or of the wrong shape, naming the field", async () => {
    expect((await post("title=x", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe("BAD_BODY");
    const unknown = await post({ title: "x", colour: "red" });
    expect((await unknown.json()).error).toMatchObject({ code: "BAD_BODY", message: expect.stringMatching(/colour/) });
    const kinds = await post({ kinds: ["warlord"] });
    expect(kinds.status).toBe(400);
    expect((await kinds.json()).error).toMatchObject({ code: "BAD_PARAM", message: expect.stringMatching(/kinds/) });
    const huge = await post({ note: "x".repeat(600 * 1024) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    const bigView = await post({ view: { blob: "x".repeat(20_000) } });
    expect((await bigView.json()).error).toMatchObject({ code: "BAD_BODY", message: expect.stringMatching(/view/) });
  });

  it("should rate-limit snapshot creation", async () => {
    const limited = await startApp(routesDataset(), { writesPerMinute: 2 });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await post({ title: `t${i}` }, undefined, limited)).status);
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe("GET /api/snapshots", () => {
  it("should list saved snapshots and survive a restart", async () => {
    const { id } = await (await post({ title: "persisted", minConfidence: "reported" })).json();
    app = await app.restart();
    const list = await (await fetch(`${app.url}/api/snapshots`)).json();
    expect(list.snapshots.find((s: { id: string }) => s.id === id)).toMatchObject({ title: "persisted", nodes: 7, edges: 4 });
    const snap = await (await fetch(`${app.url}/api/snapshots/${id}`)).json();
    expect(snap.filters).toEqual({ minConfidence: "reported" });
  });

  it("should answer SNAPSHOT_NOT_FOUND for unknown and malformed ids", async () => {
    for (const id of ["0123456789abcdef01234567", "..%2F..%2Fetc", "constructor"]) {
      const res = await fetch(`${app.url}/api/snapshots/${id}`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("SNAPSHOT_NOT_FOUND");
    }
  });
});
