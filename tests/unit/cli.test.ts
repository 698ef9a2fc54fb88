import { describe, expect, it } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
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
