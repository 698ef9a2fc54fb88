import { describe, expect, it, vi } from "vitest";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore, type LayoutFunction, type MetricsFunction } from "../../server/store.js";
import { computeLayout } from "../../server/graph/display/layout.js";
import { computeMetrics } from "../../server/graph/display/metrics.js";
import { writeFileAtomic } from "../../server/graph/io/atomic-write.js";
import { decodeDisplayTable, displayCacheName, encodeDisplayTable } from "../../server/graph/io/cache.js";
import * as realFs from "node:fs/promises";
import type { AtomicFs } from "../../server/graph/io/atomic-write.js";
import { startApp } from "../api/_app.js";
import { routesDataset } from "../fixtures/graphs.js";

const validDir = path.resolve(import.meta.dirname, "../fixtures/data/valid");
const temp = (prefix: string) => mkdtemp(path.join(tmpdir(), prefix));

function spies() {
  const layout = vi.fn<LayoutFunction>((graph, options) => computeLayout(graph, options));
  const metrics = vi.fn<MetricsFunction>((graph) => computeMetrics(graph));
  return { layout, metrics };
}

describe("layout and metrics cache", () => {
  it("should compute on the first start, then read the cache on the next one without computing again", async () => {
    const cacheDir = await temp("ag-cache-");
    const snapshotDir = await temp("ag-snap-");
    const first = spies();
    const a = await openStore({ dataDir: validDir, snapshotDir, cacheDir, computeLayout: first.layout, computeMetrics: first.metrics });
    expect(first.layout).toHaveBeenCalledTimes(1);
    expect(first.metrics).toHaveBeenCalledTimes(1);
    expect(a.timings.cache).toBe("miss");
    expect(await readdir(cacheDir)).toEqual([displayCacheName(a.dataset.dataVersion)]);

    const second = spies();
    const b = await openStore({ dataDir: validDir, snapshotDir, cacheDir, computeLayout: second.layout, computeMetrics: second.metrics });
    expect(second.layout).not.toHaveBeenCalled();
    expect(second.metrics).not.toHaveBeenCalled();
    expect(b.timings.cache).toBe("hit");
    // Same numbers, so the same bytes go to clients.
    expect(b.graphBody({}).json).toBe(a.graphBody({}).json);
    expect(b.compactBody({}).body.equals(a.compactBody({}).body)).toBe(true);
  });

  it("should recompute when the data changes or the entry is damaged", async () => {
    const cacheDir = await temp("ag-cache-");
    const snapshotDir = await temp("ag-snap-");
    const a = await openStore({ dataDir: validDir, snapshotDir, cacheDir });
    const file = path.join(cacheDir, displayCacheName(a.dataset.dataVersion));
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 3));
    const damaged = spies();
    const b = await openStore({ dataDir: validDir, snapshotDir, cacheDir, computeLayout: damaged.layout, computeMetrics: damaged.metrics });
    expect(damaged.layout).toHaveBeenCalledTimes(1);
    expect(b.timings.cache).toBe("miss");
    expect((await readFile(file)).equals(bytes)).toBe(true);

    const other = spies();
    const c = await openStore({ dataset: routesDataset(), snapshotDir, cacheDir, computeLayout: other.layout, computeMetrics: other.metrics });
    expect(other.layout).toHaveBeenCalledTimes(1);
    expect(c.timings.cache).toBe("miss");
    expect((await readdir(cacheDir)).sort()).toEqual([displayCacheName(a.dataset.dataVersion), displayCacheName("fixture0000000000")].sort());
  });

  it("should not touch the disk without a cache directory", async () => {
    const snapshotDir = await temp("ag-snap-");
    const s = spies();
    const store = await openStore({ dataset: routesDataset(), snapshotDir, computeLayout: s.layout, computeMetrics: s.metrics });
    expect(store.timings.cache).toBe("off");
    expect(s.layout).toHaveBeenCalledTimes(1);
  });

  it("should refuse an entry written for other nodes or another data version", () => {
    const table = {
      keys: ["a", "b"],
      x: Float64Array.of(1.5, -2),
      y: Float64Array.of(0, 3.25),
      degree: Float64Array.of(1, 1),
      pagerank: Float64Array.of(0.5, 0.5),
      betweenness: Float64Array.of(0, 0),
      community: Float64Array.of(0, 1),
      betweennessComputed: true,
    };
    const bytes = Buffer.concat(encodeDisplayTable(table, "v1"));
    expect(decodeDisplayTable(bytes, { dataVersion: "v1", keys: ["a", "b"] })).toEqual(table);
    expect(decodeDisplayTable(bytes, { dataVersion: "v2", keys: ["a", "b"] })).toBeNull();
    expect(decodeDisplayTable(bytes, { dataVersion: "v1", keys: ["b", "a"] })).toBeNull();
    expect(decodeDisplayTable(bytes.subarray(1), { dataVersion: "v1", keys: ["a", "b"] })).toBeNull();
  });

  it("should write atomically: the whole new content, no temporary file left behind", async () => {
    const dir = await temp("ag-atomic-");
    const file = path.join(dir, "entry.bin");
    await writeFileAtomic(file, [Buffer.from("old")]);
    await writeFileAtomic(file, [Buffer.from("new "), Buffer.from("content")]);
    expect(await readFile(file, "utf8")).toBe("new content");
    expect(await readdir(dir)).toEqual(["entry.bin"]);
  });
});

describe("start-up", () => {
  it("should remove temporary files left by interrupted snapshot and cache writes, and nothing else", async () => {
    const snapshotDir = await temp("ag-sweep-snap-");
    const cacheDir = await temp("ag-sweep-cache-");
    const kept = ["0123456789abcdef01234567.json", "notes.txt"];
    for (const name of kept) await writeFile(path.join(snapshotDir, name), "{}");
    // What a crash between open() and link()/rename() leaves: the names the atomic writer gives its temporary files.
    await writeFile(path.join(snapshotDir, ".0123456789abcdef01234567.json.999999-a1b2c3d4e5f6.tmp"), "half");
    await writeFile(path.join(snapshotDir, ".0123456789abcdef01234567.a1b2c3d4e5f6.tmp"), "half, older name");
    await writeFile(path.join(cacheDir, ".display-x.bin.a1b2c3d4e5f6.tmp"), "half");
    await openStore({ dataset: routesDataset(), snapshotDir, cacheDir });
    expect((await readdir(snapshotDir)).sort()).toEqual(kept);
    expect((await readdir(cacheDir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });
});

describe("atomic writes on a failing disk", () => {
  const enospc = () => Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
  /** The real file system, except that the step named fails as on a full disk. */
  function failingAt(step: "write" | "sync" | "rename"): AtomicFs {
    return {
      ...realFs,
      rename: (async (...args: Parameters<typeof realFs.rename>) => {
        if (step === "rename") throw enospc();
        return realFs.rename(...args);
      }) as typeof realFs.rename,
      open: (async (...args: Parameters<typeof realFs.open>) => {
        const handle = await realFs.open(...args);
        return Object.assign(Object.create(handle), {
          write: step === "write" ? async () => { throw enospc(); } : handle.write.bind(handle),
          sync: step === "sync" ? async () => { throw enospc(); } : handle.sync.bind(handle),
          close: () => handle.close(),
        });
      }) as typeof realFs.open,
    };
  }

  for (const step of ["write", "sync", "rename"] as const) {
    it(`should leave neither a temporary file nor a changed target when the ${step} fails`, async () => {
      const dir = await temp("ag-atomic-fail-");
      const file = path.join(dir, "entry.bin");
      await writeFileAtomic(file, [Buffer.from("old")]);
      await expect(writeFileAtomic(file, [Buffer.from("new")], { fs: failingAt(step) })).rejects.toMatchObject({ code: "ENOSPC" });
      expect(await readdir(dir)).toEqual(["entry.bin"]);
      expect(await readFile(file, "utf8")).toBe("old");
    });
  }
});

describe("health", () => {
  it("should say when betweenness was skipped because the graph is too big", async () => {
    const dataset = routesDataset();
    const app = await startApp(dataset);
    try {
      expect(await (await fetch(`${app.url}/api/health`)).json()).not.toHaveProperty("betweenness");
    } finally {
      await app.close();
    }
    const { createStore } = await import("../../server/store.js");
    const { createApp } = await import("../../server/app.js");
    const store = createStore(dataset, await temp("ag-snap-"), {
      computeMetrics: (graph) => ({ ...computeMetrics(graph), betweennessComputed: false }),
    });
    const server = createApp(store, { clientDir: "/nonexistent" }).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const { port } = server.address() as { port: number };
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health).toMatchObject({ status: "ok", betweenness: "skipped above 20000 nodes" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
