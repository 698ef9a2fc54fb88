// What every reader (graphology JSON, GEXF, GraphML) produces before mapping: nodes and edges with raw attributes and their locations.

export type ImportFormat = "graphology JSON" | "GEXF" | "GraphML" | "STIX 2.1";

export interface ImportedItem {
  /** Attribute name to value (a Map, so that no name can reach Object.prototype): JSON values, or typed XML scalars. */
  attributes: Map<string, unknown>;
  /** XML only: where each attribute was read, as an XPath step below the item (`data[@key="d3"]`, `@label`). */
  attributeWhere?: Map<string, string>;
  /** Where the item is: a JSON path (`$.nodes[3]`) or an XPath (`/graphml/graph/node[3][@id="a"]`). */
  where: string;
  /** XML only: the line the element starts on. */
  line?: number;
}

export interface ImportedNode extends ImportedItem {
  id: string;
}

export interface ImportedEdge extends ImportedItem {
  id?: string;
  source: string;
  target: string;
  undirected: boolean;
  /** XML only: the XPath step that set the direction (`@directed`, `@type`), if any. */
  directionWhere?: string;
}

export interface ImportedGraph {
  format: ImportFormat;
  /** Graph-level attributes (name, description, ...). */
  attributes: Map<string, unknown>;
  nodes: ImportedNode[];
  edges: ImportedEdge[];
  allowSelfLoops: boolean;
}

/** `/graphml/graph/node[3][@id="a"]`: the element, its position among its siblings of that name, and its id. */
export function xpathOf(parent: string, name: string, position: number, id: string | undefined): string {
  return `${parent}/${name}[${position}]${id !== undefined ? `[@id=${JSON.stringify(id)}]` : ""}`;
}
