// GEXF exporter (1.2draft by default, 1.3 on request): declared attributes, viz colours, sizes and positions, per-edge direction.
import type { Exporter, ExportOptions, ExportView, GexfVersion } from "./types.js";
import {
  cellText,
  describeFilters,
  edgeColumns,
  hexToRgb,
  lookup,
  nodeColumns,
  nodeSizer,
  provenanceLine,
  round,
  sourceLine,
  xmlAttr,
  xmlText,
  type Column,
  type ColumnType,
} from "./shared.js";

// Written by hand rather than with graphology-gexf's writer, which emits raw control characters
// (a strict parser, and Gephi, then rejects the file) and cannot declare a column it has not seen.

const gexfType: Record<ColumnType, string> = { string: "string", integer: "integer", double: "double", boolean: "boolean" };

function declare(cls: "node" | "edge", columns: Column[]): string[] {
  const lines = [`    <attributes class="${cls}" mode="static">`];
  for (const c of columns) lines.push(`      <attribute id="${xmlAttr(c.name)}" title="${xmlAttr(c.name)}" type="${gexfType[c.type]}"/>`);
  lines.push("    </attributes>");
  return lines;
}

function attvalues(columns: Column[], attributes: Record<string, unknown>, indent: string): string[] {
  const values: string[] = [];
  for (const c of columns) {
    const v = c.read(attributes);
    if (v === undefined || v === "") continue;
    values.push(`${indent}  <attvalue for="${xmlAttr(c.name)}" value="${xmlAttr(cellText(v))}"/>`);
  }
  return values.length ? [`${indent}<attvalues>`, ...values, `${indent}</attvalues>`] : [];
}

function vizColor(hex: string): string {
  const { r, g, b } = hexToRgb(hex);
  return `<viz:color r="${r}" g="${g}" b="${b}"/>`;
}

/** GEXF's lastmodifieddate is an xsd:date; anything else is left out rather than made invalid. */
function gexfDate(iso: string): string | undefined {
  const day = iso.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}

const thickness = { reported: 2, assessed: 1.25, speculative: 1 } as const;

/**
 * 1.2draft is the default because it is what networkx (1.1draft/1.2draft only) and every Gephi read. 1.3 is kept
 * for one thing 1.2draft cannot say: the edge `kind` that lets Gephi keep parallel edges of different relations
 * between one pair apart instead of merging them.
 */
const roots: Record<GexfVersion, string> = {
  "1.2draft":
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
  "1.3": '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
};

/**
 * The graph's default edge type and each edge's own. A mixed graph in 1.2draft writes its symmetric relations as
 * `mutual` under a directed default: networkx refuses an `undirected` edge in a directed graph (and the reverse)
 * and reads `mutual` as a pair of opposite directed edges, both with the `directed` column false; Gephi, graphology
 * and our own importer read `mutual` as symmetric. A graph of one kind of edge simply says so.
 */
function edgeTypes(view: ExportView, version: GexfVersion): { defaultType: string; typeOf: (undirected: boolean) => string } {
  let directed = 0;
  let undirected = 0;
  view.graph.forEachEdge((_e, _a, _s, _t, _sa, _ta, u) => void (u ? undirected++ : directed++));
  if (directed === 0 && undirected > 0) return { defaultType: "undirected", typeOf: () => "undirected" };
  const symmetric = version === "1.3" ? "undirected" : "mutual";
  return { defaultType: "directed", typeOf: (u) => (u ? symmetric : "directed") };
}

export const exportGexf: Exporter = (view: ExportView, options: ExportOptions = {}) => {
  const version: GexfVersion = options.gexfVersion ?? "1.2draft";
  const { graph } = view;
  const types = edgeTypes(view, version);
  const vocab = lookup(view);
  const nodeCols = nodeColumns(view);
  // `directed` repeats the edge type as a column so Gephi's data laboratory can filter on it.
  const edgeCols: Column[] = [...edgeColumns(view), { name: "directed", type: "boolean", read: (a) => a.directed as boolean }];
  const size = nodeSizer(view, 4, 20);
  // GEXF meta has no title, so the description carries title, provenance and the bibliography.
  const description = [
    view.title,
    provenanceLine(view),
    `Filters: ${describeFilters(view.filters)}`,
    `Sources: ${view.sources.map((s) => `[${s.id}] ${sourceLine(s)}`).join("; ")}`,
  ].join("\n");
  const lastModified = gexfDate(view.generatedAt);

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    roots[version],
    `  <meta${lastModified ? ` lastmodifieddate="${lastModified}"` : ""}>`,
    "    <creator>actor-graph</creator>",
    `    <keywords>${xmlText(`actor-graph, data version ${view.dataVersion}${view.snapshotId ? `, snapshot ${view.snapshotId}` : ""}`)}</keywords>`,
    `    <description>${xmlText(description)}</description>`,
    "  </meta>",
    // Every edge states its own type too, for readers that ignore the default.
    `  <graph mode="static" defaultedgetype="${types.defaultType}">`,
    ...declare("node", nodeCols),
    ...declare("edge", edgeCols),
    `    <nodes count="${graph.order}">`,
  ];

  graph.forEachNode((key, attributes) => {
    out.push(`      <node id="${xmlAttr(key)}" label="${xmlAttr(attributes.label ?? key)}">`);
    out.push(...attvalues(nodeCols, attributes, "        "));
    out.push(`        ${vizColor(vocab.kind(attributes.kind).color)}`);
    out.push(`        <viz:size value="${round(size(key))}"/>`);
    const { x, y } = attributes;
    if (typeof x === "number" && typeof y === "number" && Number.isFinite(x) && Number.isFinite(y))
      out.push(`        <viz:position x="${round(x, 4)}" y="${round(y, 4)}" z="0"/>`);
    out.push("      </node>");
  });
  out.push("    </nodes>", `    <edges count="${graph.size}">`);

  graph.forEachEdge((key, attributes, source, target, _sa, _ta, undirected) => {
    const relation = vocab.relation(attributes.relation);
    // 1.3 only: `kind` is how Gephi tells parallel edges apart; without it, two relations between one pair merge.
    const kind = version === "1.3" ? ` kind="${xmlAttr(attributes.relation)}"` : "";
    out.push(
      `      <edge id="${xmlAttr(key)}" source="${xmlAttr(source)}" target="${xmlAttr(target)}" type="${types.typeOf(undirected)}" label="${xmlAttr(relation.label)}"${kind}>`,
    );
    out.push(...attvalues(edgeCols, { ...attributes, directed: !undirected }, "        "));
    out.push(`        ${vizColor(relation.color)}`);
    out.push(`        <viz:thickness value="${thickness[attributes.confidence] ?? 1}"/>`);
    if (attributes.confidence === "speculative") out.push('        <viz:shape value="dashed"/>');
    out.push("      </edge>");
  });
  out.push("    </edges>", "  </graph>", "</gexf>", "");
  return { body: out.join("\n"), contentType: "application/gexf+xml; charset=utf-8", extension: "gexf" };
};
