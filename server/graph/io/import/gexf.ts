// GEXF (1.1-1.3) reader on the saxes streaming parser (no DOM): declared attributes with types and defaults,
// nodes and edges with their attvalues; visual (viz:*) and dynamic (spells) data are ignored.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { Problem } from "../../model/types.js";
import { isForbiddenName } from "./guard.js";
import { xpathOf, type ImportedEdge, type ImportedGraph, type ImportedNode } from "./model.js";

interface Attribute {
  id: string;
  title: string;
  type: string;
  defaultValue?: string;
  line: number;
}

const local = (name: string) => name.slice(name.indexOf(":") + 1);

/** Converts an attvalue to its declared GEXF type; null when it is not of that type. Lists, dates and URIs stay text. */
function convert(type: string, text: string): string | number | boolean | null {
  const t = text.trim();
  switch (type) {
    case "integer":
    case "long":
    case "short":
    case "byte":
      return /^[+-]?\d+$/.test(t) ? Number(t) : null;
    case "float":
    case "double":
    case "bigdecimal": {
      const n = Number(t);
      return t !== "" && Number.isFinite(n) ? n : null;
    }
    case "boolean":
      return /^(true|1)$/i.test(t) ? true : /^(false|0)$/i.test(t) ? false : null;
    default:
      return text;
  }
}

export function readGexf(file: string, text: string): { graph?: ImportedGraph; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (path: string, message: string) => {
    if (problems.length < 200) problems.push({ file, path, message });
  };
  const declared = { node: new Map<string, Attribute>(), edge: new Map<string, Attribute>() };
  const graph: ImportedGraph = { format: "GEXF", attributes: new Map(), nodes: [], edges: [], allowSelfLoops: false };
  const parser = new SaxesParser({ xmlns: false, position: true, fileName: file });

  const stack: string[] = [];
  let sawRoot = false;
  let defaultEdgeType = "undirected";
  let attributesClass: "node" | "edge" | null = null;
  let attributeInProgress: Attribute | null = null;
  let textTarget: "default" | "description" | null = null;
  let textBuffer = "";
  let node: ImportedNode | null = null;
  let edge: ImportedEdge | null = null;
  let nodeCount = 0;
  let edgeCount = 0;
  let graphCount = 0;
  const nodesPath = "/gexf/graph/nodes";
  const edgesPath = "/gexf/graph/edges";

  parser.on("opentag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    const line = parser.line;
    stack.push(name);
    if (stack.length === 1) {
      sawRoot = true;
      if (name !== "gexf") report(`/${tag.name} (line ${line})`, `not a GEXF file: the root element is <${tag.name}>, expected <gexf>`);
      return;
    }
    const parent = stack[stack.length - 2];
    switch (name) {
      case "graph":
        graphCount++;
        if (graphCount > 1) report(`/gexf/graph[${graphCount}] (line ${line})`, "more than one <graph> is not supported");
        if (attrs.defaultedgetype !== undefined) {
          if (!["directed", "undirected", "mutual"].includes(attrs.defaultedgetype))
            report(`/gexf/graph/@defaultedgetype (line ${line})`, `defaultedgetype must be directed, undirected or mutual, not "${attrs.defaultedgetype}"`);
          defaultEdgeType = attrs.defaultedgetype;
        }
        return;
      case "description":
        if (parent === "meta") {
          textTarget = "description";
          textBuffer = "";
        }
        return;
      case "attributes": {
        const cls = attrs.class;
        if (cls !== "node" && cls !== "edge") {
          report(`/gexf/graph/attributes/@class (line ${line})`, `attributes class must be node or edge, not "${cls ?? ""}"`);
          attributesClass = null;
        } else attributesClass = cls;
        return;
      }
      case "attribute": {
        if (!attributesClass) return;
        const where = `/gexf/graph/attributes[@class="${attributesClass}"]/attribute[@id=${JSON.stringify(attrs.id ?? "")}] (line ${line})`;
        if (attrs.id === undefined || attrs.id === "") {
          report(where, "an <attribute> needs an id");
          return;
        }
        const title = attrs.title || attrs.id;
        if (isForbiddenName(attrs.id) || isForbiddenName(title)) {
          report(where, "refused: a reserved JavaScript name (__proto__, constructor, prototype) as an attribute id or title");
          return;
        }
        attributeInProgress = { id: attrs.id, title, type: attrs.type ?? "string", line };
        declared[attributesClass].set(attrs.id, attributeInProgress);
        return;
      }
      case "default":
        if (attributeInProgress) {
          textTarget = "default";
          textBuffer = "";
        }
        return;
      case "nodes":
        if (node) report(`${node.where} (line ${line})`, "nested nodes (GEXF hierarchies) are not supported");
        return;
      case "node": {
        if (parent !== "nodes" || node) return;
        nodeCount++;
        const id = attrs.id;
        const where = xpathOf(nodesPath, "node", nodeCount, id);
        if (id === undefined || id === "") {
          report(`${where} (line ${line})`, "a <node> needs an id attribute");
          return;
        }
        node = { id, attributes: new Map(), attributeWhere: new Map(), where, line };
        if (attrs.label !== undefined) {
          node.attributes.set("label", attrs.label);
          node.attributeWhere?.set("label", "@label");
        }
        return;
      }
      case "edge": {
        if (parent !== "edges" || edge) return;
        edgeCount++;
        const id = attrs.id;
        const where = xpathOf(edgesPath, "edge", edgeCount, id);
        for (const end of ["source", "target"] as const)
          if (!attrs[end]) report(`${where}/@${end} (line ${line})`, `an <edge> needs a ${end} attribute naming a node id`);
        const type = attrs.type ?? defaultEdgeType;
        if (!["directed", "undirected", "mutual"].includes(type))
          report(`${where}/@type (line ${line})`, `type must be directed, undirected or mutual, not "${type}"`);
        edge = {
          id,
          source: attrs.source ?? "",
          target: attrs.target ?? "",
          undirected: type !== "directed",
          directionWhere: attrs.type !== undefined ? "@type" : undefined,
          attributes: new Map(),
          attributeWhere: new Map(),
          where,
          line,
        };
        for (const a of ["label", "kind", "weight", "start", "end"] as const) {
          if (attrs[a] === undefined) continue;
          edge.attributes.set(a, a === "weight" ? convert("double", attrs[a]) ?? attrs[a] : attrs[a]);
          edge.attributeWhere?.set(a, `@${a}`);
        }
        return;
      }
      case "attvalue": {
        const owner = edge ?? node;
        if (!owner) return;
        const cls = edge ? "edge" : "node";
        const key = attrs.for ?? attrs.id;
        const attribute = key !== undefined ? declared[cls].get(key) : undefined;
        const where = `attvalues/attvalue[@for=${JSON.stringify(key ?? "")}]`;
        if (!attribute) {
          report(`${owner.where}/${where} (line ${line})`, `no ${cls} <attribute> is declared with id "${key ?? ""}"`);
          return;
        }
        const raw = attrs.value ?? "";
        const value = convert(attribute.type, raw);
        if (value === null) {
          report(`${owner.where}/${where} (line ${line})`, `expected a ${attribute.type} for attribute "${attribute.title}", got "${raw}"`);
          return;
        }
        owner.attributes.set(attribute.title, value);
        owner.attributeWhere?.set(attribute.title, where);
        return;
      }
      default:
        return; // meta, viz:*, spells, parents and foreign elements carry nothing this import uses
    }
  });

  const onText = (t: string) => {
    if (textTarget) textBuffer += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);

  parser.on("closetag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    stack.pop();
    if (name === "default" && textTarget === "default" && attributeInProgress) {
      attributeInProgress.defaultValue = textBuffer;
      textTarget = null;
    } else if (name === "description" && textTarget === "description") {
      if (textBuffer.trim()) graph.attributes.set("description", textBuffer.trim());
      textTarget = null;
    } else if (name === "attribute") attributeInProgress = null;
    else if (name === "attributes") attributesClass = null;
    else if (name === "node" && node && stack[stack.length - 1] === "nodes") {
      graph.nodes.push(node);
      node = null;
    } else if (name === "edge" && edge && stack[stack.length - 1] === "edges") {
      graph.edges.push(edge);
      edge = null;
    }
  });

  try {
    parser.write(text).close();
  } catch (error) {
    report(`line ${parser.line}, column ${parser.column}`, `not well-formed XML: ${(error as Error).message.replace(/^[^:]*:\d+:\d+: /, "")}`);
    return { problems };
  }
  if (!sawRoot) report("$", "not a GEXF file: no root element");
  if (problems.length) return { problems };

  for (const [cls, items] of [
    ["node", graph.nodes],
    ["edge", graph.edges],
  ] as const) {
    const withDefaults = [...declared[cls].values()].filter((a) => a.defaultValue !== undefined);
    for (const attribute of withDefaults) {
      const value = convert(attribute.type, attribute.defaultValue as string);
      if (value === null) {
        report(`/gexf/graph/attributes[@class="${cls}"]/attribute[@id=${JSON.stringify(attribute.id)}]/default (line ${attribute.line})`, `default "${attribute.defaultValue}" is not a ${attribute.type}`);
        continue;
      }
      for (const item of items as (ImportedNode | ImportedEdge)[]) {
        if (item.attributes.has(attribute.title)) continue;
        item.attributes.set(attribute.title, value);
        item.attributeWhere?.set(attribute.title, `attvalues (default of attribute ${JSON.stringify(attribute.id)})`);
      }
    }
  }
  return problems.length ? { problems } : { graph, problems };
}
