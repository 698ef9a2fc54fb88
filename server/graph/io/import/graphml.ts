// GraphML reader on the saxes streaming parser (no DOM): keys with types and defaults, nodes, edges and their data.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { Problem } from "../../model/types.js";
import { isForbiddenName } from "./guard.js";
import { xpathOf, type ImportedEdge, type ImportedGraph, type ImportedItem, type ImportedNode } from "./model.js";

interface Key {
  id: string;
  for: "node" | "edge" | "graph" | "all";
  name: string;
  type: "boolean" | "int" | "long" | "float" | "double" | "string";
  defaultValue?: string;
  line: number;
  /** `data[@key="d3"]`, the step recorded as where an attribute came from. */
  where: string;
}

const keyTypes = new Set(["boolean", "int", "long", "float", "double", "string"]);
const keyTargets = new Set(["node", "edge", "graph", "all"]);
/** Legal GraphML `for` values this reader has no use for. */
const ignoredTargets = new Set(["graphml", "hyperedge", "port", "endpoint"]);

const local = (name: string) => name.slice(name.indexOf(":") + 1);

/** Converts data text to the key's declared type; null when the text is not of that type. */
function convert(type: Key["type"], text: string): string | number | boolean | null {
  const t = text.trim();
  if (type === "string") return text;
  if (type === "boolean") return /^(true|1)$/i.test(t) ? true : /^(false|0)$/i.test(t) ? false : null;
  if (type === "int" || type === "long") return /^[+-]?\d+$/.test(t) ? Number(t) : null;
  const n = Number(t);
  return t !== "" && Number.isFinite(n) ? n : null;
}

export function readGraphml(file: string, text: string): { graph?: ImportedGraph; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (path: string, message: string) => {
    if (problems.length < 200) problems.push({ file, path, message });
  };
  const keys = new Map<string, Key>();
  const graph: ImportedGraph = { format: "GraphML", attributes: new Map(), nodes: [], edges: [], allowSelfLoops: false };
  const parser = new SaxesParser({ xmlns: false, position: true, fileName: file });

  const stack: string[] = [];
  let graphDepth = 0;
  let edgeDefault: "directed" | "undirected" = "directed";
  let sawRoot = false;
  let keyInProgress: Key | null = null;
  let defaultText: string | null = null;
  let item: ImportedNode | ImportedEdge | null = null;
  let itemType: "node" | "edge" | null = null;
  let data: { key: Key | null; text: string; line: number; depth: number } | null = null;
  let nodeCount = 0;
  let edgeCount = 0;

  const graphPath = "/graphml/graph";

  parser.on("opentag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    const attrs = tag.attributes as Record<string, string>;
    const line = parser.line;
    stack.push(name);
    if (data) {
      // Markup inside <data> (yEd's graphics, for one) is skipped; only its text is kept.
      return;
    }
    if (stack.length === 1) {
      sawRoot = true;
      if (name !== "graphml") report(`/${tag.name} (line ${line})`, `not a GraphML file: the root element is <${tag.name}>, expected <graphml>`);
      return;
    }
    switch (name) {
      case "key": {
        const id = attrs.id;
        const target = attrs.for ?? "all";
        const where = `/graphml/key[@id=${JSON.stringify(id ?? "")}] (line ${line})`;
        if (!id) {
          report(where, "a <key> needs an id attribute");
          return;
        }
        if (isForbiddenName(id) || isForbiddenName(target) || isForbiddenName(attrs["attr.name"] ?? "")) {
          report(where, "refused: a reserved JavaScript name (__proto__, constructor, prototype) as a key id, for or attr.name");
          return;
        }
        if (ignoredTargets.has(target)) return;
        if (!keyTargets.has(target)) {
          report(`${where}/@for`, `unknown key target for="${target}": expected node, edge, graph or all`);
          return;
        }
        const type = attrs["attr.type"] ?? "string";
        if (!keyTypes.has(type)) {
          report(`${where}/@attr.type`, `unknown attr.type "${type}": expected boolean, int, long, float, double or string`);
          return;
        }
        if (attrs["yfiles.type"] !== undefined) return; // yEd graphics and resources: not data
        keyInProgress = { id, for: target as Key["for"], name: attrs["attr.name"] || id, type: type as Key["type"], line, where: `data[@key=${JSON.stringify(id)}]` };
        if (keys.has(id)) report(where, `duplicate key id "${id}"`);
        keys.set(id, keyInProgress);
        return;
      }
      case "default":
        if (keyInProgress) defaultText = "";
        return;
      case "graph": {
        graphDepth++;
        if (graphDepth > 1 || item) {
          report(`${graphPath} (line ${line})`, "nested graphs (a <graph> inside a node, an edge or another graph) are not supported");
          return;
        }
        const d = attrs.edgedefault ?? "directed";
        if (d !== "directed" && d !== "undirected") report(`${graphPath}/@edgedefault (line ${line})`, `edgedefault must be directed or undirected, not "${d}"`);
        else edgeDefault = d;
        return;
      }
      case "node": {
        if (graphDepth !== 1 || item) return;
        nodeCount++;
        const id = attrs.id;
        const where = xpathOf(graphPath, "node", nodeCount, id);
        if (id === undefined || id === "") {
          report(`${where} (line ${line})`, "a <node> needs an id attribute");
          return;
        }
        item = { id, attributes: new Map(), attributeWhere: new Map(), where, line };
        itemType = "node";
        return;
      }
      case "edge": {
        if (graphDepth !== 1 || item) return;
        edgeCount++;
        const id = attrs.id;
        const where = xpathOf(graphPath, "edge", edgeCount, id);
        for (const end of ["source", "target"] as const)
          if (!attrs[end]) report(`${where}/@${end} (line ${line})`, `an <edge> needs a ${end} attribute naming a node id`);
        let undirected = edgeDefault === "undirected";
        let directionWhere: string | undefined;
        if (attrs.directed !== undefined) {
          if (attrs.directed !== "true" && attrs.directed !== "false")
            report(`${where}/@directed (line ${line})`, `directed must be true or false, not "${attrs.directed}"`);
          undirected = attrs.directed === "false";
          directionWhere = "@directed";
        }
        itemType = "edge";
        item = {
          id,
          source: attrs.source ?? "",
          target: attrs.target ?? "",
          undirected,
          directionWhere,
          attributes: new Map(),
          attributeWhere: new Map(),
          where,
          line,
        };
        return;
      }
      case "data": {
        const keyId = attrs.key;
        const key = keyId !== undefined ? keys.get(keyId) ?? null : null;
        const owner = item ? `${item.where} (line ${item.line})` : `${graphPath} (line ${line})`;
        if (keyId === undefined) report(`${owner}`, `a <data> element at line ${line} has no key attribute`);
        else if (!key) report(owner, `<data key="${keyId}"> at line ${line}: no <key> declares id "${keyId}"`);
        data = { key, text: "", line, depth: stack.length };
        return;
      }
      case "hyperedge":
        report(`${graphPath}/hyperedge (line ${line})`, "hyperedges are not supported");
        return;
      default:
        return; // desc, port, locator and foreign elements carry nothing this import uses
    }
  });

  const onText = (t: string) => {
    if (data) data.text += t;
    else if (defaultText !== null) defaultText += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);

  parser.on("closetag", (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (data && stack.length === data.depth && name === "data") {
      const { key, text: value } = data;
      data = null;
      stack.pop();
      if (!key) return;
      const target = itemType ?? "graph";
      const where = key.where;
      if (key.for !== "all" && key.for !== target) {
        report(`${item ? item.where : graphPath}/${where} (line ${item?.line ?? parser.line})`, `key "${key.id}" is declared for ${key.for}s, not for a ${target}`);
        return;
      }
      const converted = convert(key.type, value);
      if (converted === null) {
        report(`${item ? item.where : graphPath}/${where} (line ${item?.line ?? parser.line})`, `expected a ${key.type} for key "${key.id}" (${key.name}), got "${value.trim()}"`);
        return;
      }
      if (item) {
        item.attributes.set(key.name, converted);
        item.attributeWhere?.set(key.name, where);
      } else graph.attributes.set(key.name, converted);
      return;
    }
    stack.pop();
    if (data) return;
    if (name === "default" && keyInProgress && defaultText !== null) {
      keyInProgress.defaultValue = defaultText;
      defaultText = null;
    } else if (name === "key") keyInProgress = null;
    else if (name === "graph") graphDepth--;
    else if ((name === "node" || name === "edge") && item && itemType === name && graphDepth === 1) {
      if (itemType === "node") graph.nodes.push(item as ImportedNode);
      else {
        // networkx cannot read per-edge direction, so files for it (ours included) keep it in a boolean `directed` data key.
        const edge = item as ImportedEdge;
        const directed = edge.attributes.get("directed");
        if (edge.directionWhere === undefined && typeof directed === "boolean") {
          edge.undirected = !directed;
          edge.directionWhere = edge.attributeWhere?.get("directed");
        }
        graph.edges.push(edge);
      }
      item = null;
      itemType = null;
    }
  });

  try {
    parser.write(text).close();
  } catch (error) {
    report(`line ${parser.line}, column ${parser.column}`, `not well-formed XML: ${(error as Error).message.replace(/^[^:]*:\d+:\d+: /, "")}`);
    return { problems };
  }
  if (!sawRoot) report("$", "not a GraphML file: no root element");
  if (problems.length) return { problems };

  // Defaults declared on keys apply to every element of their kind that has no data for them.
  const defaults = (target: "node" | "edge") => [...keys.values()].filter((k) => k.defaultValue !== undefined && (k.for === target || k.for === "all"));
  const applyDefaults = (items: ImportedItem[], target: "node" | "edge") => {
    const list = defaults(target);
    if (!list.length) return;
    for (const it of items)
      for (const key of list) {
        if (it.attributes.has(key.name)) continue;
        const value = convert(key.type, key.defaultValue as string);
        if (value === null) {
          report(`/graphml/key[@id=${JSON.stringify(key.id)}]/default (line ${key.line})`, `default "${key.defaultValue}" is not a ${key.type}`);
          return;
        }
        it.attributes.set(key.name, value);
        it.attributeWhere?.set(key.name, `${key.where} (the key's default)`);
      }
  };
  applyDefaults(graph.nodes, "node");
  applyDefaults(graph.edges, "edge");
  return problems.length ? { problems } : { graph, problems };
}
