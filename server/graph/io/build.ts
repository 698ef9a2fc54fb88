// Builds a fresh graphology graph from validated data; the caller swaps it in only once it is whole.
import Graph from "graphology";
import type { ActorGraph } from "../model/types.js";
import type { ValidatedDataset } from "./validate.js";

export function buildGraph(data: ValidatedDataset): ActorGraph {
  const graph = new Graph(data.options) as unknown as ActorGraph;
  graph.import({
    attributes: data.graphAttributes,
    nodes: data.nodes.map((n) => ({ key: n.key, attributes: { ...n.attributes } })),
    edges: data.edges.map((e) => ({
      key: e.key,
      source: e.source,
      target: e.target,
      undirected: Boolean(e.undirected),
      attributes: { ...e.attributes },
    })),
  });
  return graph;
}
