import { describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadData, loadDataDirectory, loadDatasetOrThrow } from "../../server/graph/io/load.js";
import { detectFormat } from "../../server/graph/io/import/index.js";
import type { Dataset, Problem } from "../../server/graph/model/types.js";

const fixture = (name: string) => path.resolve(import.meta.dirname, "../fixtures/import", name);

async function load(name: string): Promise<Dataset> {
  const result = await loadData(fixture(name));
  if (!result.ok) throw new Error(`expected ${name} to load:\n${result.problems.map((p) => `${p.file} ${p.path}: ${p.message}`).join("\n")}`);
  return result.dataset;
}

async function problemsOf(name: string): Promise<Problem[]> {
  const result = await loadData(fixture(name));
  if (result.ok) throw new Error(`expected ${name} to fail`);
  return result.problems;
}

const importEvidence = (file: string) => [{ source: "import", locator: file, claim: `Imported from ${file}` }];

describe("loadData dispatch", () => {
  it("should load a graph-data directory exactly as loadDataDirectory does", async () => {
    const dir = path.resolve(import.meta.dirname, "../fixtures/data/valid");
    const [a, b] = await Promise.all([loadData(dir), loadDataDirectory(dir)]);
    expect(a.ok && b.ok && a.dataset.dataVersion === b.dataset.dataVersion && a.dataset.graph.size === b.dataset.graph.size).toBe(true);
  });

  it("should refuse a missing path and an unsupported file with a clear message", async () => {
    const missing = await loadData(fixture("nope.gexf"));
    expect(!missing.ok && missing.problems[0].message).toMatch(/no such file or directory/);
    const dir = await mkdtemp(path.join(tmpdir(), "ag-import-"));
    await writeFile(path.join(dir, "graph.csv"), "a,b\n");
    const csv = await loadData(path.join(dir, "graph.csv"));
    expect(!csv.ok && csv.problems[0].message).toMatch(/unsupported file.*graphology JSON.*GEXF.*GraphML/);
  });

  it("should recognise formats by extension and by content", () => {
    expect(detectFormat("g.gexf", "")).toBe("gexf");
    expect(detectFormat("g.graphml", "")).toBe("graphml");
    expect(detectFormat("g.json", "")).toBe("json");
    expect(detectFormat("g.xml", '<?xml version="1.0"?>\n<graphml xmlns="x">')).toBe("graphml");
    expect(detectFormat("g.xml", '<?xml version="1.0"?><!-- c --><gexf version="1.3">')).toBe("gexf");
    expect(detectFormat("g.txt", '  {"nodes": []}')).toBe("json");
    expect(detectFormat("g.txt", "<svg/>")).toBeNull();
  });

  it("should throw DATA_INVALID from loadDatasetOrThrow for a bad graph file", async () => {
    await expect(loadDatasetOrThrow(fixture("bad.json"))).rejects.toMatchObject({ code: "DATA_INVALID" });
  });
});

describe("graphology JSON import", () => {
  it("should map a foreign graph onto the model with defaults for what it lacks", async () => {
    const { graph, vocabulary, sources, dataVersion, origin } = await load("small.json");
    expect([graph.order, graph.size]).toEqual([5, 4]);
    expect(graph.type).toBe("mixed");
    expect(dataVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(origin).toBe(fixture("small.json"));
    expect(graph.getAttribute("name")).toBe("A small foreign graph");

    // Kept as given; rendering attributes (x, y, size) dropped; other attributes become facts.
    expect(graph.getNodeAttributes("iskp")).toEqual({
      label: "ISKP",
      kind: "group",
      aliases: [],
      description: "Imported from small.json",
      evidence: importEvidence("small.json"),
    });
    // A key that is not a slug becomes one; the original stays searchable as an alias.
    expect(graph.getNodeAttributes("taliban-movement")).toMatchObject({
      label: "Taliban",
      aliases: ["Taliban Movement"],
      facts: [{ property: "founded", value: "1994", confidence: "reported", evidence: importEvidence("small.json") }],
    });
    expect(graph.getNodeAttributes("n4")).toMatchObject({ label: "Somebody", kind: "unclassified", aliases: ["N4"] });
    expect(graph.getNodeAttributes("5")).toMatchObject({ label: "5", kind: "unclassified" });
    expect(graph.getNodeAttribute("china", "description")).toBe("People's Republic of China");

    expect(graph.getEdgeAttributes("e1")).toEqual({ relation: "rival-of", confidence: "assessed", since: "2015", evidence: importEvidence("small.json") });
    expect(graph.isUndirected("e1")).toBe(true);
    // A label naming a vocabulary relation is used; others fall back to the default relation and are kept in the note.
    expect(graph.getEdgeAttributes("e-2")).toMatchObject({ relation: "threatens", confidence: "reported", note: "imported attributes: weight=2" });
    expect(graph.extremities("e-3")).toEqual(["n4", "5"]);
    expect(graph.getEdgeAttributes("e-3")).toMatchObject({ relation: "linked-to" });
    expect(graph.getEdgeAttributes("e-4")).toMatchObject({ relation: "linked-with", note: "imported label: knows" });
    expect(graph.isUndirected("e-4")).toBe(true);

    // Defaults that were used are registered, so the data stays valid and citable.
    expect(vocabulary.nodeKinds.map((k) => k.id)).toContain("unclassified");
    expect(vocabulary.relations.filter((r) => r.id.startsWith("linked-")).map((r) => [r.id, r.directed])).toEqual([
      ["linked-to", true],
      ["linked-with", false],
    ]);
    expect(sources.find((s) => s.id === "import")).toMatchObject({ title: "Imported graph file small.json" });
    expect(sources.find((s) => s.id === "S1")).toBeDefined();
  });

  it("should use the vocabulary and sources that come in the same file", async () => {
    const { graph, vocabulary, sources } = await load("own-vocabulary.json");
    expect(vocabulary.nodeKinds.map((k) => k.id)).toEqual(["country"]);
    expect(vocabulary.relations.map((r) => r.id)).toEqual(["exports-to"]);
    expect(sources.map((s) => s.id)).toEqual(["wto-2023", "import"]);
    expect(graph.getEdgeAttribute("de-fr", "evidence")).toEqual([{ source: "wto-2023", locator: "p. 12", claim: "Germany exports to France." }]);
  });

  it("should report problems with the file's own JSON paths and build nothing", async () => {
    const problems = await problemsOf("bad.json");
    const at = (p: string) => problems.find((x) => x.path === p);
    expect(problems.every((p) => p.file === "bad.json")).toBe(true);
    expect(at("$.nodes[0].attributes.kind")?.message).toMatch(/unknown kind "warlord"/);
    expect(at("$.edges[0].attributes.confidence")?.message).toMatch(/confidence must be one of reported, assessed, speculative/);
    expect(at("$.edges[1].target")?.message).toMatch(/dangling target: no node has key "ghost"/);
  });

  it("should report a JSON syntax error with line and column, and a wrong shape by path", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ag-import-"));
    await writeFile(path.join(dir, "broken.json"), '{"nodes": [\n  {"key": "a",}\n]}');
    const broken = await loadData(path.join(dir, "broken.json"));
    expect(!broken.ok && broken.problems[0].message).toMatch(/not valid JSON.*line 2, column \d+/);
    await writeFile(path.join(dir, "shape.json"), JSON.stringify({ nodes: {}, edges: [], colour: "red" }));
    const shape = await loadData(path.join(dir, "shape.json"));
    expect(!shape.ok && shape.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      '$.colour: unknown top-level field "colour": expected options, attributes, nodes, edges, vocabulary, sources, meta',
      "$.nodes: expected an array of {key, attributes}",
    ]);
  });

  it("should give the same data version for the same file and another one for other bytes", async () => {
    const a = await load("small.json");
    const b = await load("small.json");
    const c = await load("small.gexf");
    expect(a.dataVersion).toBe(b.dataVersion);
    expect(a.dataVersion).not.toBe(c.dataVersion);
  });
});

describe("GEXF import", () => {
  it("should read declared attributes, defaults, labels, edge types and kinds", async () => {
    const { graph } = await load("small.gexf");
    expect([graph.order, graph.size]).toEqual([3, 3]);
    expect(graph.getAttribute("description")).toBe("Actors around the Fergana valley");
    expect(graph.getNodeAttributes("imu")).toMatchObject({
      label: "Islamic Movement of Uzbekistan",
      kind: "group", // the attribute's <default>
      aliases: ["IMU", "O'zbekiston Islomiy Harakati"],
      facts: [{ property: "members", value: "300" }],
    });
    expect(graph.getNodeAttribute("imu", "x")).toBeUndefined();
    expect(graph.getNodeAttribute("uzbekistan", "kind")).toBe("state");
    expect(graph.getEdgeAttributes("0")).toEqual({ relation: "allied-with", confidence: "reported", since: "2014", evidence: importEvidence("small.gexf") });
    expect(graph.isUndirected("0")).toBe(true);
    expect(graph.getEdgeAttribute("1", "relation")).toBe("hostile-to");
    expect(graph.isDirected("1")).toBe(true);
    expect(graph.getEdgeAttributes("2")).toMatchObject({ relation: "linked-to", note: "imported attributes: weight=3" });
  });
});

describe("GraphML import", () => {
  it("should read typed keys with defaults, per-edge direction and graph data", async () => {
    const { graph } = await load("small.graphml");
    expect([graph.order, graph.size]).toEqual([3, 3]);
    expect(graph.getAttribute("name")).toBe("People and groups");
    expect(graph.getNodeAttributes("shahab")).toMatchObject({ label: "Shahab al-Muhajir", kind: "person", facts: [{ property: "age", value: "45" }] });
    expect(graph.getNodeAttributes("taliban")).toMatchObject({ label: "Taliban", kind: "group", aliases: ["Taliban"] });
    expect(graph.getEdgeAttributes("e-1")).toMatchObject({ relation: "leads", since: "2020", confidence: "reported" });
    expect(graph.isDirected("e-1")).toBe(true);
    expect(graph.extremities("e-2")).toEqual(["iskp", "taliban"]);
    expect(graph.isUndirected("e-2")).toBe(true);
    expect(graph.getEdgeAttribute("e-3", "relation")).toBe("linked-with");
  });

  it("should report each problem at its element and data key", async () => {
    const problems = await problemsOf("bad-kind.graphml");
    const lines = problems.map((p) => `${p.file} ${p.path}: ${p.message}`);
    expect(lines).toContainEqual(expect.stringMatching(/^bad-kind\.graphml \/graphml\/graph\/node\[2\]\[@id="b"\]\/data\[@key="k"\] \(line 7\): unknown kind "warlord"/));
    expect(lines).toContainEqual(expect.stringMatching(/\/graphml\/graph\/edge\[1\] \(line 8\): relation "allied-with" is symmetric.*directed="false"/));
    expect(lines).toContainEqual(expect.stringMatching(/\/graphml\/graph\/edge\[2\]\/@target \(line 9\): dangling target: no node has key "c"/));
  });

  it("should report XML that is not well-formed with its line", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "ag-import-"));
    await writeFile(path.join(dir, "broken.graphml"), '<graphml>\n<graph edgedefault="directed">\n<node id="a">\n</graph></graphml>');
    const result = await loadData(path.join(dir, "broken.graphml"));
    expect(!result.ok && `${result.problems[0].path}: ${result.problems[0].message}`).toMatch(/line 4.*not well-formed XML/);
  });
});
