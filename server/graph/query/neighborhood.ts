// Ego network: the filtered subgraph within `depth` hops of a node, relations followed in either direction.
import Graph from "graphology";
import { AppError } from "../../errors.js";
import { viewPredicates, type GraphFilters } from "./filters.js";
import type { ActorGraph, Dataset } from "../model/types.js";

export const maxNeighborhoodDepth = 3;

/** Walks only what the filters let through, so the cost follows the ego network's size, not the graph's. */
export function neighborhood(dataset: Pick<Dataset, "graph" | "vocabulary">, id: string, depth: number, filters: GraphFilters = {}): ActorGraph {
  const { graph } = dataset;
  if (typeof id !== "string" || !graph.hasNode(id)) throw new AppError("NODE_NOT_FOUND", `no node has id "${String(id)}"`, { id });
  if (!Number.isInteger(depth) || depth < 1 || depth > maxNeighborhoodDepth)
    throw new AppError("BAD_PARAM", `depth: expected an integer from 1 to ${maxNeighborhoodDepth}`, { param: "depth" });
  const predicates = viewPredicates(dataset, filters);
  const nodeOk = (n: string) => predicates.node(n, graph.getNodeAttributes(n));
  const ego = new Graph({ type: graph.type, multi: graph.multi, allowSelfLoops: graph.allowSelfLoops }) as unknown as ActorGraph;
  if (!nodeOk(id)) return ego;

  const reached = new Set<string>([id]);
  let frontier = [id];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: string[] = [];
    for (const node of frontier)
      graph.forEachEdge(node, (edge, attributes, s, t) => {
        const other = s === node ? t : s;
        if (reached.has(other) || !predicates.edge(edge, attributes) || !nodeOk(other)) return;
        reached.add(other);
        next.push(other);
      });
    frontier = next;
  }
  for (const node of reached) ego.addNode(node, { ...graph.getNodeAttributes(node) });
  for (const node of reached)
    graph.forEachOutboundEdge(node, (edge, attributes, s, t, _sa, _ta, undirected) => {
      if (ego.hasEdge(edge) || !reached.has(s) || !reached.has(t) || !predicates.edge(edge, attributes)) return;
      if (undirected) ego.addUndirectedEdgeWithKey(edge, s, t, { ...attributes });
      else ego.addDirectedEdgeWithKey(edge, s, t, { ...attributes });
    });
  return ego;
}
