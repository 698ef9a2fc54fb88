// One edge as analyses cite it: endpoints, relation, sign, confidence, dates and every evidence item.
import { citedRelation, type ReliabilityIndex } from "../model/grades.js";
import type { PathEdge } from "../query/paths.js";
import type { ActorGraph, RelationSign } from "../model/types.js";
import type { RelationRoles } from "./relation-roles.js";

export interface CitedEdge extends PathEdge {
  sign: RelationSign;
  note?: string;
}

/** The edge with its grade and graded evidence, exactly as path hops show them. */
export function citeEdge(graph: ActorGraph, roles: RelationRoles, reliability: ReliabilityIndex, edge: string): CitedEdge {
  const attributes = graph.getEdgeAttributes(edge);
  return {
    id: edge,
    source: graph.source(edge),
    target: graph.target(edge),
    ...citedRelation(attributes, reliability),
    sign: roles.sign(attributes.relation),
    ...(attributes.note ? { note: attributes.note } : {}),
  };
}

/** Rounds a score or cost for display; the ranking itself uses exact values. */
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
