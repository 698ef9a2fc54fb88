// The default GEXF export opens in networkx (Debian's python3-networkx, as CI installs it): mixed, directed-only and undirected-only graphs.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportGexf } from "../../server/graph/io/export/gexf.js";
import { makeExportView } from "../../server/graph/io/export-view.js";
import { loadData } from "../../server/graph/io/load.js";
import { createStore } from "../../server/store.js";
import { fixtureView, hostile, withoutForbidden } from "../fixtures/export/view.js";
import { addEdge, addNode, dataset, emptyGraph } from "../fixtures/graphs.js";
import type { ExportView } from "../../server/graph/io/export/types.js";

// Debian's interpreter, not whatever `python3` is first on PATH, so that this machine and a fresh CI one agree.
const python = "/usr/bin/python3";
const script = path.resolve(import.meta.dirname, "../fixtures/export/read-gexf.py");

interface NetworkxRead {
  version: string;
  directed: boolean;
  multigraph: boolean;
  order: number;
  size: number;
  nodes: Record<string, Record<string, unknown>>;
  edges: { source: string; target: string; id: string; relation: string; directed: boolean; label: string }[];
}

async function readWithNetworkx(xml: string): Promise<NetworkxRead> {
  if (!existsSync(python)) throw new Error(`${python} is missing: install Debian's python3 and python3-networkx (.ci/run does)`);
  const file = path.join(await mkdtemp(path.join(tmpdir(), "ag-gexf-nx-")), "export.gexf");
  await writeFile(file, xml);
  try {
    return JSON.parse(execFileSync(python, [script, file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as NetworkxRead;
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "");
    if (/No module named ['"]?networkx/.test(stderr)) throw new Error("networkx is not installed for /usr/bin/python3: apt-get install python3-networkx (.ci/run does)");
    throw new Error(`networkx could not read the export: ${stderr.trim().split("\n").pop()}`);
  }
}

function viewOf(build: (g: ReturnType<typeof emptyGraph>) => void): ExportView {
  const graph = emptyGraph();
  build(graph);
  return makeExportView(dataset(graph), graph, {});
}

describe("exportGexf read by networkx", () => {
  it("should open the curated (mixed) graph with every node and relation, symmetric ones both ways and flagged directed=false", async () => {
    const curated = await loadData();
    if (!curated.ok) throw new Error("curated data should load");
    const store = createStore(curated.dataset, await mkdtemp(path.join(tmpdir(), "ag-gexf-nx-store-")));
    const view = makeExportView(curated.dataset, store.view({}), {});
    const read = await readWithNetworkx(exportGexf(view).body as string);
    expect(read.directed).toBe(true);
    expect(read.order).toBe(view.graph.order);
    // A `mutual` edge is read as a pair of opposite directed edges.
    expect(read.size).toBe(view.graph.directedSize + 2 * view.graph.undirectedSize);
    expect(read.nodes.iskp.label).toBe(view.graph.getNodeAttribute("iskp", "label"));
    expect(read.nodes.iskp.kind).toBe("group");
    const ends = (e: { source: string; target: string }) => `${e.source}>${e.target}`;
    view.graph.forEachEdge((key, a, source, target, _sa, _ta, undirected) => {
      const read_ = read.edges.filter((e) => e.id === key);
      expect(read_.map(ends).sort(), key).toEqual(undirected ? [`${source}>${target}`, `${target}>${source}`].sort() : [`${source}>${target}`]);
      for (const e of read_) expect(e, key).toMatchObject({ relation: a.relation, directed: !undirected });
    });
  });

  it("should open the hostile fixture with parallel edges kept and labels intact", async () => {
    const view = fixtureView();
    const read = await readWithNetworkx(exportGexf(view).body as string);
    expect(read.multigraph).toBe(true);
    expect([read.order, read.size]).toEqual([view.graph.order, view.graph.directedSize + 2 * view.graph.undirectedSize]);
    expect(read.nodes.iskp.label).toBe(hostile.script);
    expect(read.nodes.ctrl.label).toBe(withoutForbidden(hostile.controls));
    expect(read.nodes.unicode.label).toBe(hostile.unicode);
    const pair = read.edges.filter((e) => e.source === "iskp" && e.target === "a-and-b").map((e) => e.relation).sort();
    expect(pair).toEqual(["hostile-to", "rival-of"]);
    expect(read.edges.filter((e) => e.source === "a-and-b" && e.target === "iskp").map((e) => e.relation)).toEqual(["rival-of"]);
  });

  it("should open a graph of symmetric relations only as an undirected graph", async () => {
    const view = viewOf((g) => {
      for (const n of ["a", "b", "c"]) addNode(g, n);
      addEdge(g, "ab", "a", "b", "allied-with");
      addEdge(g, "bc", "b", "c", "rival-of");
    });
    const read = await readWithNetworkx(exportGexf(view).body as string);
    expect([read.directed, read.order, read.size]).toEqual([false, 3, 2]);
  });

  it("should open a graph of directed relations only as a directed graph", async () => {
    const view = viewOf((g) => {
      for (const n of ["a", "b"]) addNode(g, n);
      addEdge(g, "ab", "a", "b", "targets");
      addEdge(g, "ba", "b", "a", "hostile-to");
    });
    const read = await readWithNetworkx(exportGexf(view).body as string);
    expect([read.directed, read.order, read.size]).toEqual([true, 2, 2]);
    expect(read.edges.map((e) => [e.source, e.target]).sort()).toEqual([["a", "b"], ["b", "a"]]);
  });

  it("should refuse the 1.3 variant, which is why it is not the default", async () => {
    await expect(readWithNetworkx(exportGexf(fixtureView(), { gexfVersion: "1.3" }).body as string)).rejects.toThrow(/could not read/);
  });
});
