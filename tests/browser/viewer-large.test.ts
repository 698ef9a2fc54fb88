// Browser tests of the viewer on a generated graph of 25,000 relations: compact transfer, client-side filters over
// the compact columns, and evidence fetched per node because the compact body carries none.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { generateGraph, writeGraph } from "../../scripts/generate-graph.js";
import { decodeCompact } from "../../client/compact-decode.js";
import { paintedStats, viewerSuite, waitForViewer, type WatchedPage } from "./_browser.js";

// Over the viewer's 20,000-relation threshold for the compact encoding. More than 20,000 nodes, so the service
// skips exact betweenness (O(n·m)) and starts in a few seconds.
const NODES = 20_500;
const EDGES = 25_000;

let dataDir: string;
/** A node with a few relations and a label no other node shares, plus a node two hops away from it. */
let probe: { id: string; label: string; twoHops: string };

/** Writes the generated graph to a temporary directory and picks the probe node. */
async function writeLargeGraph(): Promise<string> {
  const generated = generateGraph({ shape: "clustered", nodes: NODES, edges: EDGES, seed: 7 });
  dataDir = await mkdtemp(path.join(os.tmpdir(), "actor-graph-large-"));
  writeGraph(generated, dataDir);

  // Candidates: 2–6 relations, a neighbour with a further neighbour.
  const neighbours: number[][] = Array.from({ length: generated.order }, () => []);
  for (let e = 0; e < generated.size; e++) {
    neighbours[generated.sources[e]].push(generated.targets[e]);
    neighbours[generated.targets[e]].push(generated.sources[e]);
  }
  const labels = new Map<string, number>();
  for (let i = 0; i < generated.order; i++) {
    const label = generated.node(i).attributes.label;
    labels.set(label, (labels.get(label) ?? 0) + 1);
  }
  for (let i = 0; i < generated.order && !probe; i++) {
    const { label } = generated.node(i).attributes;
    if (labels.get(label) !== 1 || neighbours[i].length < 2 || neighbours[i].length > 6) continue;
    const far = neighbours[i].flatMap((n) => neighbours[n]).find((n) => n !== i && !neighbours[i].includes(n));
    if (far !== undefined) probe = { id: generated.nodeKey(i), label, twoHops: generated.nodeKey(far) };
  }
  return dataDir;
}

const suite = viewerSuite({
  data: writeLargeGraph,
  cleanup: async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  },
});

/** Opens the viewer, recording every /api/ request it makes. */
async function open(query = "/"): Promise<WatchedPage & { requests: string[] }> {
  const watched = await suite.page();
  const requests: string[] = [];
  watched.page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/")) requests.push(`${url.pathname}${url.search}`);
  });
  await watched.page.goto(`${suite.server.url}${query}`);
  await waitForViewer(watched.page);
  return { ...watched, requests };
}

/** Node and edge counts the service gives for a filtered view (read from the compact header). */
async function served(filters: Record<string, string> = {}): Promise<{ nodes: number; edges: number }> {
  const response = await fetch(`${suite.server.url}/api/graph?${new URLSearchParams({ ...filters, encoding: "compact" })}`);
  const { header } = decodeCompact(await response.arrayBuffer());
  return { nodes: header.nodeCount, edges: header.edgeCount };
}

const visibleCounts = (page: Page) =>
  page.evaluate(() => ({ nodes: window.__actorGraph!.visibleNodes().length, edges: window.__actorGraph!.visibleEdges().length }));

describe(`viewer (generated graph, ${EDGES} relations)`, () => {
  it("should load the compact encoding and draw every node and relation", async () => {
    const { page, problems, requests } = await open();
    expect(requests).toContain("/api/graph?encoding=compact");
    expect(requests.filter((r) => r === "/api/graph" || r.startsWith("/api/graph?") && !r.includes("encoding=compact"))).toEqual([]);

    const health = (await (await fetch(`${suite.server.url}/api/health`)).json()) as { nodes: number; edges: number };
    expect([health.nodes, health.edges]).toEqual([NODES, EDGES]);
    expect(await visibleCounts(page)).toEqual({ nodes: NODES, edges: EDGES });
    expect(await page.locator("#data-status").textContent()).toContain(`${NODES} actors · ${EDGES} relations`);
    // The compact body has no evidence or descriptions: they stay on the service until asked for.
    const attributes = await page.evaluate((id) => window.__actorGraph!.nodeAttributes(id), probe.id);
    expect(attributes).toMatchObject({ label: probe.label });
    expect(Object.keys(attributes ?? {})).not.toContain("evidence");

    const stats = await paintedStats(page, "#graph", 20, 0.01);
    expect(stats.distinct).toBeGreaterThan(20);
    expect(stats.nonBackground).toBeGreaterThan(0.01);
    expect(problems).toEqual([]);
  }, 90_000);

  it("should filter the compact data exactly as the service does", async () => {
    const { page, problems } = await open();
    const assessed = await served({ minConfidence: "assessed" });
    expect(assessed.edges).toBeGreaterThan(0);
    expect(assessed.edges).toBeLessThan(EDGES);
    await page.getByLabel("Minimum confidence").selectOption("assessed");
    await expect.poll(() => visibleCounts(page)).toEqual(assessed);
    expect(new URL(page.url()).searchParams.get("minConfidence")).toBe("assessed");
    await expect.poll(() => page.locator("#table-count").textContent()).toBe(`(${assessed.edges} of ${EDGES})`);

    // Dates and kinds come from the compact columns too.
    const checks: Record<string, string>[] = [{ asOf: "2000" }, { asOf: "2015-06" }, { minConfidence: "reported", asOf: "2010" }, { kinds: "group,person" }];
    for (const filters of checks) {
      const mine = await page.evaluate(
        (f) => window.__actorGraph!.count({ kinds: f.kinds ? f.kinds.split(",") : [], minConfidence: (f.minConfidence ?? null) as "assessed" | null, asOf: f.asOf ?? null }),
        filters,
      );
      expect(mine, JSON.stringify(filters)).toEqual(await served(filters));
    }
    expect(problems).toEqual([]);
  }, 90_000);

  it("should fetch evidence on demand for paths, the details panel and the relations table", async () => {
    const { page, problems, requests } = await open(`/?from=${probe.id}&to=${probe.twoHops}&path=0`);
    // Paths carry their own evidence.
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.highlightedPath()?.nodes.length ?? 0)).toBe(3);
    expect(await page.locator(".path-result.selected .evidence li").first().textContent()).toMatch(/^S1 ¶\d+: synthetic$/);
    expect(requests.some((r) => r.startsWith("/api/nodes/"))).toBe(false);

    await page.fill("#search-input", probe.label);
    await page.locator(`.ac-option[data-id="${probe.id}"]`).click({ timeout: 5_000 });
    await expect.poll(() => page.locator(".details-title").textContent()).toBe(probe.label);
    expect(requests).toContain(`/api/nodes/${encodeURIComponent(probe.id)}`);
    await expect.poll(() => page.locator("#details .relation .evidence li").count()).toBeGreaterThan(0);
    expect(await page.locator("#details .relation .evidence li").first().textContent()).toMatch(/^S1 ¶\d+: synthetic$/);

    // The table lists a page of rows and fills each row's evidence once it is on screen.
    await page.locator("#table-drawer summary").click();
    await expect.poll(() => page.locator("#relations-table tbody tr").count()).toBe(500);
    expect(await page.locator(".table-more").textContent()).toContain(`Showing 500 of ${EDGES} relations`);
    await expect.poll(() => page.locator("#relations-table tbody tr").first().locator(".cite").textContent()).toMatch(/^S1 ¶\d+: synthetic/);
    expect(problems).toEqual([]);
  }, 90_000);
});
