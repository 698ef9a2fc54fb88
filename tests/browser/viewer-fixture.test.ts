// Browser tests of the viewer over a small fixture graph: rendering, search, paths, time, PNG, snapshots, escaping.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { paintedStats, settledCamera, viewerSuite, waitForViewer } from "./_browser.js";
import { colourStats, decodePng, isPng } from "./_png.js";
import { fixtureDataDir } from "./_server.js";

const DIM_NODE = "#dfe3e8";
const DIM_EDGE = "#e9ecef";

const suite = viewerSuite(fixtureDataDir);
const { open } = suite;

/** Types into an autocomplete, waits for a suggestion and picks it with Enter. */
async function choose(page: Page, input: string, text: string): Promise<void> {
  await page.fill(input, text);
  await page.waitForSelector(`${input} ~ .ac-list .ac-option, .ac-box:has(${input}) .ac-option`, { timeout: 5_000 });
  await page.press(input, "Enter");
}

async function tableRows(page: Page): Promise<{ edge: string; since: string }[]> {
  return page.$$eval("#relations-table tbody tr", (rows) =>
    rows.map((row) => ({ edge: (row as HTMLElement).dataset.edge ?? "", since: (row as HTMLElement).dataset.since ?? "" })),
  );
}

describe("viewer (fixture data)", () => {
  it("should render a non-blank graph", async () => {
    const { page, problems } = await open();
    const stats = await paintedStats(page, "#graph", 20, 0.002);
    expect(stats.distinct).toBeGreaterThan(20);
    expect(stats.nonBackground).toBeGreaterThan(0.002);
    const visible = await page.evaluate(() => window.__actorGraph!.visibleEdges().length);
    expect(visible).toBe(16);
    expect(await page.locator("#data-status").textContent()).toContain("12 actors · 16 relations");
    expect(problems).toEqual([]);
  });

  it("should open the details panel with evidence from a search, and move along a relation", async () => {
    const { page, problems } = await open();
    await choose(page, "#search-input", "IMU");
    await expect.poll(() => page.locator(".details-title").textContent()).toBe("Islamic Movement of Uzbekistan");
    expect(new URL(page.url()).searchParams.get("node")).toBe("imu");
    await expect.poll(() => page.locator("#details .evidence li").allTextContents()).toContain("S1 ¶19: Fixture evidence for Islamic Movement of Uzbekistan.");
    const group = page.locator(".relation-group", { has: page.locator(".relation-type", { hasText: "allied with" }) });
    await expect.poll(() => group.locator(".evidence li").first().textContent()).toBe("S1 ¶19: Fixture claim: imu allied-with iskp.");
    await expect.poll(() => group.locator(".badge").first().textContent()).toBe("reported");
    await expect.poll(() => group.locator(".span").first().textContent()).toBe("since 2014");
    await group.getByRole("button", { name: "Islamic State Khorasan Province" }).click();
    await expect.poll(() => page.locator(".details-title").textContent()).toBe("Islamic State Khorasan Province");
    expect(new URL(page.url()).searchParams.get("node")).toBe("iskp");
    // The selection is drawn by the reducer (label forced, on top), not written into the graph.
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.nodeDisplay("iskp"))).toMatchObject({ labelVisibility: "visible", depth: "topNodes" });
    const attributes = await page.evaluate(() => window.__actorGraph!.nodeAttributes("iskp"));
    expect(Object.keys(attributes ?? {})).not.toContain("color");
    await expect.poll(() => page.locator("#details .facts").textContent()).toContain("S1 ¶12: Fixture fact claim about Uyghur members.");
    expect(problems).toEqual([]);
  });

  it("should highlight a path found by the path finder and fit the camera to it", async () => {
    const { page, problems } = await open();
    await choose(page, "[data-role=path-from] input", "IMU");
    await choose(page, "[data-role=path-to] input", "China");
    const camera = await page.evaluate(() => JSON.stringify((window.__actorGraph!.state as { camera: unknown }).camera));
    await page.getByRole("button", { name: "Find paths" }).click();
    await page.waitForSelector(".path-result.selected");
    const results = page.locator(".path-result");
    expect(await results.count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => results.first().locator(".hop-node").allTextContents()).toEqual([
      "Islamic Movement of Uzbekistan",
      "Islamic State Khorasan Province",
      "Islamic State Khorasan Province",
      "China",
    ]);
    await expect.poll(() => results.first().locator(".evidence li").first().textContent()).toBe("S1 ¶19: Fixture claim: imu allied-with iskp.");

    const path = await page.evaluate(() => window.__actorGraph!.highlightedPath());
    expect(path?.nodes.sort()).toEqual(["china", "imu", "iskp"]);
    expect(path?.edges).toHaveLength(2);
    expect(path?.edges).toContain("e-imu-iskp-allied-with");
    await expect
      .poll(async () => {
        const shown = await page.evaluate((edges) => edges.map((e) => window.__actorGraph!.edgeDisplay(e)), path!.edges);
        return shown.every((d) => d && d.depth === "topEdges" && d.color !== DIM_EDGE && d.labelVisibility === "visible");
      })
      .toBe(true);
    const off = await page.evaluate(() => ({
      edge: window.__actorGraph!.edgeDisplay("e-taliban-afghanistan-governs"),
      node: window.__actorGraph!.nodeDisplay("taliban"),
      on: window.__actorGraph!.nodeDisplay("iskp"),
    }));
    expect(off.edge?.color).toBe(DIM_EDGE);
    expect(off.node?.color).toBe(DIM_NODE);
    expect(off.on?.color).not.toBe(DIM_NODE);
    const url = new URL(page.url()).searchParams;
    expect([url.get("from"), url.get("to"), url.get("path")]).toEqual(["imu", "china", "0"]);
    await expect.poll(() => page.evaluate(() => JSON.stringify((window.__actorGraph!.state as { camera: unknown }).camera))).not.toBe(camera);
    // The camera frames the path: every node of it is inside the graph area.
    const box = (await page.locator("#graph").boundingBox())!;
    await expect
      .poll(async () => {
        const points = await page.evaluate((nodes) => nodes.map((n) => window.__actorGraph!.nodePagePosition(n)), path!.nodes);
        return points.every((p) => p && p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height);
      })
      .toBe(true);

    // Unselecting the result removes the emphasis.
    await results.first().locator(".path-pick").click();
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.highlightedPath())).toBeNull();
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.nodeDisplay("taliban")?.color)).not.toBe(DIM_NODE);
    expect(problems).toEqual([]);
  });

  it("should remove relations that started later when the time slider moves before 2014", async () => {
    const { page, problems } = await open();
    await page.locator("#table-drawer summary").click();
    await expect.poll(async () => (await tableRows(page)).length).toBe(16);

    const slider = page.getByLabel("As of");
    await slider.focus();
    await page.keyboard.press("Home");
    for (let i = 0; i < 9; i++) await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.locator(".time-value").textContent()).toBe("2013");
    expect(new URL(page.url()).searchParams.get("asOf")).toBe("2013");
    await expect.poll(async () => (await tableRows(page)).length).toBe(5);
    const rows2013 = await tableRows(page);
    expect(rows2013.map((r) => r.edge)).not.toContain("e-imu-iskp-allied-with");
    for (const row of rows2013) if (row.since) expect(Number(row.since.slice(0, 4))).toBeLessThanOrEqual(2013);
    // The attack dated 2022-12 is not on the map yet.
    expect(await page.evaluate(() => window.__actorGraph!.visibleNodes())).not.toContain("kabul-hotel-attack");

    await page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await tableRows(page)).map((r) => r.edge)).toContain("e-imu-iskp-allied-with");

    // Same answer as the service's own filter, for every year of the slider.
    const mismatches = await page.evaluate(async () => {
      const out: string[] = [];
      for (let year = 2004; year <= 2023; year++) {
        const served = (await (await fetch(`/api/graph?asOf=${year}`)).json()) as { nodes: unknown[]; edges: unknown[] };
        const mine = window.__actorGraph!.count({ asOf: String(year) });
        if (mine.edges !== served.edges.length || mine.nodes !== served.nodes.length)
          out.push(`${year}: client ${mine.nodes}/${mine.edges}, service ${served.nodes.length}/${served.edges.length}`);
      }
      return out;
    });
    expect(mismatches).toEqual([]);

    await page.getByRole("button", { name: "All time" }).click();
    await expect.poll(async () => (await tableRows(page)).length).toBe(16);

    // Play steps through the years from the first one.
    await page.getByRole("button", { name: "Play through the years" }).click();
    await expect.poll(() => page.locator(".time-value").textContent()).toBe("2004");
    await expect.poll(() => page.locator(".time-value").textContent(), { timeout: 4_000 }).toBe("2005");
    await page.getByRole("button", { name: "Pause" }).click();
    const paused = await page.locator(".time-value").textContent();
    await page.waitForTimeout(1_300);
    expect(await page.locator(".time-value").textContent()).toBe(paused);
    expect(problems).toEqual([]);
  });

  it("should download a valid PNG of the current view", async () => {
    const { page, problems } = await open();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-png").click()]);
    expect(download.suggestedFilename()).toBe("actor-graph.png");
    const bytes = await readFile((await download.path())!);
    expect(isPng(bytes)).toBe(true);
    expect(bytes.length).toBeGreaterThan(10_000);
    const png = decodePng(bytes);
    expect(png.width).toBeGreaterThan(400);
    const stats = colourStats(png);
    expect(stats.distinct).toBeGreaterThan(20);
    expect(stats.nonBackground).toBeGreaterThan(0.002);
    // The service exports follow the current filters.
    await page.goto(`${suite.server.url}/?minConfidence=reported&asOf=2022`);
    await waitForViewer(page);
    const gexf = page.getByRole("link", { name: "GEXF" });
    expect(await gexf.getAttribute("href")).toBe("/api/export?format=gexf&minConfidence=reported&asOf=2022");
    const [file] = await Promise.all([page.waitForEvent("download"), gexf.click()]);
    expect(file.suggestedFilename()).toMatch(/\.gexf$/);
    const xml = await readFile((await file.path())!, "utf8");
    expect(xml).toContain("<gexf");
    // Filtered like the view: the speculative courtship is out, the reported 2022 targeting is in.
    expect(xml).not.toContain("e-iskp-etim-courts");
    expect(xml).toContain("e-iskp-china-targets");

    expect(problems).toEqual([]);
  });

  it("should restore the view from a snapshot permalink after a reload", async () => {
    const { page, problems } = await open("/?minConfidence=assessed&asOf=2022&kinds=group,state,population,attack&from=imu&to=china");
    await page.getByRole("button", { name: "Find paths" }).click();
    await expect.poll(() => page.evaluate(() => window.__actorGraph!.highlightedPath()?.nodes.length ?? 0)).toBe(3);
    await choose(page, "#search-input", "ISKP");
    await expect.poll(() => page.locator(".details-title").textContent()).toBe("Islamic State Khorasan Province");
    await settledCamera(page); // the flight to the selection must end before the view is saved
    await page.fill("#snapshot input[type=text]", "Fixture view");
    await page.getByRole("button", { name: "Save snapshot" }).click();
    const permalinkField = page.getByLabel("Permalink");
    await permalinkField.waitFor();
    const permalink = await permalinkField.inputValue();
    expect(permalink).toMatch(/\?snapshot=[A-Za-z0-9_-]+$/);
    const saved = (await page.evaluate(() => window.__actorGraph!.state)) as { camera: { x: number; y: number; ratio: number } };

    // A fresh page with only the snapshot id gets the whole view back, and keeps it across a reload.
    const second = await suite.page(); // closed after the test, like the first
    await second.page.goto(permalink);
    for (let round = 0; round < 2; round++) {
      if (round === 1) await second.page.reload();
      await waitForViewer(second.page);
      const state = (await second.page.evaluate(() => window.__actorGraph!.state)) as unknown as typeof saved & Record<string, unknown>;
      expect(state).toMatchObject({
        minConfidence: "assessed",
        asOf: "2022",
        selected: "iskp",
        kinds: ["group", "state", "population", "attack"],
        path: { from: "imu", to: "china", index: 0 },
      });
      expect(state.camera.x).toBeCloseTo(saved.camera.x, 3);
      expect(state.camera.y).toBeCloseTo(saved.camera.y, 3);
      expect(state.camera.ratio).toBeCloseTo(saved.camera.ratio, 3);
      await expect.poll(() => second.page.locator(".details-title").textContent()).toBe("Islamic State Khorasan Province");
      await expect.poll(() => second.page.evaluate(() => window.__actorGraph!.highlightedPath()?.nodes.length ?? 0)).toBe(3);
      expect(await second.page.getByLabel("Minimum confidence").inputValue()).toBe("assessed");
      expect(await second.page.locator(".time-value").textContent()).toBe("2022");
      expect(await second.page.evaluate(() => window.__actorGraph!.visibleNodes())).not.toContain("mes-aynak");
      expect(new URL(second.page.url()).searchParams.get("snapshot")).toBe(permalink.split("=").pop());
    }
    expect(second.problems).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);

  it("should show a label containing HTML as text", async () => {
    const { page, problems } = await open();
    await choose(page, "#search-input", "htmltest");
    await expect.poll(() => page.locator(".details-title").textContent()).toBe("<img src=x onerror=alert(1)>");
    expect(await page.locator("#details img, .ac-list img, #relations-table img").count()).toBe(0);
    expect(await page.locator(".details-description").textContent()).toContain("<script>alert(2)</script>");
    await page.locator("#table-drawer summary").click();
    await expect.poll(() => page.locator("#relations-table").textContent()).toContain("<img src=x onerror=alert(1)>");
    // Suggestions show it as text too.
    await page.fill("#search-input", "htmltest");
    await page.waitForSelector(".ac-option");
    expect(await page.locator(".ac-option .ac-label").first().textContent()).toBe("<img src=x onerror=alert(1)>");
    expect(await page.evaluate(() => document.querySelectorAll("img:not(.logo)").length)).toBe(0);
    expect(problems).toEqual([]);
  });

  it("should show loading, empty and error states", async () => {
    const { page, problems } = await open("/?kinds=attack&asOf=2010");
    await expect.poll(() => page.locator("#graph-overlay").textContent()).toContain("Nothing matches the current filters.");
    await page.getByRole("button", { name: "Reset filters" }).click();
    await expect.poll(() => page.locator("#graph-overlay").isHidden()).toBe(true);
    expect(await page.evaluate(() => window.__actorGraph!.visibleEdges().length)).toBe(16);
    expect(problems).toEqual([]);

    const failing = await suite.page(); // closed after the test, like the first
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await failing.page.route("**/api/graph", async (route) => {
      await held;
      await route.fulfill({ status: 500, contentType: "application/json", body: JSON.stringify({ error: { code: "DATA_INVALID", message: "graph data is invalid (1 problem(s))" } }) });
    });
    await failing.page.goto(suite.server.url);
    await expect.poll(() => failing.page.locator("#graph-overlay").textContent()).toContain("Loading the graph");
    release();
    await expect.poll(() => failing.page.locator("#graph-overlay").textContent()).toContain("The graph could not be loaded: graph data is invalid (1 problem(s)) (DATA_INVALID)");
    expect(await failing.page.getByRole("alert").first().textContent()).toContain("DATA_INVALID");
    expect(await failing.page.getByRole("button", { name: "Retry" }).isVisible()).toBe(true);
    // Only the browser's own note about the 500 answer.
    expect(failing.problems.filter((p) => !/status of 500/.test(p))).toEqual([]);
  });

  it("should explain a service error in plain words", async () => {
    const { page, problems } = await open("/?from=imu&to=china");
    // The service refuses k=11 with BAD_PARAM: let the request through with a doctored query.
    await page.route("**/api/paths?*", (route) => route.continue({ url: route.request().url().replace(/k=\d+/, "k=11") }));
    await page.getByRole("button", { name: "Find paths" }).click();
    await expect.poll(() => page.locator(".path-status").textContent()).toMatch(/Path search failed: .*\(BAD_PARAM\)/);
    // Only the browser's own note about the 400 answer.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
