// GraphML exporter (graphology-graphml only parses): typed <key> declarations, colours and positions, per-edge direction.
import type { Exporter, ExportView } from "./types.js";
import {
  cellText,
  describeFilters,
  edgeColumns,
  hexToRgb,
  lookup,
  nodeColumns,
  nodeSizer,
  round,
  xmlAttr,
  xmlText,
  type CellValue,
  type Column,
  type ColumnType,
} from "./shared.js";

const graphmlType: Record<ColumnType, string> = { string: "string", integer: "int", double: "double", boolean: "boolean" };

interface Key extends Column {
  id: string;
  for: "graph" | "node" | "edge";
}

export interface GraphmlOptions {
  /**
   * Mark each edge with the GraphML `directed` attribute (the standard way to write a mixed graph).
   * networkx refuses any file whose edges disagree with `edgedefault`, so its flavour leaves the
   * attribute out, declares every edge directed and keeps the truth in the `directed` data key.
   */
  perEdgeDirection: boolean;
}

/** Builds the GraphML text; `exportGraphml` is the standard flavour, `exportGraphmlForNetworkx` the networkx one. */
export function writeGraphml(view: ExportView, options: GraphmlOptions): string {
  const { graph } = view;
  const vocab = lookup(view);
  const size = nodeSizer(view, 4, 20);
  const keys: Key[] = [];
  const addKeys = (target: Key["for"], columns: Column[]) => {
    const used = new Set(keys.filter((k) => k.for === target).map((k) => k.name));
    for (const c of columns) if (!used.has(c.name)) keys.push({ ...c, for: target, id: `d${keys.length}` });
  };

  const graphInfo: Record<string, string | undefined> = {
    title: view.title,
    data_version: view.dataVersion,
    generated_at: view.generatedAt,
    snapshot_id: view.snapshotId,
    filters: describeFilters(view.filters),
    filters_json: JSON.stringify(view.filters),
    sources_json: JSON.stringify(view.sources),
    vocabulary_json: JSON.stringify(view.vocabulary),
  };
  addKeys(
    "graph",
    Object.keys(graphInfo).map((name): Column => ({ name, type: "string", read: (a) => a[name] as string | undefined })),
  );
  // label, r/g/b, x/y and size are the names Gephi's GraphML importer and graphology-graphml map to visuals.
  const rgb = (field: string): Column[] =>
    (["r", "g", "b"] as const).map((c) => ({ name: c, type: "integer", read: (a) => hexToRgb(a[field] as string)[c] }));
  addKeys("node", [
    { name: "label", type: "string", read: (a) => a.label as string },
    ...rgb("__color"),
    { name: "x", type: "double", read: (a) => finite(a.x) },
    { name: "y", type: "double", read: (a) => finite(a.y) },
    { name: "size", type: "double", read: (a) => a.__size as number },
    ...nodeColumns(view),
  ]);
  addKeys("edge", [
    { name: "label", type: "string", read: (a) => a.__label as string },
    ...rgb("__color"),
    { name: "directed", type: "boolean", read: (a) => a.__directed as boolean },
    ...edgeColumns(view),
  ]);

  const data = (target: Key["for"], attributes: Record<string, unknown>, indent: string): string[] => {
    const lines: string[] = [];
    for (const k of keys) {
      if (k.for !== target) continue;
      const v: CellValue | undefined = k.read(attributes);
      if (v === undefined || v === "") continue;
      lines.push(`${indent}<data key="${k.id}">${xmlText(cellText(v))}</data>`);
    }
    return lines;
  };

  const directedCount = graph.directedSize;
  // graphology-graphml reads every edge not marked directed="true" as the default type, so a graph
  // holding any undirected edge must default to undirected for those edges to survive.
  const edgeDefault = options.perEdgeDirection
    ? graph.size > 0 && directedCount === graph.size ? "directed" : "undirected"
    : graph.size > 0 && directedCount === 0 ? "undirected" : "directed";

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...keys.map(
      (k) => `  <key id="${k.id}" for="${k.for}" attr.name="${xmlAttr(k.name)}" attr.type="${graphmlType[k.type]}"/>`,
    ),
    `  <graph id="G" edgedefault="${edgeDefault}">`,
    ...data("graph", graphInfo, "    "),
  ];
  graph.forEachNode((key, attributes) => {
    out.push(`    <node id="${xmlAttr(key)}">`);
    out.push(...data("node", { ...attributes, __color: vocab.kind(attributes.kind).color, __size: round(size(key)) }, "      "));
    out.push("    </node>");
  });
  graph.forEachEdge((key, attributes, source, target, _sa, _ta, undirected) => {
    const relation = vocab.relation(attributes.relation);
    const direction = options.perEdgeDirection ? ` directed="${!undirected}"` : "";
    out.push(`    <edge id="${xmlAttr(key)}" source="${xmlAttr(source)}" target="${xmlAttr(target)}"${direction}>`);
    out.push(
      ...data("edge", { ...attributes, __label: relation.label, __color: relation.color, __directed: !undirected }, "      "),
    );
    out.push("    </edge>");
  });
  out.push("  </graph>", "</graphml>", "");
  return out.join("\n");
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export const exportGraphml: Exporter = (view) => ({
  body: writeGraphml(view, { perEdgeDirection: true }),
  contentType: "application/graphml+xml; charset=utf-8",
  extension: "graphml",
});

/** Not in the format list: the same file with direction kept only as data, for `networkx.read_graphml`. */
export const exportGraphmlForNetworkx: Exporter = (view) => ({
  body: writeGraphml(view, { perEdgeDirection: false }),
  contentType: "application/graphml+xml; charset=utf-8",
  extension: "graphml",
});

/**
 * The served `graphml` format. networkx (and yEd) cannot hold a mixed graph, so a view that mixes directed
 * and undirected relations is written all-directed with each edge's real direction kept in its `directed`
 * data field; a view of one direction keeps the standard file, which every reader takes as is.
 */
export const exportGraphmlPortable: Exporter = (view) => {
  let directed = 0;
  let undirected = 0;
  view.graph.forEachEdge((_e, _a, _s, _t, _sa, _ta, isUndirected) => (isUndirected ? undirected++ : directed++));
  return directed > 0 && undirected > 0 ? exportGraphmlForNetworkx(view) : exportGraphml(view);
};
