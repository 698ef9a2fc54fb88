import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { briefDataset, scriptLabel } from "../fixtures/report/brief-dataset.js";
import { startApp, type RunningApp } from "./_app.js";

let app: RunningApp;
beforeAll(async () => {
  app = await startApp(await briefDataset());
});
afterAll(() => app.close());

const get = (path: string) => fetch(`${app.url}${path}`);

async function expectError(res: Response, status: number, code: string, param?: string, mention?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  const body = await res.json();
  expect(body.error.code).toBe(code);
  if (param) expect(body.error.param).toBe(param);
  if (mention) expect(body.error.message).toMatch(mention);
  return body;
}

/** Splits a Markdown brief into its body, its numbered notes and its bibliography ids. */
function readMarkdown(md: string) {
  const [body, rest] = md.split("\n## Notes\n");
  const [notesText, bibliographyText] = rest.split("\n## Bibliography\n");
  const notes = new Map<number, string>();
  for (const m of notesText.matchAll(/^(\d+)\. (.+)$/gm)) notes.set(Number(m[1]), m[2]);
  const bibliography = [...bibliographyText.matchAll(/^\d+\. \*\*(.+?)\*\*/gm)].map((m) => m[1].replace(/\\(.)/g, "$1"));
  const used = new Set([...body.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  return { body, notes, bibliography, used };
}

describe("GET /api/report?format=md", () => {
  it("should answer a CommonMark brief with every section and a footnote behind each cited statement", async () => {
    const res = await get("/api/report?focus=iskp&format=md&from=2014&to=2022");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/markdown; charset=utf-8/);
    const md = await res.text();
    expect(md).toMatch(/^# Brief: ISKP\n/);
    expect(md).toMatch(/- Data version: [0-9a-f]{16}\n/);
    for (const title of ["Exposure", "Alignments under strain", "Hostile actors and the strongest paths", "What changed", "Contested claims", "Notes", "Bibliography"])
      expect(md).toContain(`\n## ${title}\n`);
    // The rivalry, cited to its paragraph, shows up as a threat and as a hostile actor.
    const { body, notes } = readMarkdown(md);
    const rivalry = [...notes].find(([, text]) => text === "S1, P2: taliban rival-of iskp")?.[0];
    expect(rivalry).toBeDefined();
    expect(body).toContain(`Taliban rival of ISKP (reported, 2015–…)[${rivalry}]`);
    expect(body).toMatch(/\| \*\*Taliban\*\* \| Taliban rival of ISKP/);
    // The one unbalanced triad (rival, hosts, courts) and the contested IMU pair are listed.
    expect(body).toMatch(/1 unbalanced triad\(s\), 1 ambivalent pair\(s\)/);
    expect(body).toMatch(/- ETIM, ISKP, Taliban: /);
    expect(body).toMatch(/- ISKP – IMU: positive allied-with \(2014–…\) and negative hostile-to \(2016–…\)/);
    // The 2022 attack appears between 2014 and 2022.
    expect(body).toMatch(/- Hotel attack \(attack, 2022-12\)\[\d+\]/);
  });

  it("should number notes 1..N, use each one, and cite only sources the bibliography lists", async () => {
    const md = await (await get("/api/report?focus=iskp&format=md&from=2014&to=2022")).text();
    const { notes, bibliography, used } = readMarkdown(md);
    expect(notes.size).toBeGreaterThan(5);
    expect([...notes.keys()]).toEqual(Array.from({ length: notes.size }, (_, i) => i + 1));
    for (const n of used) expect(notes.has(n), `footnote [${n}] has no note`).toBe(true);
    for (const n of notes.keys()) expect(used.has(n), `note ${n} is never referenced`).toBe(true);
    for (const text of notes.values()) expect(bibliography).toContain(text.split(",")[0].replace(/\\(.)/g, "$1"));
    // weber-2022b is cited in S1, so S1 is listed too, with its title and author.
    expect(bibliography).toEqual(expect.arrayContaining(["S1", "weber-2022b"]));
    expect(md).toMatch(/\*\*S1\*\* V\.? ?Balasubramaniyan, \*Islamic State in Khorasan Province/);
  });

  it("should escape markup from the data so that none of it is live", async () => {
    const md = await (await get("/api/report?focus=iskp&format=md")).text();
    // Every "<" from the data is backslash-escaped, so CommonMark shows it as a character, never as raw HTML.
    expect(md).not.toMatch(/(^|[^\\])</m);
    expect(md).toContain("\\<script\\>alert(1)\\</script\\>");
    expect(md).toContain("\\<img src=x onerror=alert(3)\\> \\| a pipe \\* a star \\[1\\] \\& more.");
  });

  it("should default to Markdown and follow the filters", async () => {
    const md = await (await get("/api/report?focus=iskp&relations=allied-with")).text();
    expect(md).toContain("No actor has a negative relation to or from ISKP in the view.");
    expect(md).toContain("No date range was given");
  });
});

describe("GET /api/report?format=html", () => {
  it("should answer a standalone HTML page with the ego-network SVG inline and a CSP allowing only its stylesheet", async () => {
    const res = await get("/api/report?focus=iskp&format=html&from=2014&to=2022");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html; charset=utf-8/);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toMatch(/<figure><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(html).not.toContain("<?xml");
    expect(html).toMatch(/@media print \{[^]*nav \{ display: none; \}[^]*break-inside: avoid/);
    const style = /<style>([^]*?)<\/style>/.exec(html)![1];
    const hash = createHash("sha256").update(style).digest("base64");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|script-src/);
  });

  it("should link every footnote to a note and every note to a listed source", async () => {
    const html = await (await get("/api/report?focus=iskp&format=html&from=2014&to=2022")).text();
    const refs = new Set([...html.matchAll(/href="#note-(\d+)"/g)].map((m) => Number(m[1])));
    const notes = [...html.matchAll(/<li id="note-(\d+)">([^,<]+),/g)].map((m) => ({ n: Number(m[1]), source: m[2] }));
    expect(refs.size).toBeGreaterThan(5);
    expect(new Set(notes.map((x) => x.n))).toEqual(refs);
    const sources = [...html.matchAll(/<li id="source-\d+"><strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
    for (const { source } of notes) expect(sources).toContain(source);
  });

  it("should show the markup label as text only", async () => {
    const html = await (await get("/api/report?focus=iskp&format=html")).text();
    const body = html.slice(html.indexOf("<body>"));
    expect(body).not.toMatch(/<script|<img|<i>|<b>|onerror=alert\(\d\)>/i);
    expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(body).toContain("&lt;img src=x onerror=alert(3)&gt; | a pipe * a star [1] &amp; more.");
    expect(scriptLabel).toBe("<script>alert(1)</script>");
  });
});

describe("/api/report in the API description", () => {
  it("should be documented in OpenAPI with its parameters, and refuse writes with 405", async () => {
    const doc = await (await get("/api/openapi.json")).json();
    const names = doc.paths["/api/report"].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(["focus", "format", "from", "to", "kinds", "relations", "minConfidence", "asOf"]));
    await expectError(await fetch(`${app.url}/api/report?focus=iskp`, { method: "POST" }), 405, "METHOD_NOT_ALLOWED");
  });
});

describe("GET /api/report errors", () => {
  it("should answer 404 NODE_NOT_FOUND naming an unknown focus", async () => {
    await expectError(await get("/api/report?focus=ghost&format=md"), 404, "NODE_NOT_FOUND", "focus", /ghost/);
  });

  it("should answer 400 naming a bad or missing parameter", async () => {
    await expectError(await get("/api/report?format=md"), 400, "BAD_PARAM", "focus");
    await expectError(await get("/api/report?focus=iskp&format=pdf"), 400, "BAD_PARAM", "format");
    await expectError(await get("/api/report?focus=iskp&from=2022-13&to=2023"), 400, "BAD_PARAM", "from");
    await expectError(await get("/api/report?focus=iskp&from=2022&to=20x"), 400, "BAD_PARAM", "to");
    await expectError(await get("/api/report?focus=iskp&from=2023&to=2020"), 400, "BAD_PARAM", "from", /after/);
    await expectError(await get("/api/report?focus=iskp&from=2020"), 400, "BAD_PARAM", "to", /required/);
    await expectError(await get("/api/report?focus=iskp&asOf=yesterday"), 400, "BAD_PARAM", "asOf");
    await expectError(await get("/api/report?focus=iskp&kinds=warlord"), 400, "BAD_PARAM", "kinds");
  });
});
