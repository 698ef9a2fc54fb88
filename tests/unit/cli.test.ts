import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCli } from "../../server/cli.js";

const fixture = (name: string) => path.resolve(import.meta.dirname, "../fixtures/data", name);

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runCli(args, (s) => lines.push(s));
  return { code, out: lines.join("\n") };
}

describe("runCli", () => {
  it("should validate a good directory and exit 0", async () => {
    const r = await run(["validate", fixture("valid")]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ok: 5 nodes, 5 edges/);
  });

  it("should print every problem of a bad directory and exit non-zero", async () => {
    const r = await run(["validate", fixture("broken")]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/edges\/relations\.json \$\.edges\[0\]\.target: dangling target/);
    expect(r.out).toMatch(/\d+ problem\(s\)/);
  });

  it("should print paths hop by hop with citations, accepting labels and aliases", async () => {
    const r = await run(["path", "Alpha Fröntier", "DP", "--data", fixture("valid"), "--k", "2"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/#1 {2}2 hop\(s\)/);
    expect(r.out).toMatch(/Alpha Front/);
    expect(r.out).toMatch(/S1 P9: /);
  });

  it("should suggest names when one is unknown", async () => {
    await expect(run(["path", "Alpha", "Gamaland", "--data", fixture("valid")])).rejects.toThrow(/no actor is called "Gamaland".*Did you mean: Gammaland \(gamma\)/);
  });

  it("should export a filtered view to a file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ag-cli-"));
    const file = path.join(dir, "view.json");
    const r = await run(["export", "--format", "json", "--relations", "allied-with", "-o", file, "--data", fixture("valid"), "--snapshots", dir]);
    expect(r.code).toBe(0);
    const body = JSON.parse(await readFile(file, "utf8"));
    expect(body.edges.map((e: { key: string }) => e.key)).toEqual(["e-alpha-beta-allied-with"]);
  });

  it("should export STIX, then load that bundle back with --data, and choose the GEXF version", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ag-cli-"));
    const file = path.join(dir, "view.stix.json");
    expect((await run(["export", "--format", "stix", "-o", file, "--data", fixture("valid"), "--snapshots", dir])).code).toBe(0);
    expect(JSON.parse(await readFile(file, "utf8")).type).toBe("bundle");
    const back = await run(["validate", file]);
    expect(back.out).toMatch(/^ok: 5 nodes, 5 edges/);
    const gexf = await run(["export", "--format", "gexf", "--gexf-version", "1.3", "--data", fixture("valid"), "--snapshots", dir]);
    expect(gexf.out).toContain('version="1.3"');
    await expect(run(["export", "--format", "gexf", "--gexf-version", "2", "--data", fixture("valid"), "--snapshots", dir])).rejects.toThrow(/--gexf-version: expected one of 1\.2draft, 1\.3/);
  });

  it("should print counts by kind and relation", async () => {
    const r = await run(["stats", "--data", fixture("valid")]);
    expect(r.out).toMatch(/5 nodes, 5 edges/);
    expect(r.out).toMatch(/group\s+2/);
  });

  it("should list snapshots, and say so when there are none", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ag-cli-"));
    expect((await run(["snapshot", "list", "--data", fixture("valid"), "--snapshots", dir])).out).toMatch(/no snapshots/);
  });
});

describe("runCli with graph files", () => {
  const importFixture = (name: string) => path.resolve(import.meta.dirname, "../fixtures/import", name);

  it("should validate GEXF, GraphML and graphology JSON files as it does a directory", async () => {
    for (const file of ["small.gexf", "small.graphml", "small.json"]) {
      const r = await run(["validate", importFixture(file)]);
      expect(r.code, file).toBe(0);
      expect(r.out).toMatch(/^ok: \d+ nodes/);
    }
  });

  it("should refuse hostile XML with a message naming it", async () => {
    const r = await run(["validate", importFixture("xxe.gexf")]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/DOCTYPE|ENTITY/);
  });
});

describe("runCli analyses", () => {
  const briefData = path.resolve(import.meta.dirname, "../fixtures/report/data");
  const browserData = path.resolve(import.meta.dirname, "../fixtures/browser-data");

  it("should print structural balance with the unbalanced triad's relations and their citations", async () => {
    const r = await run(["balance", "--data", briefData]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 triads: 0 balanced, 1 unbalanced \(0 all negative\); balance ratio 0/);
    expect(r.out).toMatch(/#1 {2}ETIM, ISKP, Taliban\n/);
    expect(r.out).toMatch(/Taliban ─ rival of \(reported\) \[2015–…\] ─ ISKP\n\s+S1 P2: taliban rival-of iskp/);
    expect(r.out).toMatch(/Ambivalent pairs \(1\):\n {2}ISKP – IMU/);
  });

  it("should give the raw balance answer with --json and page it with --limit and --offset", async () => {
    const r = await run(["balance", "--json", "--limit", "1", "--offset", "1", "--data", browserData]);
    const body = JSON.parse(r.out);
    expect(body.summary).toMatchObject({ triads: 2, balanced: 1, unbalanced: 1 });
    expect(body.predictions).toHaveLength(1);
    expect(body.total.predictions).toBeGreaterThan(1);
    const lean = await run(["balance", "--no-predictions", "--data", browserData]);
    expect(lean.code).toBe(0);
    expect(lean.out).toMatch(/1 unbalanced/);
    expect(lean.out).toMatch(/\nPredictions: not computed \(--no-predictions\)/);
  });

  it("should print a target's exposure by name, each threat's path hop by hop with evidence", async () => {
    const r = await run(["exposure", "China", "--data", browserData]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Exposure of China: 2 asset\(s\), 3 threatening actor\(s\)/);
    expect(r.out).toMatch(/threat: Islamic State Khorasan Province, cost 1\n.*\n.*targets \(reported\) \[2022–…\] → China\n\s+S1 P6: Fixture claim: iskp targets china\./);
    expect(r.out).toMatch(/Mes Aynak copper mine {2}\(investment\) {2}score 1\n {3}held through:\n\s+China ─ invests in/);
    const short = await run(["exposure", "china", "--max-length", "1", "--json", "--data", browserData]);
    expect(JSON.parse(short.out).actors.map((a: { id: string }) => a.id)).toEqual(["iskp"]);
  });

  it("should suggest names when the exposure target or the report focus is unknown", async () => {
    await expect(run(["exposure", "Chna", "--data", browserData])).rejects.toThrow(/target: no actor is called "Chna".*Did you mean: China \(china\)/);
    await expect(run(["report", "Talibn", "--data", browserData])).rejects.toThrow(/focus: no actor is called "Talibn"/);
  });

  it("should print what changed between two dates, and refuse reversed dates naming the parameter", async () => {
    const r = await run(["diff", "2019", "2022", "--data", browserData]);
    expect(r.out).toMatch(/From 2019 to 2022: 1 node\(s\) and 9 relation\(s\) added, 0 node\(s\) and 1 relation\(s\) removed/);
    expect(r.out).toMatch(/Removed relations:\n {2}East Turkistan Islamic Movement ─ recruits from \(reported\) \[2005–2020\] ─ Uyghurs\n\s+S1 P14:/);
    await expect(run(["diff", "2023", "2020", "--data", browserData])).rejects.toThrow(/from: 2023 is after to: 2020/);
    await expect(run(["diff", "2020", "--data", browserData])).rejects.toThrow(/diff: expected <from> <to>/);
  });

  it("should print contested pairs with the reason and every relation's evidence", async () => {
    const r = await run(["contested", "--data", briefData]);
    expect(r.out).toMatch(/^1 contested item\(s\)/);
    expect(r.out).toMatch(/#1 {2}ISKP – IMU {2}\(opposite-signs\)\n {3}positive allied-with \(2014–…\) and negative hostile-to \(2016–…\)/);
    expect(r.out).toMatch(/IMU ─ hostile to \(assessed\) \[2016–…\] ─ ISKP\n\s+S1 P19: imu hostile-to iskp/);
    expect(JSON.parse((await run(["contested", "--json", "--as-of", "2015", "--data", briefData])).out).contested).toEqual([]);
  });

  it("should print the brief as Markdown and write it as HTML atomically with -o", async () => {
    const md = await run(["report", "ISKP", "--from", "2014", "--to", "2022", "--data", briefData]);
    expect(md.out).toMatch(/^# Brief: ISKP\n/);
    expect(md.out).toContain("- Change range: 2014 to 2022");
    const dir = await mkdtemp(path.join(tmpdir(), "ag-cli-"));
    const file = path.join(dir, "brief.html");
    await writeFile(file, "an older brief");
    const r = await run(["report", "iskp", "--format", "html", "-o", file, "--data", briefData]);
    expect(r.out).toMatch(/wrote .*brief\.html \(html brief on ISKP/);
    const html = await readFile(file, "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>[^]*<svg [^]*<\/html>\n$/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect((await readdir(dir)).sort()).toEqual(["brief.html"]);
  });

  it("should refuse an unknown report format", async () => {
    await expect(run(["report", "iskp", "--format", "pdf", "--data", briefData])).rejects.toThrow(/--format: expected one of md, html/);
  });
});

describe("the cli command through a pipe", () => {
  it("should write a long --json answer whole before it exits", async () => {
    // China's exposure on the curated data is over a megabyte: more than a pipe takes before the reader catches up.
    const root = path.resolve(import.meta.dirname, "../..");
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "server/cli.ts", "exposure", "china", "--json"], { cwd: root });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const text = Buffer.concat(chunks).toString("utf8");
    expect(code).toBe(0);
    expect(text.length).toBeGreaterThan(131_072);
    expect(JSON.parse(text)).toMatchObject({ target: "china", truncated: false });
  }, 60_000);
});
