// Browser tests of the viewer on small screens (phone, tablet, small laptop) and of readable labels (issue 10, items 7 and 8).
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { viewerSuite } from "./_browser.js";

/** expect.poll with room for a loaded machine (the default gives up after one second). */
const poll = <T>(fn: () => T | Promise<T>, options: { interval?: number; timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options });

const suite = viewerSuite();
const open = (query: string, width: number, height: number, touch = false) => suite.open(query, { width, height, touch });

type Box = { minX: number; maxX: number; minY: number; maxY: number };

/** Pairs of drawn labels whose boxes overlap (sigma's own label geometry, viewport pixels). */
async function labelOverlaps(page: Page): Promise<{ drawn: string[]; overlaps: string[] }> {
  const labels = await page.evaluate(() => window.__actorGraph!.drawnLabels());
  const overlaps: string[] = [];
  const boxes = labels.filter((l): l is { node: string; box: Box } => l.box !== null);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].box;
      const b = boxes[j].box;
      if (a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY) overlaps.push(`${boxes[i].node} × ${boxes[j].node}`);
    }
  expect(boxes.length).toBe(labels.length);
  return { drawn: labels.map((l) => l.node), overlaps };
}

/**
 * Drawn labels that cover another node's disc, leaving out the `keep` labels of the largest nodes (they may, when
 * no side of them is free, so the most central actors keep their names).
 */
async function labelsOnDiscs(page: Page, keep = 12): Promise<string[]> {
  const { labels, discs } = await page.evaluate(() => ({ labels: window.__actorGraph!.drawnLabels(), discs: window.__actorGraph!.nodeDiscs() }));
  const largest = new Set([...discs].sort((a, b) => b.r - a.r || (a.node < b.node ? -1 : 1)).slice(0, keep).map((d) => d.node));
  const covered: string[] = [];
  for (const { node, box } of labels) {
    if (!box || largest.has(node)) continue;
    for (const d of discs) {
      if (d.node === node) continue;
      const dx = d.x - Math.max(box.minX, Math.min(d.x, box.maxX));
      const dy = d.y - Math.max(box.minY, Math.min(d.y, box.maxY));
      if (dx * dx + dy * dy < d.r * d.r) covered.push(`${node} label × ${d.node}`);
    }
  }
  return covered;
}

/** Waits until the label placement has settled (two equal readings in a row). */
async function settledLabels(page: Page): Promise<void> {
  let previous = "";
  await poll(async () => {
      const now = JSON.stringify(await page.evaluate(() => window.__actorGraph!.drawnLabels().map((l) => l.node).sort()));
      const same = now === previous && now !== "[]";
      previous = now;
      return same;
    }, { interval: 250 })
    .toBe(true);
}

/** Two fingers through the DevTools protocol: pinch from `from` to `to` pixels apart around a centre. */
async function pinch(page: Page, centre: { x: number; y: number }, from: number, to: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const points = (d: number) => [
    { x: centre.x - d / 2, y: centre.y, id: 1 },
    { x: centre.x + d / 2, y: centre.y, id: 2 },
  ];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: points(from) });
  for (let step = 1; step <= 8; step++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: points(from + ((to - from) * step) / 8) });
    await page.waitForTimeout(16);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

async function drag(page: Page, start: { x: number; y: number }, dx: number, dy: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ ...start, id: 1 }] });
  for (let step = 1; step <= 8; step++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: start.x + (dx * step) / 8, y: start.y + (dy * step) / 8, id: 1 }] });
    await page.waitForTimeout(16);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

describe("viewer on small screens", () => {
  for (const [width, height] of [
    [390, 844],
    [768, 1024],
    [1024, 700],
  ] as const) {
    it(`should start at ${width}×${height} with the graph taking the screen, panels as drawers, touch pan and pinch zoom`, async () => {
      const { page, problems } = await open("/", width, height, true);
      const graph = (await page.locator("#graph").boundingBox())!;
      expect(graph.width).toBeGreaterThanOrEqual(width - 1);
      expect(graph.height).toBeGreaterThan(height * 0.6);
      expect(await page.locator("#controls").isVisible()).toBe(false);
      expect(await page.locator("#details").isVisible()).toBe(false);

      // The controls open as a drawer over the graph (which keeps its size) and close with Escape.
      await page.locator("#toggle-controls").click();
      await poll(() => page.locator("#controls").isVisible()).toBe(true);
      expect((await page.locator("#graph").boundingBox())!.width).toBe(graph.width);
      await page.keyboard.press("Escape");
      await poll(() => page.locator("#controls").isVisible()).toBe(false);

      // Choosing an actor opens its details as a drawer (tablet) or a bottom sheet (phone).
      await page.fill("#search-input", "Tajikistan");
      await page.waitForSelector(".ac-option");
      await page.press("#search-input", "Enter");
      await poll(() => page.locator(".details-title").textContent()).toBe("Tajikistan");
      const sheet = (await page.locator("#details").boundingBox())!;
      if (width < 700) {
        expect(sheet.width).toBeGreaterThanOrEqual(width - 1);
        expect(sheet.y).toBeGreaterThan(height / 3);
      } else expect(sheet.width).toBeLessThan(width * 0.9);
      await page.keyboard.press("Escape");
      await poll(() => page.locator("#details").isVisible()).toBe(false);

      // Touch: a two-finger pinch zooms in, a one-finger drag pans.
      const centre = { x: graph.x + graph.width / 2, y: graph.y + graph.height / 2 };
      const before = await page.evaluate(() => window.__actorGraph!.camera());
      await pinch(page, centre, 60, 220);
      await poll(() => page.evaluate(() => window.__actorGraph!.camera().ratio)).toBeLessThan(before.ratio * 0.8);
      const zoomed = await page.evaluate(() => window.__actorGraph!.camera());
      await drag(page, { x: centre.x, y: centre.y + 40 }, -120, 0);
      await poll(() => page.evaluate(() => window.__actorGraph!.camera().x)).not.toBeCloseTo(zoomed.x, 3);

      expect(problems).toEqual([]);
    }, 90_000);
  }
});

describe("readable labels (curated graph, default zoom)", () => {
  it("should draw no two labels over each other or over other nodes, and keep the most central actors' labels", async () => {
    const { page, problems } = await open("/", 1400, 900);
    await settledLabels(page);
    const { drawn, overlaps } = await labelOverlaps(page);
    expect(overlaps).toEqual([]);
    expect(await labelsOnDiscs(page)).toEqual([]);
    expect(drawn.length).toBeGreaterThan(30);
    // The five actors with the highest degree (the default size metric) keep their labels.
    const central = await page.evaluate(() =>
      window.__actorGraph!
        .visibleNodes()
        .map((n) => ({ n, degree: window.__actorGraph!.nodeAttributes(n)!.degree as number }))
        .sort((a, b) => b.degree - a.degree)
        .slice(0, 5)
        .map((x) => x.n),
    );
    expect(drawn).toEqual(expect.arrayContaining(central));
    expect(problems).toEqual([]);
  });

  it("should draw no overlapping labels from the first frame, before the placement has run", async () => {
    const { page, problems } = await suite.page({ width: 1400, height: 900 });
    // The labels drawn at the moment the viewer says it is ready (a mutation observer runs before any later frame).
    await page.addInitScript(() => {
      new MutationObserver((_records, observer) => {
        if (document.body?.dataset.ready !== "true") return;
        observer.disconnect();
        (window as unknown as { firstLabels: unknown }).firstLabels = window.__actorGraph!.drawnLabels();
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
    });
    await page.goto(`${suite.server.url}/`);
    await page.waitForFunction(() => "firstLabels" in window);
    const first = (await page.evaluate(() => (window as unknown as { firstLabels: { node: string; box: Box | null }[] }).firstLabels)) as {
      node: string;
      box: Box;
    }[];
    const overlapping = first.filter((a, i) => first.some((b, j) => j > i && a.box.minX < b.box.maxX && b.box.minX < a.box.maxX && a.box.minY < b.box.maxY && b.box.minY < a.box.maxY));
    expect(overlapping.map((l) => l.node)).toEqual([]);
    await settledLabels(page);
    expect((await labelOverlaps(page)).drawn.length).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });

  it("should keep labels apart and off other nodes on small screens too", async () => {
    for (const [width, height] of [
      [390, 844],
      [1024, 700],
    ] as const) {
      const watched = await open("/", width, height);
      const { page, problems } = watched;
      await settledLabels(page);
      const { drawn, overlaps } = await labelOverlaps(page);
      expect(overlaps).toEqual([]);
      expect(await labelsOnDiscs(page)).toEqual([]);
      expect(drawn.length).toBeGreaterThan(10);
      expect(problems).toEqual([]);
      await watched.close();
    }
  }, 90_000);
});
