import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateGraph, latticeEdgeCount, shapes, writeGraph, type Shape } from "../../scripts/generate-graph.js";
import { loadDataDirectory } from "../../server/graph/io/load.js";
import type { Vocabulary } from "../../server/graph/model/types.js";

const vocabulary = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../graph-data/vocabulary.json"), "utf8")) as Vocabulary;
const directed = new Map(vocabulary.relations.map((r) => [r.id, r.directed]));

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "generate-graph-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file of a generated directory, by relative path, as bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(relative);
      else files.set(relative, readFileSync(path.join(dir, relative)));
    }
  };
  walk("");
  return files;
}

describe("scripts/generate-graph", () => {
  it.each(shapes)("should write a %s graph that our loader accepts with the requested counts", async (shape: Shape) => {
    const dir = path.join(tmp, `valid-${shape}`);
    writeGraph(generateGraph({ shape, nodes: 600, edges: 1500, seed: 11 }), dir);
    const result = await loadDataDirectory(dir);
    if (!result.ok) throw new Error(result.problems.slice(0, 5).map((p) => `${p.file} ${p.path}: ${p.message}`).join("\n"));
    const { graph } = result.dataset;
    expect(graph.order).toBe(600);
    expect(graph.size).toBe(1500);
    graph.forEachEdge((_edge, attributes, _s, _t, _sa, _ta, undirected) => {
      expect(undirected).toBe(!directed.get(attributes.relation));
      expect(attributes.evidence[0]).toMatchObject({ source: "S1", claim: "synthetic" });
    });
    expect(readFileSync(path.join(dir, "vocabulary.json"), "utf8")).toBe(
      readFileSync(path.resolve(import.meta.dirname, "../../graph-data/vocabulary.json"), "utf8"),
    );
  });

  it("should write the same bytes for the same seed and different bytes for another", () => {
    const write = (name: string, seed: number) => {
      const dir = path.join(tmp, name);
      writeGraph(generateGraph({ shape: "powerlaw", nodes: 400, edges: 1200, seed }), dir);
      return snapshot(dir);
    };
    const a = write("same-a", 5);
    const b = write("same-b", 5);
    const c = write("other", 6);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [file, bytes] of a) expect(bytes.equals(b.get(file) as Buffer), file).toBe(true);
    expect((a.get(path.join("edges", "edges-0000.json")) as Buffer).equals(c.get(path.join("edges", "edges-0000.json")) as Buffer)).toBe(false);
  });

  it("should write one graphology serialization when the output ends in .json, the same bytes each time", () => {
    const file = (name: string) => path.join(tmp, name);
    writeGraph(generateGraph({ shape: "clustered", nodes: 300, edges: 700, seed: 3 }), file("one.json"));
    writeGraph(generateGraph({ shape: "clustered", nodes: 300, edges: 700, seed: 3 }), file("two.json"));
    const text = readFileSync(file("one.json"), "utf8");
    expect(readFileSync(file("two.json"), "utf8")).toBe(text);
    const parsed = JSON.parse(text) as { options: unknown; nodes: unknown[]; edges: { undirected?: boolean }[] };
    expect(parsed.options).toEqual({ type: "mixed", multi: true, allowSelfLoops: false });
    expect(parsed.nodes).toHaveLength(300);
    expect(parsed.edges).toHaveLength(700);
  });

  it("should split nodes and edges into files of at most 50,000 items and default the grid to its lattice", () => {
    const graph = generateGraph({ shape: "grid", nodes: 26_000, seed: 2 });
    expect(graph.size).toBe(latticeEdgeCount(26_000));
    const dir = path.join(tmp, "chunks");
    writeGraph(graph, dir);
    const edgeFiles = readdirSync(path.join(dir, "edges")).sort();
    expect(edgeFiles).toEqual(["edges-0000.json", "edges-0001.json"]);
    const first = JSON.parse(readFileSync(path.join(dir, "edges", edgeFiles[0]), "utf8")) as { edges: unknown[] };
    expect(first.edges).toHaveLength(50_000);
  });

  it("should refuse to overwrite a directory it did not write", () => {
    const dir = path.join(tmp, "curated-lookalike");
    mkdirSync(path.join(dir, "nodes"), { recursive: true });
    writeFileSync(path.join(dir, "graph.json"), JSON.stringify({ attributes: {} }));
    writeFileSync(path.join(dir, "nodes", "people.json"), JSON.stringify({ nodes: [] }));
    const graph = generateGraph({ shape: "powerlaw", nodes: 10, edges: 20, seed: 1 });
    expect(() => writeGraph(graph, dir)).toThrow(/refusing to overwrite/);
    expect(readdirSync(path.join(dir, "nodes"))).toEqual(["people.json"]);
  });
});
