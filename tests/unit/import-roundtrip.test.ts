// What actor-graph exports (JSON, GEXF, GraphML) loads back as the same graph: keys, ends, direction and every attribute.
import { describe, it } from "vitest";
import { exportAndReload, expectSameGraph } from "./_roundtrip.js";

describe("import of our own exports", () => {
  it.each(["json", "gexf", "graphml"] as const)("should load the curated graph exported as %s back unchanged", async (format) => {
    const { curated, back } = await exportAndReload(format);
    expectSameGraph(back.graph, curated.graph);
  });
});
