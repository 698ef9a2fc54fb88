import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdir, readFile, writeFile } from "node:fs/promises";
import * as realFs from "node:fs/promises";
import { SnapshotStore, type SnapshotFs } from "../../server/graph/snapshots.js";
import { routesDataset } from "../fixtures/graphs.js";
import { expectError, startApp, type RunningApp } from "./_app.js";

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

  it("should freeze what the viewer shows beyond the filters: ego focus, hidden undated relations and unconnected actors", async () => {
    // Fixture: a's neighbours are b (ab, ab-hostile) and e (ae), so 1 hop around a is a, b, e with those 3 edges.
    const ego = await (await fetch(`${app.url}${(await (await post({ title: "ego", focus: "a", depth: 1 })).json()).url}`)).json();
    expect(ego.shown).toEqual({ focus: "a", depth: 1 });
    expect(ego.stats).toEqual({ nodes: 3, edges: 3 });
    expect(ego.graph.nodes.map((n: { key: string }) => n.key).sort()).toEqual(["a", "b", "e"]);
    // Without the undated cd, ae, ed and dx, only ab, ab-hostile and bc remain; hiding unconnected actors leaves a, b, c.
    const dated = await (await fetch(`${app.url}${(await (await post({ title: "dated", hideUndated: true, hideIsolated: true })).json()).url}`)).json();
    expect(dated.graph.nodes.map((n: { key: string }) => n.key).sort()).toEqual(["a", "b", "c"]);
    expect(dated.graph.edges.map((e: { key: string }) => e.key).sort()).toEqual(["ab", "ab-hostile", "bc"]);
    // The exports of the snapshot are the frozen view.
    const exported = await (await fetch(`${app.url}/api/snapshots/${ego.id}/export?format=json`)).json();
    expect(exported.nodes.map((n: { key: string }) => n.key).sort()).toEqual(["a", "b", "e"]);
  });

  it("should keep a plain view's id when the shown options change nothing, and name a bad focus or depth", async () => {
    const plain = await (await post({ title: "plain view" })).json();
    const same = await post({ title: "plain view", hideUndated: false, hideIsolated: false });
    expect(same.status).toBe(200);
    expect((await same.json()).id).toBe(plain.id);
    expect((await expectError(await post({ focus: "nobody", depth: 1 }), 400, "BAD_PARAM", /nobody/)).error.param).toBe("focus");
    expect((await expectError(await post({ depth: 2 }), 400, "BAD_BODY", /depth/)).error.param).toBe("depth");
    expect((await expectError(await post({ focus: "a", depth: 0 }), 400, "BAD_BODY", /depth/)).error.param).toBe("depth");
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

  it("should answer 400 BAD_CONTENT_ENCODING to a gzip-labelled body that is not gzip", async () => {
    const res = await post(JSON.stringify({ title: "x" }), { "content-type": "application/json", "content-encoding": "gzip" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "BAD_CONTENT_ENCODING", message: expect.stringMatching(/gzip/) });
  });

  it("should refuse a view nested 3,000 deep with 400 NESTING_TOO_DEEP naming the field, before hashing it", async () => {
    const res = await post(`{"title":"deep","view":{"a":${"[".repeat(3000)}${"]".repeat(3000)}}}`);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: "NESTING_TOO_DEEP", param: "view", message: expect.stringMatching(/more than 64 levels deep at \$\.view\.a\[0\]\[0\]/) });
    expect(app.errors).toEqual([]);
  });

  it("should refuse a deep view handed to the snapshot store directly, without overflowing the stack in hashing", async () => {
    let view: unknown = [];
    for (let i = 0; i < 100_000; i++) view = [view];
    const saving = app.store.snapshots.create(app.store.dataset, app.store.display, { filters: {}, view });
    await expect(saving).rejects.toMatchObject({ code: "NESTING_TOO_DEEP", details: { param: "view" } });
  });

  it("should say where a body is not valid JSON", async () => {
    const res = await post('{"title": "x",\n "note": }');
    expect((await res.json()).error).toEqual({ code: "BAD_BODY", message: 'request body is not valid JSON: unexpected "}": expected a value at line 2, column 10' });
  });

  /** The snapshot store of `target` writing through `fs`, with the real one put back after `body`. */
  async function withFs(fs: SnapshotFs, body: () => Promise<void>) {
    const real = app.store.snapshots;
    app.store.snapshots = new SnapshotStore(app.snapshotDir, { fs });
    try {
      await body();
    } finally {
      app.store.snapshots = real;
    }
  }
  const failing = (code: string) => Object.assign(new Error(`${code}: simulated, at ${app.snapshotDir}/x.tmp`), { code });

  it("should answer 507 STORE_FULL on a full disk, name the store not the path, and leave no temporary file", async () => {
    const before = await readdir(app.snapshotDir);
    // The temporary file is really created, then its write fails as on a full disk.
    const full: SnapshotFs = {
      ...realFs,
      open: (async (...args: Parameters<typeof realFs.open>) => {
        const handle = await realFs.open(...args);
        return Object.assign(Object.create(handle), {
          write: async () => { throw failing("ENOSPC"); },
          writeFile: async () => { throw failing("ENOSPC"); },
          close: () => handle.close(),
        });
      }) as typeof realFs.open,
    };
    await withFs(full, async () => {
      const res = await post({ title: "no room" });
      expect(res.status).toBe(507);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: "STORE_FULL", message: expect.stringMatching(/snapshot store/) });
      expect(error.message).not.toContain(app.snapshotDir);
    });
    expect(await readdir(app.snapshotDir)).toEqual(before);
  });

  it("should answer 503 STORE_UNWRITABLE when the snapshot directory cannot be written", async () => {
    const readOnly: SnapshotFs = { ...realFs, open: (async () => { throw failing("EACCES"); }) as typeof realFs.open };
    await withFs(readOnly, async () => {
      const res = await post({ title: "read-only" });
      expect(res.status).toBe(503);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: "STORE_UNWRITABLE", message: expect.stringMatching(/snapshot store/) });
      expect(error.message).not.toContain(app.snapshotDir);
    });
  });

  it("should answer 503 STORE_UNWRITABLE / STORE_UNREADABLE when the snapshot directory is a file, on a real disk", async () => {
    const notADir = `${app.snapshotDir}/not-a-directory`;
    await writeFile(notADir, "");
    const blocked = await startApp(routesDataset(), { snapshotDir: notADir });
    try {
      const res = await post({ title: "nowhere" }, undefined, blocked);
      expect(res.status).toBe(503);
      const { error } = await res.json();
      expect(error.code).toBe("STORE_UNWRITABLE");
      expect(error.message).not.toContain("not-a-directory");
      const list = await fetch(`${blocked.url}/api/snapshots`);
      expect(list.status).toBe(503);
      expect((await list.json()).error.code).toBe("STORE_UNREADABLE");
    } finally {
      await blocked.close();
    }
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

  it("should answer SNAPSHOT_CORRUPT for a truncated snapshot file, and still list the others", async () => {
    const { id } = await (await post({ title: "to be truncated", kinds: ["state"] })).json();
    const file = `${app.snapshotDir}/${id}.json`;
    await writeFile(file, (await readFile(file, "utf8")).slice(0, 40));
    app = await app.restart();
    const res = await fetch(`${app.url}/api/snapshots/${id}`);
    expect(res.status).toBe(500);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: "SNAPSHOT_CORRUPT", message: expect.stringContaining(id) });
    expect(error.message).not.toContain(app.snapshotDir);
    expect((await fetch(`${app.url}/api/snapshots`)).status).toBe(200);
    // Saving the same view again repairs it (same content, same id).
    expect((await post({ title: "to be truncated", kinds: ["state"] })).status).toBe(201);
    expect((await fetch(`${app.url}/api/snapshots/${id}`)).status).toBe(200);
  });

  it("should answer SNAPSHOT_NOT_FOUND for unknown and malformed ids", async () => {
    for (const id of ["0123456789abcdef01234567", "..%2F..%2Fetc", "constructor"]) {
      const res = await fetch(`${app.url}/api/snapshots/${id}`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("SNAPSHOT_NOT_FOUND");
    }
  });
});
