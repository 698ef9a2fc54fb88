// Browser tests of the viewer as an analyst uses it (issue 12): layout that follows panels, the relations table, honest
// time, relation cards with sources, selection with a path, counts and exports of what is shown, PNG, colours, keyboard.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { settledCamera, viewerSuite, waitForViewer } from "./_browser.js";
import { decodePng } from "./_png.js";

const DIM_NODE = "#dfe3e8";

/** expect.poll with room for a loaded machine (the default gives up after one second). */
const poll = <T>(fn: () => T | Promise<T>, options: { interval?: number; timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options });

const suite = viewerSuite();
const { open } = suite;
/** The curated graph's size, as the service reports it. */
let total: { nodes: number; edges: number };


beforeAll(async () => {
  total = (await (await fetch(`${suite.server.url}/api/health`)).json()) as { nodes: number; edges: number };
});


/** The graph container's box and the union of sigma's canvases inside it. */
function graphBoxes(page: Page) {
  return page.evaluate(() => {
    const graph = document.getElementById("graph")!.getBoundingClientRect();
    const canvases = [...document.querySelectorAll("#graph canvas")].map((c) => c.getBoundingClientRect());
    return {
      graph: { width: graph.width, height: graph.height, bottom: graph.bottom },
      canvas: { width: Math.max(...canvases.map((c) => c.width)), height: Math.max(...canvases.map((c) => c.height)), bottom: Math.max(...canvases.map((c) => c.bottom)) },
    };
  });
}

const hue = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const d = max - min;
  const l = (max + min) / 2;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  let h = 0;
  if (d) h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { h: (h * 60 + 360) % 360, s, l };
};

describe("viewer for analysts (curated data)", () => {
  it("should resize the graph with the table drawer and the side panels, so the canvas never covers the rows", async () => {
    const { page, problems } = await open();
    const before = await graphBoxes(page);
    await page.locator("#table-summary").click();
    await poll(async () => (await graphBoxes(page)).graph.height).toBeLessThan(before.graph.height - 100);
    await poll(async () => {
      const b = await graphBoxes(page);
      return Math.abs(b.canvas.height - b.graph.height) < 2 && Math.abs(b.canvas.bottom - b.graph.bottom) < 2;
    }).toBe(true);
    // A real click on a row reaches the row, not the canvas.
    const firstTarget = page.locator("#relations-table tbody tr").first().locator("td").nth(2).locator("button");
    const name = (await firstTarget.textContent())!;
    await firstTarget.click();
    await poll(() => page.locator(".details-title").textContent()).toBe(name);
    // Closing the table gives the whole height back; hiding the controls gives their width to the graph.
    await page.locator("#table-summary").click();
    await poll(async () => (await graphBoxes(page)).canvas.height).toBeCloseTo(before.graph.height, 0);
    await page.locator("#toggle-controls").click();
    await poll(async () => (await graphBoxes(page)).canvas.width).toBeGreaterThan(before.canvas.width + 200);
    expect(problems).toEqual([]);
  }, 60_000);

  it("should sort and filter the relations table and show many rows at once", async () => {
    const { page, problems } = await open();
    await page.locator("#table-summary").click();
    await page.waitForSelector("#relations-table tbody tr");
    const fullyShown = await page.evaluate(() => {
      const view = document.querySelector(".table-scroll")!.getBoundingClientRect();
      return [...document.querySelectorAll("#relations-table tbody tr")].filter((row) => {
        const r = row.getBoundingClientRect();
        return r.top >= view.top && r.bottom <= view.bottom;
      }).length;
    });
    expect(fullyShown).toBeGreaterThanOrEqual(10);

    const confidences = () => page.$$eval("#relations-table tbody tr td:nth-child(4)", (cells) => cells.map((c) => c.textContent));
    await page.getByRole("button", { name: "Confidence" }).click();
    expect(await page.locator('th[data-column="confidence"]').getAttribute("aria-sort")).toBe("ascending");
    const ascending = await confidences();
    expect(ascending[0]).toBe("reported");
    expect(ascending.at(-1)).toBe("speculative");
    await page.getByRole("button", { name: "Confidence" }).click();
    expect((await confidences())[0]).toBe("speculative");

    await page.fill("#table-filter", "Tajikistan");
    await poll(() => page.locator("#relations-table tbody tr").count()).toBeLessThan(total.edges);
    // Every row left mentions Tajikistan: in an actor's name, or in its evidence (shown in full on hover).
    const rows = await page.$$eval("#relations-table tbody tr", (trs) =>
      trs.map((tr) => `${tr.textContent} ${JSON.stringify(window.__actorGraph!.edgeAttributes((tr as HTMLElement).dataset.edge!))}`),
    );
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((text) => /Tajikistan/i.test(text))).toBe(true);
    expect(problems).toEqual([]);
  }, 60_000);

  it("should mark undated relations in an as-of view, hide them on request, and count dated ones only in the histogram", async () => {
    const { page, problems } = await open("/?asOf=2013");
    const iskpEdges = () => page.evaluate(() => window.__actorGraph!.visibleEdges().filter((e) => /(^|-)iskp(-|$)/.test(e)));
    const withUndated = await iskpEdges();
    expect(withUndated.length).toBeGreaterThan(0);
    const undated = await page.evaluate(() =>
      window.__actorGraph!.visibleEdges().filter((e) => {
        const a = window.__actorGraph!.edgeAttributes(e) as { since?: string; until?: string };
        return !a.since && !a.until;
      }),
    );
    expect(undated.length).toBeGreaterThan(0);
    // Drawn apart: fainter than the dated relations.
    await poll(() => page.evaluate((e) => window.__actorGraph!.edgeDisplay(e)?.opacity, undated[0])).toBeLessThan(0.5);

    await page.getByLabel(/Show undated relations/).uncheck();
    await poll(() => page.evaluate(() => window.__actorGraph!.state.hideUndated)).toBe(true);
    expect(new URL(page.url()).searchParams.get("undated")).toBe("hide");
    const shown = await page.evaluate(() => window.__actorGraph!.visibleEdges());
    expect(shown.some((e) => undated.includes(e))).toBe(false);
    expect((await iskpEdges()).length).toBeLessThan(withUndated.length);

    // The 2013 bar counts the dated relations of 2013, as the service's export of that view has them.
    const bar = await page.locator('.histogram .bar[data-year="2013"]').getAttribute("data-count");
    const served = (await (await fetch(`${suite.server.url}/api/export?format=json&asOf=2013&hideUndated=true`)).json()) as { edges: unknown[] };
    expect(Number(bar)).toBe(served.edges.length);
    expect(Number(bar)).toBe(shown.length);
    expect(problems).toEqual([]);
  }, 60_000);

  it("should open a relation's card on click with its note and every evidence item's full reference", async () => {
    const { page, problems } = await open("/?cam=0.5,0.5,1,0");
    // A relation with a note and no parallel relation (so it is drawn straight).
    const edge = "e-taliban-afghanistan-governs";
    const attributes = (await page.evaluate((e) => window.__actorGraph!.edgeAttributes(e), edge)) as { note: string; evidence: { source: string }[] };
    // Click the relation on the canvas, halfway between its ends.
    const point = await page.evaluate((e) => window.__actorGraph!.edgePagePosition(e), edge);
    await page.mouse.click(point!.x, point!.y);
    await poll(() => page.evaluate(() => window.__actorGraph!.state.edge)).toBe(edge);
    const card = page.locator("#edge-card");
    await poll(() => card.locator(".edge-note").textContent()).toContain(attributes.note);
    await poll(() => card.locator(".edge-evidence > li").count()).toBe(attributes.evidence.length);
    const references = await card.locator(".edge-reference").allTextContents();
    expect(references.some((r) => r.includes("Islamic State in Khorasan Province's Central Asia Outreach") && r.includes("Balasubramaniyan") && r.includes("2023"))).toBe(true);
    expect(new URL(page.url()).searchParams.get("edge")).toBe(edge);
    expect(problems).toEqual([]);
  }, 60_000);

  it("should keep a highlighted path when a node is selected, dim non-neighbours and leave the camera where it was", async () => {
    const { page, problems } = await open("/?from=imu&to=china&path=0");
    await poll(() => page.evaluate(() => window.__actorGraph!.highlightedPath()?.nodes.length ?? 0)).toBeGreaterThanOrEqual(2);
    const path = (await page.evaluate(() => window.__actorGraph!.highlightedPath()))!;
    const camera = await settledCamera(page);
    // A visible node off the path, inside the graph area.
    const target = await page.evaluate((onPath) => {
      const hook = window.__actorGraph!;
      const box = document.getElementById("graph")!.getBoundingClientRect();
      return hook
        .visibleNodes()
        .filter((n) => !onPath.includes(n))
        .map((n) => ({ n, p: hook.nodePagePosition(n)!, size: (hook.nodeDisplay(n)?.size as number) ?? 0 }))
        .filter(({ p }) => p.x > box.left + 40 && p.x < box.right - 60 && p.y > box.top + 40 && p.y < box.bottom - 60)
        .sort((a, b) => b.size - a.size)[0];
    }, path.nodes);
    await page.mouse.click(target.p.x, target.p.y);
    await poll(() => page.evaluate(() => window.__actorGraph!.state.selected)).not.toBeNull();
    const selected = (await page.evaluate(() => window.__actorGraph!.state.selected)) as string;
    expect(await page.evaluate(() => window.__actorGraph!.highlightedPath())).toEqual(path);
    expect(await settledCamera(page)).toEqual(camera);
    const details = (await (await fetch(`${suite.server.url}/api/nodes/${selected}`)).json()) as { relations: { other: { id: string } }[] };
    const neighbours = new Set(details.relations.map((r) => r.other.id));
    const far = (await page.evaluate(() => window.__actorGraph!.visibleNodes())).find((n) => n !== selected && !neighbours.has(n) && !path.nodes.includes(n))!;
    const colours = () => page.evaluate(
      ({ selected, neighbour, onPath, far }) => ({
        selected: window.__actorGraph!.nodeDisplay(selected)?.color,
        neighbour: window.__actorGraph!.nodeDisplay(neighbour)?.color,
        onPath: window.__actorGraph!.nodeDisplay(onPath)?.color,
        far: window.__actorGraph!.nodeDisplay(far)?.color,
      }),
      { selected, neighbour: [...neighbours][0], onPath: path.nodes[0], far },
    );
    // The display data refreshes on sigma's next frame after the selection changes.
    await poll(async () => (await colours()).far).toBe(DIM_NODE);
    const shown = await colours();
    expect(shown.selected).not.toBe(DIM_NODE);
    expect(shown.neighbour).not.toBe(DIM_NODE);
    expect(shown.onPath).not.toBe(DIM_NODE);
    expect(problems).toEqual([]);
  }, 60_000);

  it("should count, export and snapshot exactly what is shown under an ego focus", async () => {
    const { page, problems } = await open("/?node=iskp&ego=2");
    await poll(() => page.evaluate(() => window.__actorGraph!.visibleNodes().length)).toBeLessThan(total.nodes);
    const nodes = await page.evaluate(() => window.__actorGraph!.visibleNodes().length);
    const edges = await page.evaluate(() => window.__actorGraph!.visibleEdges().length);
    expect(await page.locator("#shown-count").textContent()).toBe(`${nodes} of ${total.nodes} actors · ${edges} of ${total.edges} relations`);
    const href = (await page.getByRole("link", { name: "JSON" }).getAttribute("href"))!;
    const exported = (await (await fetch(`${suite.server.url}${href}`)).json()) as { nodes: unknown[]; edges: unknown[] };
    expect([exported.nodes.length, exported.edges.length]).toEqual([nodes, edges]);
    // A snapshot freezes the same focused view, and offers every download format of the export panel.
    await page.getByRole("button", { name: "Save snapshot" }).click();
    const id = (await page.getByLabel("Permalink").getAttribute("data-snapshot"))!;
    const snapshot = (await (await fetch(`${suite.server.url}/api/snapshots/${id}`)).json()) as { stats: { nodes: number; edges: number } };
    expect(snapshot.stats).toEqual({ nodes, edges });
    const downloads = page.getByRole("group", { name: "Snapshot downloads" }).getByRole("link");
    const exportLinks = page.getByRole("group", { name: "Download the filtered view" }).getByRole("link");
    expect(await downloads.allTextContents()).toEqual(await exportLinks.allTextContents());
    const json = page.getByRole("group", { name: "Snapshot downloads" }).getByRole("link", { name: "JSON" });
    const frozen = (await (await fetch(`${suite.server.url}${await json.getAttribute("href")}`)).json()) as { nodes: unknown[]; edges: unknown[] };
    expect([frozen.nodes.length, frozen.edges.length]).toEqual([nodes, edges]);
    expect(problems).toEqual([]);
  }, 60_000);

  it("should hide unconnected actors on request, in the view, the counts and the exports", async () => {
    const { page, problems } = await open("/?relations=allied-with");
    const all = await page.evaluate(() => window.__actorGraph!.visibleNodes().length);
    await page.getByLabel("Hide unconnected actors").check();
    await poll(() => page.evaluate(() => window.__actorGraph!.visibleNodes().length)).toBeLessThan(all);
    const shown = await page.evaluate(() => ({ nodes: window.__actorGraph!.visibleNodes(), edges: window.__actorGraph!.visibleEdges() }));
    expect(await page.locator("#shown-count").textContent()).toContain(`${shown.nodes.length} of ${total.nodes} actors`);
    const href = (await page.getByRole("link", { name: "JSON" }).getAttribute("href"))!;
    const exported = (await (await fetch(`${suite.server.url}${href}`)).json()) as { nodes: { key: string }[]; edges: unknown[] };
    expect(exported.nodes.map((n) => n.key).sort()).toEqual([...shown.nodes].sort());
    expect(exported.edges.length).toBe(shown.edges.length);
    expect(problems).toEqual([]);
  }, 60_000);

  it("should show a reopened snapshot's title and note", async () => {
    const { page, problems } = await open("/?asOf=2022");
    await page.getByLabel("Snapshot title").fill("ISKP in 2022");
    await page.getByLabel("Note", { exact: true }).fill("Allies and enemies as the article dates them.");
    await page.getByRole("button", { name: "Save snapshot" }).click();
    const permalink = await page.getByLabel("Permalink").inputValue();
    await page.goto(permalink);
    await waitForViewer(page);
    await poll(() => page.locator("#snapshot-card .snapshot-card-title").textContent()).toBe("ISKP in 2022");
    expect(await page.locator("#snapshot-card .snapshot-card-note").textContent()).toBe("Allies and enemies as the article dates them.");
    expect(await page.locator("#snapshot-card").isVisible()).toBe(true);
    expect(problems).toEqual([]);
  }, 60_000);

  it("should export a PNG with a caption band, the graph, the legend on its own band and the sources line", async () => {
    const { page, problems } = await open("/?asOf=2022");
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-png").click()]);
    const png = decodePng(await readFile((await download.path())!));
    const layout = JSON.parse((await page.locator("#export-png").getAttribute("data-layout"))!) as { width: number; header: number; graph: number; legend: number; sources: number };
    const stage = await graphBoxes(page);
    expect(layout.graph).toBe(Math.round(stage.canvas.height));
    expect(layout.header).toBeGreaterThan(30);
    expect(layout.legend).toBeGreaterThan(15);
    expect(layout.sources).toBeGreaterThan(10);
    expect([png.width, png.height]).toEqual([layout.width, layout.header + layout.graph + layout.legend + layout.sources]);
    const dark = (y0: number, y1: number) => {
      let count = 0;
      for (let y = y0; y < y1; y++)
        for (let x = 0; x < png.width; x++) {
          const i = (y * png.width + x) * png.channels;
          if (png.pixels[i] < 140 && png.pixels[i + 1] < 140 && png.pixels[i + 2] < 140) count++;
        }
      return count;
    };
    expect(dark(0, layout.header)).toBeGreaterThan(200); // title, filters, date
    const legendTop = layout.header + layout.graph;
    expect(dark(legendTop, legendTop + layout.legend)).toBeGreaterThan(200); // legend labels
    expect(dark(legendTop + layout.legend, png.height)).toBeGreaterThan(100); // sources line
    expect(problems).toEqual([]);
  }, 60_000);

  it("should colour relations in families by sign and nodes by community on demand", async () => {
    const { page, problems } = await open();
    const schema = (await (await fetch(`${suite.server.url}/api/schema`)).json()) as { relations: { id: string; sign: string }[] };
    const colours = await page.evaluate((ids) => ids.map((id) => window.__actorGraph!.relationColor(id)), schema.relations.map((r) => r.id));
    expect(new Set(colours).size).toBe(colours.length);
    schema.relations.forEach((r, i) => {
      const { h, s } = hue(colours[i]);
      // Greens and blues; saturated reds and oranges; greys and muted browns.
      if (r.sign === "positive") expect(s > 0.25 && h >= 80 && h <= 230, `${r.id} ${colours[i]}`).toBe(true);
      else if (r.sign === "negative") expect(s > 0.6 && (h <= 32 || h >= 330), `${r.id} ${colours[i]}`).toBe(true);
      else expect(s < 0.05 || (h >= 20 && h <= 45 && s <= 0.45), `${r.id} ${colours[i]}`).toBe(true);
    });

    await page.getByLabel("Colour nodes by").selectOption("community");
    await poll(() => new URL(page.url()).searchParams.get("color")).toBe("community");
    // The URL changes before sigma's next frame refreshes the display data, so wait for the colours themselves.
    const communityColours = () =>
      page.evaluate(() => {
        const hook = window.__actorGraph!;
        const seen = new Map<number, string>();
        for (const n of hook.visibleNodes()) seen.set(hook.nodeAttributes(n)!.community as number, hook.nodeDisplay(n)!.color as string);
        return [...seen.values()];
      });
    const communities = (await communityColours()).length;
    expect(communities).toBeGreaterThan(2);
    await poll(async () => new Set(await communityColours()).size).toBe(Math.min(communities, 12));
    expect(problems).toEqual([]);
  }, 60_000);

  it("should clear search and selection with Escape, walk to neighbours with arrows, and skip to panels in a short Tab cycle", async () => {
    const { page, problems } = await open("/?node=iskp");
    await page.locator("#search-input").fill("Taj");
    await page.waitForSelector(".ac-option");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    expect(await page.locator("#search-input").inputValue()).toBe("");
    await poll(() => page.evaluate(() => window.__actorGraph!.state.selected)).toBeNull();

    await page.goto(`${suite.server.url}/?node=iskp`);
    await waitForViewer(page);
    const neighbours = new Set(((await (await fetch(`${suite.server.url}/api/nodes/iskp`)).json()) as { relations: { other: { id: string } }[] }).relations.map((r) => r.other.id));
    await page.locator("#graph").focus();
    await page.keyboard.press("ArrowRight");
    await poll(() => page.evaluate(() => window.__actorGraph!.state.selected)).not.toBe("iskp");
    expect(neighbours.has((await page.evaluate(() => window.__actorGraph!.state.selected)) as string)).toBe(true);

    // Skip links reach each panel.
    await page.goto(`${suite.server.url}/`);
    await waitForViewer(page);
    const skips = await page.locator(".skip-link").allTextContents();
    expect(skips).toEqual(expect.arrayContaining(["Skip to search", "Skip to filters", "Skip to time", "Skip to path finder", "Skip to export", "Skip to details"]));
    await page.locator(".skip-link", { hasText: "Skip to path finder" }).focus();
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.closest("details")?.id)).toBe("panel-paths");

    // A full Tab cycle back to the first stop.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("Tab");
    await page.evaluate(() => document.activeElement?.setAttribute("data-first-stop", ""));
    let stops = 1;
    for (; stops < 100; stops++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.hasAttribute("data-first-stop") ?? false)) break;
    }
    expect(stops).toBeLessThan(70);
    expect(problems).toEqual([]);
  }, 90_000);
});
