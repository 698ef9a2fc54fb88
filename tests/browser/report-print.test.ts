// Browser test of the analyst's brief: the HTML page renders its ego-network SVG under its own CSP and prints to PDF.
import { describe, expect, it } from "vitest";
import { viewerSuite } from "./_browser.js";
import { fixtureDataDir } from "./_server.js";

const suite = viewerSuite(fixtureDataDir);

describe("the HTML brief in Chromium", () => {
  it("should render the ego-network SVG and its stylesheet with no console or CSP error, and print to an A4 PDF", async () => {
    const { page, problems } = await suite.page();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const response = await page.goto(`${suite.server.url}/api/report?focus=iskp&format=html&from=2019&to=2022`);
    expect(response?.status()).toBe(200);
    await page.waitForLoadState("load");

    // The SVG is drawn: it has a size on the page and its nodes are laid out.
    const svg = await page.locator("figure svg").boundingBox();
    expect(svg?.width).toBeGreaterThan(300);
    expect(svg?.height).toBeGreaterThan(200);
    expect(await page.locator("figure svg circle").count()).toBeGreaterThan(5);
    expect(await page.locator("figure svg text", { hasText: "Islamic State Khorasan Province" }).count()).toBeGreaterThan(0);

    // The hashed stylesheet applied (a blocked one would leave tables with separate borders).
    expect(await page.locator("table").first().evaluate((t) => getComputedStyle(t).borderCollapse)).toBe("collapse");
    // The markup label stays text: no element was made from it, and nothing ran.
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("body").innerText()).toContain("<img src=x onerror=alert(1)>");

    // Every footnote link lands on a note.
    const targets = await page.locator("sup.note a").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    expect(targets.length).toBeGreaterThan(3);
    for (const href of new Set(targets)) expect(await page.locator(href).count(), href).toBe(1);

    // Print: the navigation is hidden and the page makes a PDF.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("nav").evaluate((n) => getComputedStyle(n).display)).toBe("none");
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(10_000);
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);

    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });
});
