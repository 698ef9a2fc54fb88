// JSON export: graphology's serialisation that reloads with Graph.from, plus the view's provenance, sources and vocabulary.
import { describe, expect, it } from "vitest";
import Graph from "graphology";
import { exportJson } from "../../server/graph/io/export/json.js";
import { fixtureView } from "../fixtures/export/view.js";

describe("exportJson", () => {
  it("should be a JSON download", () => {
    const file = exportJson(fixtureView());
    expect(file.contentType).toMatch(/^application\/json/);
    expect(file.extension).toBe("json");
  });

  it("should round-trip through Graph.from with every node, edge, direction and attribute", () => {
    const view = fixtureView();
    const back = Graph.from(JSON.parse(exportJson(view).body as string));
    expect(back.type).toBe(view.graph.type);
    expect(back.multi).toBe(true);
    expect(back.nodes()).toEqual(view.graph.nodes());
    expect(back.edges()).toEqual(view.graph.edges());
    view.graph.forEachNode((key, a) => expect(back.getNodeAttributes(key)).toEqual(a));
    view.graph.forEachEdge((key, a, source, target, _sa, _ta, undirected) => {
      expect(back.getEdgeAttributes(key)).toEqual(a);
      expect(back.isUndirected(key)).toBe(undirected);
      expect(back.extremities(key)).toEqual([source, target]);
    });
    // Control characters and lone surrogates survive as JSON escapes: JSON is the lossless format.
    expect(back.getNodeAttribute("ctrl", "label")).toBe("Ctrl\u0001\u0008\u001f label");
    expect(back.getNodeAttribute("ctrl", "description")).toContain("\uD800");
  });

  it("should carry title, filters, data version, generation time, snapshot, sources and vocabulary in meta", () => {
    const view = fixtureView();
    const { meta } = JSON.parse(exportJson(view).body as string);
    expect(meta).toEqual({
      title: view.title,
      filters: view.filters,
      dataVersion: view.dataVersion,
      generatedAt: view.generatedAt,
      snapshotId: "snap-42",
      sources: view.sources,
      vocabulary: view.vocabulary,
    });
  });

  it("should leave snapshotId out when the view is not a snapshot", () => {
    const { meta } = JSON.parse(exportJson(fixtureView({ snapshotId: undefined })).body as string);
    expect("snapshotId" in meta).toBe(false);
  });
});
