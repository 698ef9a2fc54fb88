// Test helper: export the curated graph in a format, load the file back, and compare the two graphs item by item.
import { expect } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadData } from "../../server/graph/io/load.js";
import { exportExtensions, exportView } from "../../server/graph/io/export/index.js";
import { makeExportView } from "../../server/graph/io/export-view.js";
import { createStore } from "../../server/store.js";
import type { ActorGraph, Dataset } from "../../server/graph/model/types.js";
import type { ExportFormat, ExportView } from "../../server/graph/io/export/types.js";

/** The curated dataset, its whole-graph export view, and the dataset loaded back from that view exported as `format`. */
export async function exportAndReload(format: ExportFormat): Promise<{ curated: Dataset; view: ExportView; back: Dataset }> {
  const curated = await loadData();
  if (!curated.ok) throw new Error("curated data should load");
  const dir = await mkdtemp(path.join(tmpdir(), `ag-roundtrip-${format}-`));
  const view = makeExportView(curated.dataset, createStore(curated.dataset, dir).view({}), {});
  const file = path.join(dir, `curated.${exportExtensions[format]}`);
  await writeFile(file, exportView(view, format).body);
  const back = await loadData(file);
  if (!back.ok) throw new Error(back.problems.slice(0, 10).map((p) => `${p.path}: ${p.message}`).join("\n"));
  return { curated: curated.dataset, view, back: back.dataset };
}

/** Same keys, ends, direction and attributes for every node and edge. */
export function expectSameGraph(loaded: ActorGraph, original: ActorGraph): void {
  expect([loaded.order, loaded.size]).toEqual([original.order, original.size]);
  original.forEachNode((key, attributes) => expect(loaded.getNodeAttributes(key), key).toEqual(attributes));
  original.forEachEdge((key, attributes, source, target, _s, _t, undirected) => {
    expect([loaded.source(key), loaded.target(key), loaded.isUndirected(key)], key).toEqual([source, target, undirected]);
    expect(loaded.getEdgeAttributes(key), key).toEqual(attributes);
  });
}
