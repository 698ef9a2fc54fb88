// Browser tests of the viewer's Analysis panel over a tiny signed fixture whose answers are counted by hand.
//
// tests/fixtures/analysis-browser: Alpha+Bravo (allied, since 2015), Bravo−Charlie (rival; its two evidence items
// disagree on confidence), Alpha+Charlie (allied): one unbalanced triad. Charlie hosts Delta (2018–2021), Echo pledged
// to Delta, Delta targets the Copper Mine China invests in (the mine dates from 2022). Foxtrot and Golf are both allied
// and hostile (an ambivalent, contested pair). By hand:
// - balance: actors 7, positive pairs 4 (A-B, A-C, C-D, E-D), negative 1 (B-C), 1 triad, unbalanced; predictions
//   A~D positive and B~D negative (via Charlie), C~E positive (via Delta).
// - exposure of China: the mine (score 1/1 + 1/2 = 1.5: Delta at cost 1, Echo → Delta → mine at cost 2) and China (0).
// - diff 2021 → 2022: added the mine and its two relations, removed Charlie hosts Delta.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import path from "node:path";
import { viewerSuite, waitForViewer } from "./_browser.js";
import { repoRoot } from "./_server.js";

const DIM_NODE = "#dfe3e8";
const DIM_EDGE = "#e9ecef";
const GHOST = "#cdd2d8";
const dataDir = path.join(repoRoot, "tests/fixtures/analysis-browser");

const suite = viewerSuite(dataDir);
const { open } = suite;

/** The visible nodes and edges the reducers do not dim (the emphasised ones while a focus is active). */
function emphasised(page: Page): Promise<{ nodes: string[]; edges: string[] }> {
  return page.evaluate(
    ([dimNode, dimEdge]) => {
      const hook = window.__actorGraph!;
      return {
        nodes: hook.visibleNodes().filter((n) => hook.nodeDisplay(n)?.color !== dimNode).sort(),
        edges: hook.visibleEdges().filter((e) => hook.edgeDisplay(e)?.color !== dimEdge).sort(),
      };
    },
    [DIM_NODE, DIM_EDGE],
  );
}

/** Every curated attribute of every node and edge, to prove the analysis never writes into the graph. */
function attributes(page: Page): Promise<string> {
  return page.evaluate(() => {
    const hook = window.__actorGraph!;
    const all = hook.visibleNodes().map((n) => [n, hook.nodeAttributes(n)]);
    const edges = hook.visibleEdges().map((e) => [e, hook.edgeAttributes(e)]);
    return JSON.stringify([all.sort(), edges.sort()]);
  });
}

const params = (page: Page) => new URL(page.url()).searchParams;

// The shared box is slow under load: each test drives several analyses and a reload.
describe("viewer analysis panel", { timeout: 90_000 }, () => {
  it("should show the balance summary and highlight exactly the unbalanced triad's nodes and edges", async () => {
    const { page, problems } = await open("/?analysis=balance");
    const before = await attributes(page);
    const stat = (id: string) => page.locator(`#analysis [data-stat=${id}]`).textContent();
    await expect.poll(() => stat("triads")).toBe("1");
    const summary = Object.fromEntries(
      await Promise.all(["actors", "positive", "negative", "ambivalent", "triads", "balanced", "unbalanced", "allNegative", "ratio"].map(async (id) => [id, await stat(id)])),
    );
    expect(summary).toEqual({ actors: "7", positive: "4", negative: "1", ambivalent: "1", triads: "1", balanced: "0", unbalanced: "1", allNegative: "0", ratio: "0" });
    // Only the open analysis is shown.
    expect(await page.locator("#analysis-balance").isVisible()).toBe(true);
    for (const other of ["exposure", "contested", "diff"]) expect(await page.locator(`#analysis-${other}`).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Balance" }).getAttribute("aria-pressed")).toBe("true");
    const predictions = page.locator("#analysis-balance button[data-item^='prediction,']");
    expect(await predictions.count()).toBe(3);
    await expect.poll(() => page.locator("#analysis-balance").textContent()).toContain("expected negative via Charlie State");
    expect(await page.locator("#analysis-balance button[data-item='pair,foxtrot,golf']").count()).toBe(1);

    // Items are buttons: the keyboard picks them.
    await page.locator("#analysis-balance button[data-item='triad,alpha,bravo,charlie']").focus();
    await page.keyboard.press("Enter");
    await expect
      .poll(() => emphasised(page))
      .toEqual({ nodes: ["alpha", "bravo", "charlie"], edges: ["e-alpha-bravo-allied", "e-alpha-charlie-allied", "e-bravo-charlie-rival"] });
    expect(params(page).get("item")).toBe("triad,alpha,bravo,charlie");
    expect(await page.locator("#analysis-balance button[data-item='triad,alpha,bravo,charlie']").getAttribute("aria-pressed")).toBe("true");

    // A prediction highlights the pair, its intermediary and the two signed relations through it.
    await page.locator("#analysis-balance button[data-item='prediction,bravo,delta']").click();
    await expect.poll(() => emphasised(page)).toEqual({ nodes: ["bravo", "charlie", "delta"], edges: ["e-bravo-charlie-rival", "e-charlie-delta-hosts"] });
    // Clicking it again clears the emphasis.
    await page.locator("#analysis-balance button[data-item='prediction,bravo,delta']").click();
    await expect.poll(async () => (await emphasised(page)).nodes.length).toBe(9);
    expect(params(page).get("item")).toBeNull();
    expect(await attributes(page)).toBe(before);
    expect(problems).toEqual([]);
  });

  it("should apply the shared filters to the analysis", async () => {
    // As of 2016 Charlie does not host Delta yet: no prediction goes through that relation any more.
    const { page, problems } = await open("/?analysis=balance&asOf=2016");
    await expect.poll(() => page.locator("#analysis [data-stat=positive]").textContent()).toBe("3");
    expect(await page.locator("#analysis [data-stat=triads]").textContent()).toBe("1");
    expect(await page.locator("#analysis-balance button[data-item^='prediction,']").count()).toBe(0);
    // Moving the filter re-runs the analysis.
    await page.getByRole("button", { name: "All time" }).click();
    await expect.poll(() => page.locator("#analysis [data-stat=positive]").textContent()).toBe("4");
    expect(problems).toEqual([]);
  });

  it("should list China's exposed assets, highlight a threat's path, and reopen it from the URL", async () => {
    const { page, problems } = await open("/?analysis=exposure");
    const before = await attributes(page);
    await expect.poll(() => params(page).get("target")).toBe("china");
    const rows = page.locator("#analysis-exposure .exposure-assets tbody tr[data-asset]");
    await expect.poll(() => rows.count()).toBe(2);
    const table = () =>
      rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent?.replace(/^[▸▾]/, "").trim())));
    expect(await table()).toEqual([
      ["Copper Mine", "investment", "1.500", "2"],
      ["China", "state", "0", "0"],
    ]);
    expect(
      await page.locator("#analysis-exposure .exposure-actors tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent))),
    ).toEqual([
      ["Delta Cell", "1", "1"],
      ["Echo Network", "1", "0.500"],
    ]);
    // Sorting by a column header (a button, so the keyboard reaches it).
    await page.getByRole("button", { name: "Asset", exact: true }).click();
    await expect.poll(table).toEqual([
      ["China", "state", "0", "0"],
      ["Copper Mine", "investment", "1.500", "2"],
    ]);
    expect(params(page).get("sort")).toBe("label");

    await page.getByRole("button", { name: "Threats to Copper Mine" }).click();
    const threats = page.locator("#analysis-exposure .threats li");
    await expect.poll(() => threats.allTextContents()).toEqual([
      "Delta Cell · cost 1Delta Cell → Copper Mine",
      "Echo Network · cost 2Echo Network → Delta Cell → Copper Mine",
    ]);
    const camera = await page.evaluate(() => JSON.stringify((window.__actorGraph!.state as { camera: unknown }).camera));
    await page.locator("#analysis-exposure button[data-item='threat,mine,echo']").click();
    const path = { nodes: ["delta", "echo", "mine"], edges: ["e-delta-mine-targets", "e-echo-delta-pledged"] };
    await expect.poll(() => emphasised(page)).toEqual(path);
    expect(params(page).get("item")).toBe("threat,mine,echo");
    const shown = await page.evaluate(() => window.__actorGraph!.edgeDisplay("e-echo-delta-pledged"));
    expect(shown).toMatchObject({ depth: "topEdges", labelVisibility: "visible" });
    // The camera frames the path.
    await expect.poll(() => page.evaluate(() => JSON.stringify((window.__actorGraph!.state as { camera: unknown }).camera))).not.toBe(camera);

    // The asset itself highlights its holding relation and every threat's path.
    await page.locator("#analysis-exposure button[data-item='asset,mine']").click();
    await expect
      .poll(() => emphasised(page))
      .toEqual({ nodes: ["china", "delta", "echo", "mine"], edges: ["e-china-mine-invests", "e-delta-mine-targets", "e-echo-delta-pledged"] });
    await page.locator("#analysis-exposure button[data-item='threat,mine,echo']").click();
    await expect.poll(() => emphasised(page)).toEqual(path);
    expect(await attributes(page)).toBe(before);

    // A reload (or the copied address) reopens the same analysis with the same item highlighted.
    await page.reload();
    await waitForViewer(page);
    await expect.poll(() => emphasised(page)).toEqual(path);
    expect(await page.locator("#analysis-exposure button[data-item='threat,mine,echo']").getAttribute("aria-pressed")).toBe("true");
    expect(await page.locator("[data-role=exposure-target] input").inputValue()).toBe("China");
    expect(await table()).toEqual([
      ["China", "state", "0", "0"],
      ["Copper Mine", "investment", "1.500", "2"],
    ]);
    expect(problems).toEqual([]);
  });

  it("should draw the date diff with added items emphasised and removed ones ghosted, and clear it", async () => {
    const { page, problems } = await open("/?analysis=diff");
    const before = await attributes(page);
    // The inputs default to the data's last two years.
    expect(await page.locator("[data-role=diff-from]").inputValue()).toBe("2021");
    expect(await page.locator("[data-role=diff-to]").inputValue()).toBe("2022");
    await page.getByRole("button", { name: "Show changes" }).click();
    await expect.poll(() => page.locator("#analysis-diff .diff-legend li").allTextContents()).toEqual([
      "Added 2021 → 2022: 1 nodes, 2 relations",
      "Removed (ghosted): 0 nodes, 1 relations",
    ]);
    expect([params(page).get("diffFrom"), params(page).get("diffTo")]).toEqual(["2021", "2022"]);
    const marks = () =>
      page.evaluate(() => {
        const hook = window.__actorGraph!;
        const nodes = hook.visibleNodes().filter((n) => hook.nodeDisplay(n)?.diff);
        const edges = hook.visibleEdges().filter((e) => hook.edgeDisplay(e)?.diff);
        return {
          nodes: nodes.sort().map((n) => [n, hook.nodeDisplay(n)!.diff]),
          edges: edges.sort().map((e) => [e, hook.edgeDisplay(e)!.diff, hook.edgeDisplay(e)!.color]),
        };
      });
    await expect.poll(async () => (await marks()).edges.length).toBe(3);
    const drawn = await marks();
    expect(drawn.nodes).toEqual([["mine", "added"]]);
    expect(drawn.edges.map(([e, d]) => [e, d])).toEqual([
      ["e-charlie-delta-hosts", "removed"],
      ["e-china-mine-invests", "added"],
      ["e-delta-mine-targets", "added"],
    ]);
    expect(drawn.edges[0][2]).toBe(GHOST);
    expect(await page.evaluate(() => window.__actorGraph!.nodeDisplay("mine"))).toMatchObject({ labelVisibility: "visible", backdropVisibility: "visible" });

    // The permalink reopens the diff.
    await page.reload();
    await waitForViewer(page);
    await expect.poll(async () => (await marks()).edges.length).toBe(3);

    await page.getByRole("button", { name: "Clear the diff" }).click();
    await expect.poll(() => marks()).toEqual({ nodes: [], edges: [] });
    expect(params(page).get("diffFrom")).toBeNull();
    expect(await page.evaluate(() => window.__actorGraph!.edgeDisplay("e-charlie-delta-hosts")?.color)).not.toBe(GHOST);
    expect(await attributes(page)).toBe(before);
    expect(problems).toEqual([]);
  });

  it("should list contested claims, highlight one, and mark contested relations in the details panel", async () => {
    const { page, problems } = await open("/?analysis=contested");
    const items = page.locator("#analysis-contested button.analysis-item");
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(() => page.locator("#analysis-contested").textContent()).toContain("evidence disagrees on confidence: reported (S1 P3) vs assessed (S1 P4)");
    await page.locator("#analysis-contested button[data-item='contested,opposite-signs,e-foxtrot-golf-allied']").click();
    await expect.poll(() => emphasised(page)).toEqual({ nodes: ["foxtrot", "golf"], edges: ["e-foxtrot-golf-allied", "e-foxtrot-golf-hostile"] });

    // The details panel marks the contested relation with its reason, and only that one. A selection's
    // neighbourhood joins the highlighted item, as it joins a highlighted path.
    await page.goto(`${suite.server.url}/?analysis=contested&node=bravo`);
    await waitForViewer(page);
    const contested = page.locator("#details .relation[data-edge='e-bravo-charlie-rival'] .contested-badge");
    await expect.poll(() => contested.count()).toBe(1);
    expect(await page.locator("#details .relation[data-edge='e-bravo-charlie-rival'] .contested-reason").textContent()).toContain(
      "evidence disagrees on confidence",
    );
    expect(await page.locator("#details .relation[data-edge='e-alpha-bravo-allied'] .contested-badge").count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
