import { describe, expect, it } from "vitest";
import { filterGraph } from "../../server/graph/query/filters.js";
import { addNode, routesDataset } from "../fixtures/graphs.js";

describe("filterGraph", () => {
  it("should keep only the relations asked for, and every node", () => {
    const view = filterGraph(routesDataset(), { relations: ["allied-with"] });
    expect(view.edges().sort()).toEqual(["ab", "bc", "cd"]);
    expect(view.order).toBe(7);
  });

  it("should drop nodes of other kinds and the edges touching them", () => {
    const ds = routesDataset();
    addNode(ds.graph, "kabul", "place");
    ds.graph.addDirectedEdgeWithKey("ak", "a", "kabul", { relation: "based-in", confidence: "reported", evidence: [{ source: "S1", locator: "P2", claim: "c" }] });
    const view = filterGraph(ds, { kinds: ["group"] });
    expect(view.hasNode("kabul")).toBe(false);
    expect(view.hasEdge("ak")).toBe(false);
  });

  it("should keep relations at least as certain as minConfidence", () => {
    const ds = routesDataset();
    expect(filterGraph(ds, { minConfidence: "reported" }).edges().sort()).toEqual(["ab", "bc", "cd", "dx"]);
    expect(filterGraph(ds, { minConfidence: "assessed" }).hasEdge("ab-hostile")).toBe(true);
  });

  it("should keep undated relations at every date and dated ones only while valid", () => {
    const ds = routesDataset();
    expect(filterGraph(ds, { asOf: "2012" }).edges().sort()).toEqual(["ab-hostile", "ae", "cd", "dx", "ed"]);
    expect(filterGraph(ds, { asOf: "2022-05" }).edges().sort()).toEqual(["ab", "ae", "bc", "cd", "dx", "ed"]);
  });

  it("should show dated nodes such as attacks only from their date", () => {
    const ds = routesDataset();
    addNode(ds.graph, "raid", "attack", { date: "2022-12-12" });
    expect(filterGraph(ds, { asOf: "2022-11" }).hasNode("raid")).toBe(false);
    expect(filterGraph(ds, { asOf: "2022" }).hasNode("raid")).toBe(true);
  });

  it("should leave the source graph untouched", () => {
    const ds = routesDataset();
    const view = filterGraph(ds, { relations: ["targets"] });
    view.setNodeAttribute("a", "label", "changed");
    expect(ds.graph.size).toBe(7);
    expect(ds.graph.getNodeAttribute("a", "label")).toBe("A");
  });

  it("should name the filter when a value is unknown", () => {
    expect(() => filterGraph(routesDataset(), { kinds: ["warlord"] })).toThrow(/kinds: unknown node kind "warlord"/);
    expect(() => filterGraph(routesDataset(), { asOf: "2022-13" })).toThrow(/asOf/);
  });
});
