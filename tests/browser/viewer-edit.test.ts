// Browser test of edit mode: enter with the token, add an actor, relate it, add evidence, see the history; markup stays text.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { viewerSuite, waitForViewer } from "./_browser.js";
import { clientDir, fixtureDataDir } from "./_server.js";
import { startEditableApp, testToken, type EditableApp } from "../api/_edit-app.js";

const suite = viewerSuite<EditableApp>({ data: fixtureDataDir, start: (dataDir) => startEditableApp(dataDir, { clientDir }) });

/** Submits the form, gives the reason in the review and saves; the viewer reloads with the new data. */
async function reviewAndSave(page: Page, form: string, reason: string): Promise<string> {
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector("#edit-diff");
  const diff = await page.textContent("#edit-diff");
  await page.fill("#edit-reason", reason);
  await Promise.all([page.waitForEvent("load", { timeout: 15_000 }), page.click("#edit-save")]);
  await waitForViewer(page);
  return diff ?? "";
}

describe("viewer edit mode", () => {
  it("should add an actor with a relation and evidence, show the diff, ask a reason and list the history", async () => {
    const { page, problems } = await suite.open("/");
    await page.click("#edit-toggle");
    await page.fill("#edit-token", testToken);
    await page.click("#edit-enter");

    const label = "Cell <b>Nine</b>";
    await page.fill("#edit-actor-label", label);
    expect(await page.inputValue("#edit-actor-key")).toBe("cell-b-nine-b");
    await page.fill("#edit-add-actor textarea[name=description]", "A cell added from the browser test.");
    await page.fill("#edit-add-actor input[name=locator]", "P3");
    await page.fill("#edit-add-actor textarea[name=claim]", "A test claim for the new cell.");
    const diff = await reviewAndSave(page, "#edit-add-actor", "browser test: new cell");
    expect(diff).toContain("+ actor cell-b-nine-b");
    expect(await page.evaluate(() => window.__actorGraph!.nodeAttributes("cell-b-nine-b")?.label)).toBe(label);

    // Select it (the token survives the reload in sessionStorage, never in the URL) and relate it to ISKP.
    await page.goto(`${suite.server.url}/?node=cell-b-nine-b`);
    await waitForViewer(page);
    expect(page.url()).not.toContain(testToken);
    await page.waitForSelector("#edit-add-relation");
    // The label is shown as text, never parsed as markup.
    expect(await page.$$eval("#details b, #edit-dock b", (nodes) => nodes.length)).toBe(0);
    await page.fill("#edit-relation-target", "iskp");
    await page.selectOption("#edit-add-relation select[name=relation]", "allied-with");
    await page.selectOption("#edit-add-relation select[name=confidence]", "assessed");
    await page.fill("#edit-add-relation input[name=r-locator]", "P5");
    await page.fill("#edit-add-relation textarea[name=r-claim]", "The cell is said to be allied with ISKP.");
    await reviewAndSave(page, "#edit-add-relation", "browser test: alliance");
    const edge = "e-cell-b-nine-b-iskp-allied-with";
    expect(await page.evaluate((e) => window.__actorGraph!.edgeAttributes(e)?.relation, edge)).toBe("allied-with");
    // The details panel shows the relation's grade: the fixture's S1 is graded B, assessed reads as 3.
    await expect.poll(() => page.locator("#details .badge.grade").first().textContent()).toBe("B3");

    await page.waitForSelector("#edit-add-evidence");
    await page.selectOption("#edit-add-evidence select[name=edge]", edge);
    await page.fill("#edit-add-evidence input[name=e-locator]", "P6");
    await page.fill("#edit-add-evidence textarea[name=e-claim]", "A second paragraph supports the alliance.");
    await page.selectOption("#edit-add-evidence select[name=e-credibility]", "2");
    const evidenceDiff = await reviewAndSave(page, "#edit-add-evidence", "browser test: more evidence");
    expect(evidenceDiff).toContain(`~ relation ${edge} evidence`);
    const details = (await (await fetch(`${suite.server.url}/api/nodes/cell-b-nine-b`)).json()) as { relations: { edge: string; evidence: { locator: string; credibility: number }[] }[] };
    expect(details.relations.find((r) => r.edge === edge)?.evidence.map((e) => [e.locator, e.credibility])).toEqual([["P5", 3], ["P6", 2]]);

    await page.waitForSelector("#edit-tab-history");
    await page.click("#edit-tab-history");
    await page.waitForSelector("#edit-history li[data-revision]");
    const history = await page.textContent("#edit-history");
    expect(history).toContain("browser test: new cell");
    expect(history).toContain("browser test: more evidence");
    expect(problems).toEqual([]);
  }, 90_000);

  it("should explain a conflict (412) when the data changed since the page loaded", async () => {
    const { page } = await suite.open("/?node=imu");
    await page.click("#edit-toggle");
    await page.fill("#edit-token", testToken);
    await page.click("#edit-enter");
    await page.waitForSelector("#edit-update-actor");
    // Another editor changes the data meanwhile.
    const other = await fetch(`${suite.server.url}/api/edits`, {
      method: "POST",
      headers: await suite.server.headers(),
      body: JSON.stringify({ reason: "someone else", ops: [{ op: "update-node", key: "imu", attributes: { description: "Changed elsewhere." } }] }),
    });
    expect(other.status).toBe(201);
    await page.fill("#edit-update-actor input[name=label]", "IMU (renamed)");
    await page.click("#edit-update-actor button[type=submit]");
    await page.fill("#edit-reason", "rename");
    await page.click("#edit-save");
    await page.waitForSelector("text=Someone else changed the data");
    expect(await page.textContent(".edit-status")).toContain(await suite.server.version());
  }, 60_000);
});
