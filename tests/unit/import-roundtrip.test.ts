import { describe, expect, it } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadData } from "../../server/graph/io/load.js";
import { exportView } from "../../server/graph/io/export/index.js";
import { makeExportView } from "../../server/graph/io/export-view.js";
import { createStore } from "../../server/store.js";

// What actor-graph exports (JSON, GEXF, GraphML) loads back as the same graph: keys, ends, direction and every attribute.
describe("import of our own exports", () => {
  it.each(["json", "gexf", "graphml"])("should load the curated graph exported as %s back unchanged", async (format) => {
    const curated = await loadData();
    if (!curated.ok) throw new Error("curated data should load");
    const dir = await mkdtemp(path.join(tmpdir(), "ag-roundtrip-"));
    const store = createStore(curated.dataset, dir);
    const file = path.join(dir, `curated.${format}`);
    await writeFile(file, exportView(makeExportView(curated.dataset, store.view({}), {}), format).body);
    const back = await loadData(file);
    if (!back.ok) throw new Error(back.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    const original = curated.dataset.graph;
    const loaded = back.dataset.graph;
    expect([loaded.order, loaded.size]).toEqual([original.order, original.size]);
    original.forEachNode((key, attributes) => expect(loaded.getNodeAttributes(key), key).toEqual(attributes));
    original.forEachEdge((key, attributes, source, target, _s, _t, undirected) => {
      expect([loaded.source(key), loaded.target(key), loaded.isUndirected(key)], key).toEqual([source, target, undirected]);
      expect(loaded.getEdgeAttributes(key), key).toEqual(attributes);
    });
  });
});
