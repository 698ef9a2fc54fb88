// Node details: the node's attributes and every incident relation with the other end, direction and evidence.
import { AppError } from "../../errors.js";
import type { ActorGraph, NodeAttributes, SourceEntry } from "../model/types.js";
import { citedRelation, memoReliabilityIndex, type CitedRelation } from "../model/grades.js";

export interface IncidentRelation extends CitedRelation {
  edge: string;
  direction: "out" | "in" | "undirected";
  other: { id: string; label: string; kind: string };
  note?: string;
}

export interface NodeDetails {
  node: { id: string; attributes: NodeAttributes };
  relations: IncidentRelation[];
}

/** `sources` grades the evidence; without it every source counts as F (not judged). */
export function nodeDetails(graph: ActorGraph, id: string, sources: readonly SourceEntry[] = []): NodeDetails {
  const reliability = memoReliabilityIndex(sources);
  if (typeof id !== "string" || !graph.hasNode(id)) throw new AppError("NODE_NOT_FOUND", `no node has id "${String(id)}"`, { id });
  const relations: IncidentRelation[] = [];
  graph.forEachEdge(id, (edge, a, source, target, _sa, _ta, undirected) => {
    const otherId = source === id ? target : source;
    const other = graph.getNodeAttributes(otherId);
    relations.push({
      edge,
      ...citedRelation(a, reliability),
      direction: undirected ? "undirected" : source === id ? "out" : "in",
      other: { id: otherId, label: other.label, kind: other.kind },
      ...(a.note ? { note: a.note } : {}),
    });
  });
  relations.sort((x, y) => x.relation.localeCompare(y.relation) || x.other.label.localeCompare(y.other.label) || x.edge.localeCompare(y.edge));
  return { node: { id, attributes: graph.getNodeAttributes(id) }, relations };
}
