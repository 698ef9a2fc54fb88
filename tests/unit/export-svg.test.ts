// SVG export: a well-formed, script-free picture with title, legend of what is shown, sources and a layout that fits.
import { describe, expect, it } from "vitest";
import { exportSvg, placeNodes } from "../../server/graph/io/export/svg.js";
import { fixtureView, withoutForbidden } from "../fixtures/export/view.js";
import { parseStrict, type XmlElement } from "../fixtures/export/xml.js";

function exported(view = fixtureView()) {
  const file = exportSvg(view);
  const svg = file.body as string;
  return { view, file, svg, elements: parseStrict(svg) };
}

const byId = (elements: XmlElement[], id: string) => elements.find((e) => e.attributes.id === id)!;
const within = (group: XmlElement, name: string): XmlElement[] =>
  group.children.flatMap((c) => (c.name === name ? [c] : within(c, name)));

describe("exportSvg", () => {
  it("should be an SVG image", () => {
    const { file, elements } = exported();
    expect(file.contentType).toMatch(/^image\/svg\+xml/);
    expect(file.extension).toBe("svg");
    expect(elements[0].name).toBe("svg");
    expect(elements[0].attributes.xmlns).toBe("http://www.w3.org/2000/svg");
    expect(elements[0].attributes.width).toBe("1200");
  });

  it("should be well-formed XML with no script, whatever the labels hold", () => {
    const { svg, elements } = exported();
    expect(svg).not.toMatch(/<script/i);
    expect(elements.some((e) => e.name === "script" || e.name.endsWith(":script"))).toBe(false);
    expect(svg).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\p{Cs}]/u);
    expect(elements.some((e) => Object.keys(e.attributes).some((a) => /^on/i.test(a)))).toBe(false);
    const labels = within(byId(elements, "nodes"), "text").map((t) => t.text);
    expect(labels).toContain("ISKP <script>alert(1)</script>");
    expect(labels).toContain(`A & B "quoted" 'single'`);
  });

  it("should show the view's title", () => {
    const { view, elements } = exported();
    const title = withoutForbidden(view.title);
    expect(elements.find((e) => e.name === "title" && e.parent?.name === "svg")!.text).toBe(title);
    expect(elements.some((e) => e.name === "text" && e.text === title)).toBe(true);
  });

  it("should draw one circle per node and one path per edge, inside the canvas", () => {
    const { view, elements } = exported();
    const circles = within(byId(elements, "nodes"), "circle");
    const paths = within(byId(elements, "edges"), "path");
    expect(circles).toHaveLength(view.graph.order);
    expect(paths).toHaveLength(view.graph.size);
    for (const c of circles) {
      const [x, y, r] = [Number(c.attributes.cx), Number(c.attributes.cy), Number(c.attributes.r)];
      expect(x - r).toBeGreaterThanOrEqual(0);
      expect(x + r).toBeLessThanOrEqual(1200);
      expect(y - r).toBeGreaterThanOrEqual(0);
      expect(y + r).toBeLessThanOrEqual(900);
    }
  });

  it("should colour and style edges by relation and confidence, with arrowheads only on directed edges", () => {
    const { view, elements } = exported();
    const paths = within(byId(elements, "edges"), "path");
    const markers = new Map(elements.filter((e) => e.name === "marker").map((m) => [m.attributes.id, m]));
    const edges = view.graph.edges();
    paths.forEach((p, i) => {
      const key = edges[i];
      const a = view.graph.getEdgeAttributes(key);
      const relation = view.vocabulary.relations.find((r) => r.id === a.relation)!;
      expect(p.attributes.stroke).toBe(relation.color);
      expect("stroke-dasharray" in p.attributes).toBe(a.confidence === "speculative");
      const marker = p.attributes["marker-end"];
      if (view.graph.isDirected(key)) {
        const id = /^url\(#(.+)\)$/.exec(marker)![1];
        expect(markers.get(id)!.children[0].attributes.fill).toBe(relation.color);
      } else expect(marker).toBeUndefined();
    });
    const width = (key: string) => Number(paths[edges.indexOf(key)].attributes["stroke-width"]);
    expect(width("e-iskp-ab-rival")).toBeLessThan(width("e-iskp-ab-hostile"));
  });

  it("should bend parallel edges apart", () => {
    const { view, elements } = exported();
    const paths = within(byId(elements, "edges"), "path");
    const edges = view.graph.edges();
    const d = (key: string) => paths[edges.indexOf(key)].attributes.d;
    const control = (key: string) => /Q([-\d.]+),([-\d.]+)/.exec(d(key))!.slice(1).join(",");
    expect(control("e-iskp-ab-hostile")).not.toBe(control("e-iskp-ab-rival"));
  });

  it("should have a legend entry per kind and per relation present, and none for absent ones", () => {
    const { view, elements } = exported();
    const kinds = elements.filter((e) => e.attributes.class === "legend-kind").map((g) => within(g, "text")[0].text);
    const relations = elements.filter((e) => e.attributes.class === "legend-relation").map((g) => within(g, "text")[0].text);
    const presentKinds = new Set(view.graph.mapNodes((_n, a) => a.kind));
    const presentRelations = new Set(view.graph.mapEdges((_e, a) => a.relation));
    expect(kinds).toEqual(view.vocabulary.nodeKinds.filter((k) => presentKinds.has(k.id)).map((k) => k.label));
    expect(relations).toEqual(view.vocabulary.relations.filter((r) => presentRelations.has(r.id)).map((r) => r.label));
    expect(kinds).toContain("Investment & <project>");
    expect(kinds).not.toContain("Place (unused)");
    expect(relations).not.toContain("governs (unused)");
  });

  it("should end with a sources line listing author, title and date, plus data version and generation date", () => {
    const { view, elements } = exported();
    const footer = within(byId(elements, "footer"), "text").map((t) => t.text).join(" ");
    expect(footer).toMatch(/^Sources: /);
    for (const s of view.sources) {
      expect(footer).toContain(s.author);
      expect(footer).toContain(s.title);
      if (s.date) expect(footer).toContain(s.date);
    }
    expect(footer).toContain(view.dataVersion);
    expect(footer).toContain(view.generatedAt);
  });

  it("should place nodes from their layout with y pointing up, as the app draws them", () => {
    const placed = placeNodes(fixtureView());
    // iskp has y=20, formula y=-40, a-and-b x=-40, unicode x=45.
    expect(placed.get("iskp")!.y).toBeLessThan(placed.get("formula")!.y);
    expect(placed.get("a-and-b")!.x).toBeLessThan(placed.get("unicode")!.x);
  });

  it("should fall back to a deterministic circle when nodes have no position", () => {
    const view = fixtureView();
    view.graph.updateEachNodeAttributes((_n, a) => {
      const { x: _x, y: _y, ...rest } = a;
      return rest as typeof a;
    });
    const first = placeNodes(view);
    const second = placeNodes(fixtureView({ graph: view.graph.copy() as typeof view.graph }));
    expect([...first]).toEqual([...second]);
    const centre = { x: (40 + 920) / 2, y: (96 + 876) / 2 };
    const radii = [...first.values()].map((p) => Math.hypot(p.x - centre.x, p.y - centre.y));
    for (const r of radii) expect(r).toBeCloseTo(radii[0], 6);
    expect(new Set([...first.values()].map((p) => `${Math.round(p.x)},${Math.round(p.y)}`)).size).toBe(view.graph.order);
    expect(() => exported(view)).not.toThrow();
  });
});
