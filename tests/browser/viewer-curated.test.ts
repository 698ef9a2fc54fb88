// Browser tests of the viewer over the curated data: time semantics, hover, ego focus, re-layout, README screenshot.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openPage, paintedStats, settledCamera, viewerSuite, waitForViewer } from "./_browser.js";
import { colourStats, decodePng } from "./_png.js";
import { repoRoot } from "./_server.js";

const DIM_NODE = "#dfe3e8";
const DIM_EDGE = "#e9ecef";

const suite = viewerSuite();
const { open } = suite;

describe("viewer (curated data)", () => {
  it("should show every curated relation and follow the service's as-of semantics year by year", async () => {
    const { page, problems } = await open();
    const health = (await (await fetch(`${suite.server.url}/api/health`)).json()) as { nodes: number; edges: number };
    expect(await page.evaluate(() => window.__actorGraph!.visibleEdges().length)).toBe(health.edges);
    expect(await page.evaluate(() => window.__actorGraph!.visibleNodes().length)).toBe(health.nodes);

    const mismatches = await page.evaluate(async () => {
      const out: string[] = [];
      const check = async (filters: Record<string, string>) => {
        const served = (await (await fetch(`/api/graph?${new URLSearchParams(filters)}`)).json()) as { nodes: unknown[]; edges: unknown[] };
        const mine = window.__actorGraph!.count(filters.minConfidence ? { ...filters, minConfidence: filters.minConfidence as "assessed" } : filters);
        if (mine.edges !== served.edges.length || mine.nodes !== served.nodes.length)
          out.push(`${JSON.stringify(filters)}: client ${mine.nodes}/${mine.edges}, service ${served.nodes.length}/${served.edges.length}`);
      };
      for (let year = 2004; year <= 2023; year++) await check({ asOf: String(year) });
      await check({ asOf: "2021-08" });
      await check({ minConfidence: "assessed", asOf: "2022" });
      return out;
    });
    expect(mismatches).toEqual([]);

    // The ISKP–IMU alliance (since 2014) is absent in 2013 and present from 2014.
    await page.goto(`${suite.server.url}/?asOf=2013`);
    await waitForViewer(page);
    expect(await page.evaluate(() => window.__actorGraph!.visibleEdges())).not.toContain("e-imu-iskp-allied-with");
    await page.goto(`${suite.server.url}/?asOf=2014`);
    await waitForViewer(page);
    expect(await page.evaluate(() => window.__actorGraph!.visibleEdges())).toContain("e-imu-iskp-allied-with");
    expect(problems).toEqual([]);
  });

  it("should highlight a hovered node and its neighbours through the reducers, leaving the graph untouched", async () => {
    const { page, problems } = await open();
    // A visible node that is not a neighbour of ISKP, from the service's own account of its relations.
    const details = (await (await fetch(`${suite.server.url}/api/nodes/iskp`)).json()) as { relations: { other: { id: string } }[] };
    const neighbours = new Set(["iskp", ...details.relations.map((r) => r.other.id)]);
    const far = (await page.evaluate(() => window.__actorGraph!.visibleNodes())).find((n) => !neighbours.has(n));
    expect(far).toBeDefined();
    const before = await page.evaluate(() => window.__actorGraph!.nodeAttributes("iskp"));
    const point = await page.evaluate(() => window.__actorGraph!.nodePagePosition("iskp"));
    expect(point).not.toBeNull();
    await page.mouse.move(point!.x, point!.y);
    // Labels are placed without overlap, so a neighbour's label may show before the hover: wait for the dimming.
    await expect.poll(() => page.evaluate((farNode) => window.__actorGraph!.nodeDisplay(farNode)?.color, far!)).toBe(DIM_NODE);
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.nodeDisplay("imu")?.labelVisibility)).toBe("visible");
    const shown = await page.evaluate((farNode) => ({
      neighbour: window.__actorGraph!.nodeDisplay("imu"),
      far: window.__actorGraph!.nodeDisplay(farNode),
      incident: window.__actorGraph!.edgeDisplay("e-imu-iskp-allied-with"),
    }), far!);
    expect(shown.neighbour?.color).not.toBe(DIM_NODE);
    expect(shown.far?.color).toBe(DIM_NODE);
    expect(shown.incident?.color).not.toBe(DIM_EDGE);
    expect(await page.evaluate(() => window.__actorGraph!.nodeAttributes("iskp"))).toEqual(before);

    await page.mouse.move(5, 5);
    await expect.poll(() => page.evaluate((farNode) => window.__actorGraph!.nodeDisplay(farNode)?.color, far!)).not.toBe(DIM_NODE);
    expect(problems).toEqual([]);
  });

  it("should reopen a path from the address, highlighted and framed", async () => {
    const { page, problems } = await open("/?from=imu&to=china&path=0");
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.highlightedPath()?.nodes.length ?? 0)).toBeGreaterThanOrEqual(2);
    const path = (await page.evaluate(() => window.__actorGraph!.highlightedPath()))!;
    expect(path.nodes[0] === "imu" || path.nodes.includes("imu")).toBe(true);
    expect(path.nodes).toContain("china");
    expect(await page.locator(".path-result.selected .evidence li").count()).toBeGreaterThan(0);
    const box = (await page.locator("#graph").boundingBox())!;
    await expect
      .poll(async () => {
        const points = await page.evaluate((nodes) => nodes.map((n) => window.__actorGraph!.nodePagePosition(n)), path.nodes);
        return points.every((p) => p && p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height);
      })
      .toBe(true);
    expect(problems).toEqual([]);
  });

  it("should focus on the selection's ego network and release it", async () => {
    const { page, problems } = await open("/?node=imu");
    await expect.poll(() => page.locator(".details-title").textContent()).toBe("Islamic Movement of Uzbekistan");
    const all = await page.evaluate(() => window.__actorGraph!.visibleNodes().length);
    await page.getByRole("button", { name: "1 hop" }).click();
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.visibleNodes().length)).toBeLessThan(all);
    const oneHop = await page.evaluate(() => window.__actorGraph!.visibleNodes());
    expect(oneHop).toContain("iskp");
    expect(new URL(page.url()).searchParams.get("ego")).toBe("1");
    await page.getByRole("button", { name: "2 hops" }).click();
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.visibleNodes().length)).toBeGreaterThan(oneHop.length);
    await page.getByRole("button", { name: "Off" }).click();
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.visibleNodes().length)).toBe(all);
    expect(problems).toEqual([]);
  });

  it("should re-run ForceAtlas2 in its worker under the CSP, stop it, then go back to the precomputed layout", async () => {
    const { page, problems } = await open();
    const start = await page.evaluate(() => window.__actorGraph!.nodeAttributes("iskp"));
    await page.locator("summary", { hasText: "Layout" }).click();
    await page.getByRole("button", { name: "Run ForceAtlas2" }).click();
    await expect.poll(() => page.locator(".layout-status").textContent()).toContain("ForceAtlas2 running");
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.nodeAttributes("iskp")?.x), { timeout: 5_000 }).not.toBe(start?.x);
    await page.getByRole("button", { name: "Stop layout" }).click();
    await expect.poll(() => page.locator(".layout-status").textContent()).toContain("Custom layout");
    const custom = await page.evaluate(() => window.__actorGraph!.nodeAttributes("iskp"));

    // A snapshot keeps the custom positions: its permalink reopens that layout.
    await page.getByRole("button", { name: "Save snapshot" }).click();
    const permalink = await page.getByLabel("Permalink").inputValue();
    const reopened = await openPage(suite.browser);
    try {
      await reopened.page.goto(permalink);
      await waitForViewer(reopened.page);
      const restored = await reopened.page.evaluate(() => window.__actorGraph!.nodeAttributes("iskp"));
      expect([restored?.x, restored?.y]).toEqual([custom?.x, custom?.y]);
      expect(reopened.problems).toEqual([]);
    } finally {
      await reopened.close();
    }

    await page.getByRole("button", { name: "Precomputed layout" }).click();
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.nodeAttributes("iskp"))).toEqual(start);
    expect(problems).toEqual([]);
  });

  it("should save the README screenshot (1400×900) of the curated graph", async () => {
    const { page, problems } = await open("/?node=iskp&cam=0.5,0.5,1,0");
    await expect.poll(() => page.locator(".details-title").textContent()).toBe("Islamic State in Khorasan Province");
    await settledCamera(page);
    expect((await paintedStats(page, "#graph", 20, 0.01)).nonBackground).toBeGreaterThan(0.01);
    const shot = await page.screenshot({ type: "png" });
    const png = decodePng(shot);
    expect([png.width, png.height]).toEqual([1400, 900]);
    expect(colourStats(png).distinct).toBeGreaterThan(50);
    await mkdir(path.join(repoRoot, "docs"), { recursive: true });
    await writeFile(path.join(repoRoot, "docs/screenshot.png"), shot);
    expect(problems).toEqual([]);
  });
});
