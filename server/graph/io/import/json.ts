// graphology serialization format reader: {options?, attributes?, nodes, edges, vocabulary?, sources?} in one JSON file.
import { jsonPath } from "../json-path.js";
import type { Problem } from "../../model/types.js";
import type { ImportedEdge, ImportedGraph, ImportedNode } from "./model.js";

export interface JsonImport {
  graph: ImportedGraph;
  /** The file's own vocabulary ({nodeKinds, relations}) and source registry ({sources} or a bare array), if any. */
  vocabulary?: unknown;
  sources?: unknown;
  /** Where they sit in the file: top level, or in `meta` as actor-graph's own JSON export writes them. */
  vocabularyPath: string;
  sourcesPath: string;
}

const topLevel = new Set(["options", "attributes", "nodes", "edges", "vocabulary", "sources", "meta"]);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Checks the file's shape (not the data model: validation does that) and turns it into an ImportedGraph. */
export function readGraphologyJson(file: string, json: unknown): { result?: JsonImport; problems: Problem[] } {
  const problems: Problem[] = [];
  const report = (path: PropertyKey[], message: string) => {
    if (problems.length < 200) problems.push({ file, path: jsonPath(path), message });
  };
  if (!isObject(json)) {
    report([], "expected a graphology serialized graph: an object with nodes and edges arrays");
    return { problems };
  }
  for (const key of Object.keys(json)) if (!topLevel.has(key)) report([key], `unknown top-level field "${key}": expected ${[...topLevel].join(", ")}`);
  if (!Array.isArray(json.nodes)) report(["nodes"], "expected an array of {key, attributes}");
  if (json.edges !== undefined && !Array.isArray(json.edges)) report(["edges"], "expected an array of {key?, source, target, undirected?, attributes}");
  if (json.attributes !== undefined && !isObject(json.attributes)) report(["attributes"], "expected an object of graph attributes");
  let defaultUndirected = false;
  let allowSelfLoops = false;
  if (json.options !== undefined) {
    if (!isObject(json.options)) report(["options"], "expected {type?, multi?, allowSelfLoops?}");
    else {
      for (const key of Object.keys(json.options))
        if (!["type", "multi", "allowSelfLoops"].includes(key)) report(["options", key], `unknown option "${key}": expected type, multi, allowSelfLoops`);
      const { type, allowSelfLoops: loops, multi } = json.options;
      if (type !== undefined && type !== "mixed" && type !== "directed" && type !== "undirected")
        report(["options", "type"], "expected mixed, directed or undirected");
      if (multi !== undefined && typeof multi !== "boolean") report(["options", "multi"], "expected true or false");
      if (loops !== undefined && typeof loops !== "boolean") report(["options", "allowSelfLoops"], "expected true or false");
      defaultUndirected = type === "undirected";
      allowSelfLoops = loops === true;
    }
  }
  if (problems.length) return { problems };

  const graph: ImportedGraph = { format: "graphology JSON", attributes: new Map(), nodes: [], edges: [], allowSelfLoops };
  if (isObject(json.attributes)) for (const [k, v] of Object.entries(json.attributes)) graph.attributes.set(k, v);

  const idOf = (value: unknown): string | undefined =>
    typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;

  (json.nodes as unknown[]).forEach((raw, i) => {
    if (!isObject(raw)) return report(["nodes", i], "expected {key, attributes}");
    const id = idOf(raw.key);
    if (id === undefined || id === "") return report(["nodes", i, "key"], "a node needs a key (a string or a number)");
    for (const k of Object.keys(raw)) if (k !== "key" && k !== "attributes") report(["nodes", i, k], `unknown field "${k}": a node has key and attributes`);
    if (raw.attributes !== undefined && !isObject(raw.attributes)) return report(["nodes", i, "attributes"], "expected an object");
    const node: ImportedNode = { id, attributes: new Map(Object.entries((raw.attributes as Record<string, unknown> | undefined) ?? {})), where: `$.nodes[${i}]` };
    graph.nodes.push(node);
  });
  ((json.edges as unknown[] | undefined) ?? []).forEach((raw, i) => {
    if (!isObject(raw)) return report(["edges", i], "expected {key?, source, target, undirected?, attributes}");
    for (const k of Object.keys(raw))
      if (!["key", "source", "target", "undirected", "attributes"].includes(k)) report(["edges", i, k], `unknown field "${k}": an edge has key, source, target, undirected and attributes`);
    const source = idOf(raw.source);
    const target = idOf(raw.target);
    if (source === undefined) report(["edges", i, "source"], "an edge needs a source node key");
    if (target === undefined) report(["edges", i, "target"], "an edge needs a target node key");
    if (raw.key !== undefined && idOf(raw.key) === undefined) report(["edges", i, "key"], "an edge key must be a string or a number");
    if (raw.undirected !== undefined && typeof raw.undirected !== "boolean") report(["edges", i, "undirected"], "expected true or false");
    if (raw.attributes !== undefined && !isObject(raw.attributes)) return report(["edges", i, "attributes"], "expected an object");
    if (source === undefined || target === undefined) return;
    const edge: ImportedEdge = {
      id: idOf(raw.key),
      source,
      target,
      undirected: typeof raw.undirected === "boolean" ? raw.undirected : defaultUndirected,
      attributes: new Map(Object.entries((raw.attributes as Record<string, unknown> | undefined) ?? {})),
      where: `$.edges[${i}]`,
    };
    graph.edges.push(edge);
  });
  if (problems.length) return { problems };
  // actor-graph's JSON export keeps vocabulary and bibliography in `meta`; top-level ones win.
  const meta = isObject(json.meta) ? json.meta : {};
  const vocabularyInMeta = json.vocabulary === undefined && meta.vocabulary !== undefined;
  const sourcesInMeta = json.sources === undefined && meta.sources !== undefined;
  return {
    result: {
      graph,
      vocabulary: vocabularyInMeta ? meta.vocabulary : json.vocabulary,
      sources: sourcesInMeta ? meta.sources : json.sources,
      vocabularyPath: vocabularyInMeta ? "$.meta.vocabulary" : "$.vocabulary",
      sourcesPath: sourcesInMeta ? "$.meta.sources" : "$.sources",
    },
    problems,
  };
}
