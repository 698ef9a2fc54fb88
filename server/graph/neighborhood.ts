// Ego network: the filtered subgraph within `depth` hops of a node, relations followed in either direction.
import { AppError } from "../errors.js";
import { filterGraph, type GraphFilters } from "./filters.js";
import { subgraph } from "graphology-operators";
import type { ActorGraph, Dataset } from "./types.js";

export const maxNeighborhoodDepth = 3;

export function neighborhood(dataset: Pick<Dataset, "graph" | "vocabulary">, id: string, depth: number, filters: GraphFilters = {}): ActorGraph {
  if (!dataset.graph.hasNode(id)) throw new AppError("NODE_NOT_FOUND", `no node has id "${id}"`, { id });
  if (!Number.isInteger(depth) || depth < 1 || depth > maxNeighborhoodDepth)
    throw new AppError("BAD_PARAM", `depth: expected an integer from 1 to ${maxNeighborhoodDepth}`, { param: "depth" });
  const view = filterGraph(dataset, filters);
  if (!view.hasNode(id)) return subgraph(view, []) as ActorGraph;
  const reached = new Set<string>([id]);
  let frontier = [id];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: string[] = [];
    for (const node of frontier)
      view.forEachNeighbor(node, (other) => {
        if (!reached.has(other)) {
          reached.add(other);
          next.push(other);
        }
      });
    frontier = next;
  }
  return subgraph(view, [...reached]) as ActorGraph;
}
