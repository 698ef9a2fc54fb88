// GEXF export: strict well-formedness with hostile text, and a faithful read-back through graphology-gexf.
import { describe, expect, it } from "vitest";
import { exportGexf } from "../../server/graph/io/export/gexf.js";
import { fixtureView, hostile, withoutForbidden } from "../fixtures/export/view.js";
import { parseStrict, readGexf } from "../fixtures/export/xml.js";

const forbiddenRaw = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\p{Cs}]/u;

function exported() {
  const view = fixtureView();
  const file = exportGexf(view);
  return { view, xml: file.body as string, file };
}

describe("exportGexf", () => {
  it("should declare a GEXF file type and extension", () => {
    const { file } = exported();
    expect(file.extension).toBe("gexf");
    expect(file.contentType).toMatch(/^application\/(gexf\+)?xml/);
    expect(typeof file.body).toBe("string");
  });

  it("should be well-formed under a strict XML parser despite hostile labels", () => {
    const { xml } = exported();
    expect(() => parseStrict(xml)).not.toThrow();
    expect(xml).not.toMatch(forbiddenRaw);
    expect(xml).not.toContain("<script");
    const root = parseStrict(xml)[0];
    expect(root.name).toBe("gexf");
    expect(root.attributes.version).toBe("1.2");
    expect(root.attributes.xmlns).toBe("http://www.gexf.net/1.2draft");
    expect(root.attributes["xmlns:viz"]).toBe("http://www.gexf.net/1.2draft/viz");
  });

  it("should write GEXF 1.3 only when asked, with the 1.3 namespaces", () => {
    const xml = exportGexf(fixtureView(), { gexfVersion: "1.3" }).body as string;
    const root = parseStrict(xml)[0];
    expect(root.attributes.version).toBe("1.3");
    expect(root.attributes.xmlns).toBe("http://gexf.net/1.3");
    expect(readGexf(xml).size).toBe(fixtureView().graph.size);
  });

  it("should stay well-formed when the title and every label are made only of forbidden and markup characters", () => {
    const view = fixtureView({ title: "\u0000\u0001<&>\"'\uD800\uFFFF" });
    view.graph.updateEachNodeAttributes((_n, a) => ({ ...a, label: "\u0003]]><!--&amp;\uDC00" }));
    const xml = exportGexf(view).body as string;
    expect(() => parseStrict(xml)).not.toThrow();
    const back = readGexf(xml);
    back.forEachNode((_n, a) => expect(a.label).toBe("]]><!--&amp;"));
  });

  it("should read back with graphology-gexf to the same nodes, edges, directions and labels", () => {
    const { view, xml } = exported();
    const back = readGexf(xml);
    expect(back.order).toBe(view.graph.order);
    expect(back.size).toBe(view.graph.size);
    view.graph.forEachNode((key, a) => {
      expect(back.getNodeAttribute(key, "label")).toBe(withoutForbidden(a.label));
    });
    expect(back.getNodeAttribute("ctrl", "label")).toBe("Ctrl label");
    expect(back.getNodeAttribute("iskp", "label")).toBe(hostile.script);
    expect(back.getNodeAttribute("a-and-b", "label")).toBe(hostile.quotes);
    expect(back.getNodeAttribute("unicode", "label")).toBe(hostile.unicode);
    view.graph.forEachEdge((key, _a, source, target, _sa, _ta, undirected) => {
      expect(back.hasEdge(key)).toBe(true);
      expect(back.isUndirected(key)).toBe(undirected);
      expect(back.extremities(key)).toEqual([source, target]);
    });
  });

  it("should keep both parallel edges between one pair, a symmetric one as mutual under a directed default in 1.2draft", () => {
    const { xml } = exported();
    const back = readGexf(xml);
    expect(back.edges("iskp", "a-and-b").sort()).toEqual(["e-iskp-ab-hostile", "e-iskp-ab-rival"]);
    expect(parseStrict(xml).find((e) => e.name === "graph")!.attributes.defaultedgetype).toBe("directed");
    const edges = parseStrict(xml).filter((e) => e.name === "edge" && e.attributes.source === "iskp" && e.attributes.target === "a-and-b");
    // 1.2draft has no edge kind: the relation travels as the label and the `relation` column.
    expect(edges.map((e) => [e.attributes.id, e.attributes.type, e.attributes.kind]).sort()).toEqual([
      ["e-iskp-ab-hostile", "directed", undefined],
      ["e-iskp-ab-rival", "mutual", undefined],
    ]);
  });

  it("should tell parallel edges apart by their relation as edge kind in 1.3", () => {
    const xml = exportGexf(fixtureView(), { gexfVersion: "1.3" }).body as string;
    const edges = parseStrict(xml).filter((e) => e.name === "edge" && e.attributes.source === "iskp" && e.attributes.target === "a-and-b");
    expect(edges.map((e) => [e.attributes.kind, e.attributes.type]).sort()).toEqual([
      ["hostile-to", "directed"],
      ["rival-of", "undirected"],
    ]);
  });

  it("should keep relation, confidence, since, until and the full evidence on every edge", () => {
    const { view, xml } = exported();
    const back = readGexf(xml);
    view.graph.forEachEdge((key, a) => {
      const b = back.getEdgeAttributes(key);
      expect(b.relation).toBe(a.relation);
      expect(b.confidence).toBe(a.confidence);
      expect(b.since).toBe(a.since);
      expect(b.until).toBe(a.until);
      expect(JSON.parse(b.evidence as string)).toEqual(a.evidence);
      for (const e of a.evidence) expect(b.citations).toContain(`${e.source} ${e.locator}`);
    });
    expect(back.getEdgeAttribute("e-cypher-iskp-member", "claims")).toBe(
      'He was a member. [S1 P12] | Claim, with "quotes", commas\nand a newline. [un-mt-13 P30]',
    );
    expect(back.getEdgeAttribute("e-iskp-ab-hostile", "label")).toBe("hostile to");
  });

  it("should keep node kind, aliases, description with its line breaks, facts, metrics and layout", () => {
    const { view, xml } = exported();
    const back = readGexf(xml);
    const iskp = back.getNodeAttributes("iskp");
    expect(iskp.kind).toBe("group");
    expect(iskp.aliases).toBe(`ISIS-K; ${hostile.hyperlink}`);
    expect(iskp.description).toBe("Islamic State's Khorasan branch.\nSecond line.");
    expect(iskp.pagerank).toBe(0.31);
    expect(iskp.community).toBe(0);
    expect(iskp.degree).toBe(6);
    expect(iskp.x).toBe(10);
    expect(iskp.y).toBe(20);
    expect(back.getNodeAttribute("ctrl", "aliases")).toBe("tab\there");
    expect(back.getNodeAttribute("formula", "date")).toBe("2022-09-05");
    expect(back.getNodeAttribute("formula", "casualties_killed")).toBe(2);
    expect(JSON.parse(back.getNodeAttribute("a-and-b", "facts_json") as string)).toEqual(view.graph.getNodeAttribute("a-and-b", "facts"));
    expect(JSON.parse(back.getNodeAttribute("iskp", "evidence") as string)).toEqual(view.graph.getNodeAttribute("iskp", "evidence"));
  });

  it("should declare every attribute value it writes, with a GEXF type", () => {
    const { xml } = exported();
    const elements = parseStrict(xml);
    const declared = new Map<string, Set<string>>();
    for (const a of elements.filter((e) => e.name === "attribute")) {
      const cls = a.parent!.attributes.class;
      expect(["string", "integer", "double", "boolean"]).toContain(a.attributes.type);
      if (!declared.has(cls)) declared.set(cls, new Set());
      declared.get(cls)!.add(a.attributes.id);
    }
    for (const value of elements.filter((e) => e.name === "attvalue")) {
      const owner = value.parent!.parent!.name;
      expect(declared.get(owner)?.has(value.attributes.for), `${owner} attribute ${value.attributes.for}`).toBe(true);
    }
    expect([...declared.get("node")!]).toEqual(expect.arrayContaining(["kind", "aliases", "description", "community", "pagerank", "evidence"]));
    expect([...declared.get("edge")!]).toEqual(expect.arrayContaining(["relation", "confidence", "since", "until", "evidence", "claims"]));
  });

  it("should colour nodes by kind and edges by relation, and dash speculative edges", () => {
    const { view, xml } = exported();
    const back = readGexf(xml);
    expect(back.getNodeAttribute("iskp", "color")).toBe("rgb(214,39,40)");
    expect(back.getNodeAttribute("a-and-b", "color")).toBe("rgb(31,119,180)");
    expect(back.getEdgeAttribute("e-iskp-ab-hostile", "color")).toBe("rgb(230,85,13)");
    view.graph.forEachEdge((key, a) => {
      expect(back.getEdgeAttribute(key, "shape") === "dashed").toBe(a.confidence === "speculative");
    });
  });

  it("should carry the title, data version and bibliography in its meta description", () => {
    const { view, xml } = exported();
    const description = readGexf(xml).getAttribute("description") as string;
    expect(description).toContain(withoutForbidden(view.title));
    expect(description).toContain(view.dataVersion);
    expect(description).toContain("V Balasubramaniyan, Islamic State in Khorasan Province's Central Asia Outreach (2023-04-29)");
    expect(parseStrict(xml).find((e) => e.name === "meta")!.attributes.lastmodifieddate).toBe("2024-05-01");
  });
});
