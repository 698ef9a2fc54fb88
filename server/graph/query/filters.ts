// Shared view filters (kinds, relations, minimum confidence, as-of date) as predicates and as a filtered copy.
import Graph from "graphology";
import { AppError } from "../../errors.js";
import { parsePartialDate, isValidAt, type DateInterval } from "../model/dates.js";
import { confidenceLevels, type ActorGraph, type Confidence, type Dataset, type EdgeAttributes, type NodeAttributes } from "../model/types.js";

export interface GraphFilters {
  kinds?: string[];
  relations?: string[];
  minConfidence?: Confidence;
  asOf?: string;
}

export interface ViewPredicates {
  node(key: string, attributes: NodeAttributes): boolean;
  /** Checks the edge alone; callers also require both ends to pass `node`. */
  edge(key: string, attributes: EdgeAttributes): boolean;
  /** True when no filter is set, so callers can skip predicate calls entirely. */
  isIdentity: boolean;
}

/** Strongest first: reported 0, assessed 1, speculative 2. */
export const confidenceRank: Record<Confidence, number> = { reported: 0, assessed: 1, speculative: 2 };

export function confidenceAtLeast(value: Confidence, minimum: Confidence): boolean {
  return confidenceRank[value] <= confidenceRank[minimum];
}

/** Builds predicates for a filter set, checking every filter value against the vocabulary. */
export function viewPredicates(dataset: Pick<Dataset, "vocabulary">, filters: GraphFilters = {}): ViewPredicates {
  const knownKinds = new Set(dataset.vocabulary.nodeKinds.map((k) => k.id));
  const knownRelations = new Set(dataset.vocabulary.relations.map((r) => r.id));
  for (const kind of filters.kinds ?? [])
    if (!knownKinds.has(kind)) throw new AppError("BAD_PARAM", `kinds: unknown node kind "${kind}"`, { param: "kinds", value: kind });
  for (const relation of filters.relations ?? [])
    if (!knownRelations.has(relation))
      throw new AppError("BAD_PARAM", `relations: unknown relation "${relation}"`, { param: "relations", value: relation });
  if (filters.minConfidence !== undefined && !confidenceLevels.includes(filters.minConfidence))
    throw new AppError("BAD_PARAM", `minConfidence: expected one of ${confidenceLevels.join(", ")}`, { param: "minConfidence" });
  let asOf: DateInterval | null = null;
  if (filters.asOf !== undefined) {
    asOf = parsePartialDate(filters.asOf);
    if (!asOf) throw new AppError("BAD_PARAM", "asOf: expected a date YYYY, YYYY-MM or YYYY-MM-DD", { param: "asOf" });
  }

  const kinds = filters.kinds?.length ? new Set(filters.kinds) : null;
  const relations = filters.relations?.length ? new Set(filters.relations) : null;
  const minConfidence = filters.minConfidence;
  const at = asOf;

  return {
    isIdentity: !kinds && !relations && !minConfidence && !at,
    node(_key, attributes) {
      if (kinds && !kinds.has(attributes.kind)) return false;
      if (at && attributes.date && !isValidAt(at, attributes.date)) return false;
      return true;
    },
    edge(_key, attributes) {
      if (relations && !relations.has(attributes.relation)) return false;
      if (minConfidence && !confidenceAtLeast(attributes.confidence, minConfidence)) return false;
      if (at && !isValidAt(at, attributes.since, attributes.until)) return false;
      return true;
    },
  };
}

/** A new graph holding only what the filters let through (the source graph is never touched). */
export function filterGraph(dataset: Pick<Dataset, "graph" | "vocabulary">, filters: GraphFilters = {}): ActorGraph {
  const predicates = viewPredicates(dataset, filters);
  const source = dataset.graph;
  if (predicates.isIdentity) return source.copy() as ActorGraph;
  const view = new Graph({ type: source.type, multi: source.multi, allowSelfLoops: source.allowSelfLoops }) as unknown as ActorGraph;
  view.replaceAttributes({ ...source.getAttributes() });
  source.forEachNode((key, attributes) => {
    if (predicates.node(key, attributes)) view.addNode(key, { ...attributes });
  });
  source.forEachEdge((key, attributes, s, t, _sa, _ta, undirected) => {
    if (!view.hasNode(s) || !view.hasNode(t) || !predicates.edge(key, attributes)) return;
    if (undirected) view.addUndirectedEdgeWithKey(key, s, t, { ...attributes });
    else view.addDirectedEdgeWithKey(key, s, t, { ...attributes });
  });
  return view;
}
