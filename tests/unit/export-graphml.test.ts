// GraphML export: strict well-formedness, typed key declarations, mixed-graph direction and read-back through graphology-graphml.
import { describe, expect, it } from "vitest";
import Graph from "graphology";
import { exportGraphml, exportGraphmlForNetworkx, exportGraphmlPortable } from "../../server/graph/io/export/graphml.js";
import type { ActorGraph } from "../../server/graph/model/types.js";
import { fixtureGraph, fixtureView, hostile, withoutForbidden } from "../fixtures/export/view.js";
import { parseStrict, readGraphml } from "../fixtures/export/xml.js";

const graphmlTypes = ["boolean", "int", "long", "float", "double", "string"];

function exported() {
  const view = fixtureView();
  const file = exportGraphml(view);
  return { view, xml: file.body as string, file };
}

/** The fixture without its undirected edges. */
function directedOnlyView() {
  const view = fixtureView();
  const graph = view.graph.copy() as ActorGraph;
  graph.forEachUndirectedEdge((key) => graph.dropEdge(key));
  return { ...view, graph };
}

describe("exportGraphml", () => {
  it("should declare a GraphML file type and extension", () => {
    const { file } = exported();
    expect(file.extension).toBe("graphml");
    expect(file.contentType).toMatch(/^application\/(graphml\+)?xml/);
  });

  it("should be well-formed under a strict XML parser despite hostile labels", () => {
    const { xml } = exported();
    expect(() => parseStrict(xml)).not.toThrow();
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\p{Cs}]/u);
    expect(xml).not.toContain("<script");
    expect(parseStrict(xml)[0].attributes.xmlns).toBe("http://graphml.graphdrawing.org/xmlns");
  });

  it("should declare every data key once, with attr.name and a GraphML attr.type, before the graph", () => {
    const { xml } = exported();
    const elements = parseStrict(xml);
    const keys = elements.filter((e) => e.name === "key");
    const ids = keys.map((k) => k.attributes.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const k of keys) {
      expect(k.attributes["attr.name"]).toBeTruthy();
      expect(graphmlTypes).toContain(k.attributes["attr.type"]);
      expect(["graph", "node", "edge"]).toContain(k.attributes.for);
    }
    const byId = new Map(keys.map((k) => [k.attributes.id, k]));
    for (const d of elements.filter((e) => e.name === "data")) {
      const key = byId.get(d.attributes.key);
      expect(key, `undeclared key ${d.attributes.key}`).toBeDefined();
      expect(key!.attributes.for).toBe(d.parent!.name);
    }
    const names = (target: string) => keys.filter((k) => k.attributes.for === target).map((k) => k.attributes["attr.name"]);
    expect(names("node")).toEqual(expect.arrayContaining(["label", "kind", "aliases", "description", "community", "pagerank", "x", "y"]));
    expect(names("edge")).toEqual(expect.arrayContaining(["relation", "confidence", "since", "until", "evidence", "claims", "directed"]));
    expect(keys.find((k) => k.attributes["attr.name"] === "pagerank")!.attributes["attr.type"]).toBe("double");
    expect(keys.find((k) => k.attributes["attr.name"] === "community")!.attributes["attr.type"]).toBe("int");
  });

  it("should give every edge a directed attribute so the mixed graph survives", () => {
    const { view, xml } = exported();
    const graph = parseStrict(xml).find((e) => e.name === "graph")!;
    expect(graph.attributes.edgedefault).toBe("undirected");
    for (const edge of parseStrict(xml).filter((e) => e.name === "edge"))
      expect(edge.attributes.directed).toBe(String(view.graph.isDirected(edge.attributes.id)));
  });

  it("should read back with graphology-graphml to the same nodes, edges, directions and labels", () => {
    const { view, xml } = exported();
    const back = readGraphml(xml);
    expect(back.order).toBe(view.graph.order);
    expect(back.size).toBe(view.graph.size);
    view.graph.forEachNode((key, a) => expect(back.getNodeAttribute(key, "label")).toBe(withoutForbidden(a.label)));
    expect(back.getNodeAttribute("iskp", "label")).toBe(hostile.script);
    expect(back.getNodeAttribute("unicode", "label")).toBe(hostile.unicode);
    view.graph.forEachEdge((key, _a, source, target, _sa, _ta, undirected) => {
      expect(back.isUndirected(key)).toBe(undirected);
      expect(back.extremities(key)).toEqual([source, target]);
    });
    expect(back.edges("iskp", "a-and-b").sort()).toEqual(["e-iskp-ab-hostile", "e-iskp-ab-rival"]);
  });

  it("should keep relation, confidence, since, until and the full evidence on every edge", () => {
    const { view, xml } = exported();
    const back = readGraphml(xml);
    view.graph.forEachEdge((key, a, _s, _t, _sa, _ta, undirected) => {
      const b = back.getEdgeAttributes(key);
      expect(b.relation).toBe(a.relation);
      expect(b.confidence).toBe(a.confidence);
      expect(b.since).toBe(a.since);
      expect(b.until).toBe(a.until);
      expect(b.directed).toBe(!undirected);
      expect(JSON.parse(b.evidence as string)).toEqual(a.evidence);
    });
    expect(back.getEdgeAttribute("e-cypher-iskp-member", "claims")).toContain("commas\nand a newline. [un-mt-13 P30]");
  });

  it("should keep node attributes typed: numbers as numbers, colours from the vocabulary, text with its line breaks", () => {
    const { xml } = exported();
    const back = readGraphml(xml);
    const iskp = back.getNodeAttributes("iskp");
    expect(iskp.kind).toBe("group");
    expect(iskp.pagerank).toBe(0.31);
    expect(iskp.community).toBe(0);
    expect(iskp.x).toBe(10);
    expect(iskp.y).toBe(20);
    expect(iskp.color).toBe("#d62728");
    expect(iskp.description).toBe("Islamic State's Khorasan branch.\nSecond line.");
    expect(back.getNodeAttribute("ctrl", "x")).toBeUndefined();
    expect(back.getNodeAttribute("formula", "casualties_injured")).toBe(11);
  });

  it("should carry the title, provenance, filters and bibliography as graph data", () => {
    const { view, xml } = exported();
    const back = readGraphml(xml);
    expect(back.getAttribute("title")).toBe(withoutForbidden(view.title));
    expect(back.getAttribute("data_version")).toBe(view.dataVersion);
    expect(back.getAttribute("snapshot_id")).toBe("snap-42");
    expect(JSON.parse(back.getAttribute("sources_json") as string)).toEqual(view.sources);
    expect(JSON.parse(back.getAttribute("filters_json") as string)).toEqual(view.filters);
  });

  it("should default to directed edges when the view has no undirected edge, so single-type readers accept it", () => {
    const view = directedOnlyView();
    const xml = exportGraphml(view).body as string;
    const elements = parseStrict(xml);
    expect(elements.find((e) => e.name === "graph")!.attributes.edgedefault).toBe("directed");
    expect(elements.filter((e) => e.name === "edge").every((e) => e.attributes.directed === "true")).toBe(true);
    expect(readGraphml(xml).type).toBe("directed");
  });

  it("should offer a networkx flavour that keeps direction only as data, since networkx rejects mixed files", () => {
    const view = fixtureView();
    const xml = exportGraphmlForNetworkx(view).body as string;
    const elements = parseStrict(xml);
    expect(elements.find((e) => e.name === "graph")!.attributes.edgedefault).toBe("directed");
    expect(elements.filter((e) => e.name === "edge").some((e) => "directed" in e.attributes)).toBe(false);
    const back = readGraphml(xml);
    expect(back.size).toBe(view.graph.size);
    expect(back.getEdgeAttribute("e-iskp-ab-rival", "directed")).toBe(false);
    expect(back.getEdgeAttribute("e-iskp-ab-hostile", "directed")).toBe(true);
  });

  it("should serve the networkx flavour for a mixed view and the standard file for a one-direction view", () => {
    const mixed = fixtureView();
    expect(exportGraphmlPortable(mixed).body).toBe(exportGraphmlForNetworkx(mixed).body);
    const directedOnly = fixtureGraph();
    directedOnly.forEachEdge((e, _a, _s, _t, _sa, _ta, undirected) => {
      if (undirected) directedOnly.dropEdge(e);
    });
    const one = fixtureView({ graph: directedOnly });
    expect(exportGraphmlPortable(one).body).toBe(exportGraphml(one).body);
  });

  it("should write an empty view as a valid, empty graph", () => {
    const view = fixtureView({ graph: new Graph({ type: "mixed", multi: true }) as unknown as ActorGraph, sources: [] });
    const xml = exportGraphml(view).body as string;
    expect(() => parseStrict(xml)).not.toThrow();
    const back = readGraphml(xml);
    expect(back.order).toBe(0);
  });
});
