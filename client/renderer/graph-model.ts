// The client-side graph: imported once from /api/graph, with the precomputed positions kept for reset.
import Graph from "graphology";
import { circular } from "graphology-layout";
import type { SerializedGraph as GraphologySerialized } from "graphology-types";
import type { EdgeData, NodeData, Schema, SerializedGraph } from "../api-types.js";
import type { SizeMetric } from "../state.js";

export type ActorGraph = Graph<NodeData, EdgeData>;
export type Positions = Record<string, { x: number; y: number }>;

export interface GraphModel {
  graph: ActorGraph;
  schema: Schema;
  /** Positions as the service computed them. */
  precomputed: Positions;
  kindColor(kind: string): string;
  relationColor(relation: string): string;
  relationLabel(relation: string): string;
  isDirectedRelation(relation: string): boolean;
  /** Display size in pixels of a node for a metric. */
  nodeSize(node: string, metric: SizeMetric): number;
}

const MIN_SIZE = 4;
const MAX_SIZE = 20;

/** Imports a serialized graph; nodes without positions get a circular layout. */
export function createGraphModel(serialized: SerializedGraph, schema: Schema): GraphModel {
  const graph: ActorGraph = new Graph<NodeData, EdgeData>({
    type: serialized.options?.type ?? "mixed",
    multi: serialized.options?.multi ?? true,
    allowSelfLoops: serialized.options?.allowSelfLoops ?? false,
  });
  graph.import(serialized as unknown as GraphologySerialized<NodeData, EdgeData>);

  const missing = graph.filterNodes((_k, a) => typeof a.x !== "number" || typeof a.y !== "number");
  if (missing.length) {
    const fallback = circular(graph, { scale: 100 });
    for (const node of missing) graph.mergeNodeAttributes(node, fallback[node]);
  }
  const precomputed: Positions = {};
  graph.forEachNode((key, a) => (precomputed[key] = { x: a.x as number, y: a.y as number }));

  const kinds = new Map(schema.nodeKinds.map((k) => [k.id, k]));
  const relations = new Map(schema.relations.map((r) => [r.id, r]));

  const ranges = new Map<SizeMetric, [number, number]>();
  for (const metric of ["degree", "pagerank"] as const) {
    let min = Infinity;
    let max = -Infinity;
    graph.forEachNode((_k, a) => {
      const v = metricValue(a, metric, graph);
      if (v < min) min = v;
      if (v > max) max = v;
    });
    ranges.set(metric, [min, max]);
  }

  return {
    graph,
    schema,
    precomputed,
    kindColor: (kind) => kinds.get(kind)?.color ?? "#888888",
    relationColor: (relation) => relations.get(relation)?.color ?? "#999999",
    relationLabel: (relation) => relations.get(relation)?.label ?? relation,
    isDirectedRelation: (relation) => relations.get(relation)?.directed ?? true,
    nodeSize(node, metric) {
      const [min, max] = ranges.get(metric) ?? [0, 0];
      const v = metricValue(graph.getNodeAttributes(node), metric, graph, node);
      if (!(max > min)) return (MIN_SIZE + MAX_SIZE) / 2.5;
      return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt((v - min) / (max - min));
    },
  };
}

function metricValue(a: NodeData, metric: SizeMetric, graph: ActorGraph, node?: string): number {
  const v = a[metric];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  return metric === "degree" && node ? graph.degree(node) : 0;
}

/** Current positions of every node. */
export function currentPositions(graph: ActorGraph): Positions {
  const positions: Positions = {};
  graph.forEachNode((key, a) => (positions[key] = { x: a.x as number, y: a.y as number }));
  return positions;
}

/** Moves nodes to the given positions (unknown keys are ignored). */
export function applyPositions(graph: ActorGraph, positions: Positions): void {
  graph.updateEachNodeAttributes((key, a) => {
    const p = positions[key];
    return p && Number.isFinite(p.x) && Number.isFinite(p.y) ? { ...a, x: p.x, y: p.y } : a;
  }, { attributes: ["x", "y"] });
}

/** True when any node has moved away from the precomputed layout. */
export function differsFrom(graph: ActorGraph, positions: Positions): boolean {
  let differs = false;
  graph.forEachNode((key, a) => {
    const p = positions[key];
    if (!p || Math.abs(p.x - (a.x as number)) > 1e-9 || Math.abs(p.y - (a.y as number)) > 1e-9) differs = true;
  });
  return differs;
}
