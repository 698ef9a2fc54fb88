// The curated data model: node, edge and graph attributes, vocabulary and source registry.
import type { AbstractGraph } from "graphology-types";

export const confidenceLevels = ["reported", "assessed", "speculative"] as const;
export type Confidence = (typeof confidenceLevels)[number];

export const relationSigns = ["positive", "negative", "neutral"] as const;
/** How a relation counts in signed-network analysis (structural balance, predictions). */
export type RelationSign = (typeof relationSigns)[number];

export const exposureRoles = ["owns", "owned-by", "conduit"] as const;
/**
 * How a relation counts in exposure analysis: `owns` (the source holds the target as an asset),
 * `owned-by` (the target holds the source), `conduit` (a threat of the target is carried by the source).
 */
export type ExposureRole = (typeof exposureRoles)[number];

export interface Evidence {
  source: string;
  locator: string;
  claim: string;
  /** This item's own hedging, when it differs from the relation's overall confidence. */
  confidence?: Confidence;
  /** Information credibility 1–6 (Admiralty); when absent it is read from the hedging (see grades.ts). */
  credibility?: number;
  /** The dates this item gives for the relation, when it gives any. */
  since?: string;
  until?: string;
}

export interface Fact {
  property: string;
  value: string;
  date?: string;
  confidence: Confidence;
  evidence: Evidence[];
}

export interface Casualties {
  killed?: number;
  injured?: number;
  note: string;
}

export interface NodeAttributes {
  label: string;
  kind: string;
  aliases: string[];
  description: string;
  evidence: Evidence[];
  facts?: Fact[];
  date?: string;
  casualties?: Casualties;
  [extra: string]: unknown;
}

export interface EdgeAttributes {
  relation: string;
  confidence: Confidence;
  since?: string;
  until?: string;
  evidence: Evidence[];
  note?: string;
  [extra: string]: unknown;
}

export interface GraphAttributes {
  name?: string;
  description?: string;
  sources?: string[];
  [extra: string]: unknown;
}

export type ActorGraph = AbstractGraph<NodeAttributes, EdgeAttributes, GraphAttributes>;

export interface NodeKind {
  id: string;
  label: string;
  color: string;
  /** Whether nodes of this kind act (groups, states, people…) rather than are acted upon (places, attacks). */
  actor: boolean;
}

export interface Relation {
  id: string;
  label: string;
  inverseLabel: string;
  directed: boolean;
  sign: RelationSign;
  exposure?: ExposureRole;
  color: string;
  description: string;
}

export interface Vocabulary {
  nodeKinds: NodeKind[];
  relations: Relation[];
}

export interface SourceEntry {
  id: string;
  title: string;
  author: string;
  date?: string;
  venue?: string;
  via?: string;
  /** Source reliability A–F (Admiralty); F (cannot be judged) when absent. */
  reliability?: "A" | "B" | "C" | "D" | "E" | "F";
  note?: string;
  url?: string;
  locators?: { prefix: string; from: number; to: number };
}

/** Everything a load produces: the graph plus what gives it meaning. */
export interface Dataset {
  graph: ActorGraph;
  vocabulary: Vocabulary;
  sources: SourceEntry[];
  /** Content hash of the data as loaded; changes whenever any curated byte changes. */
  dataVersion: string;
  /** Where the data came from, for messages only (never sent to API clients). */
  origin: string;
}

export interface Problem {
  file: string;
  /** JSON path inside the file, e.g. `$.edges[3].attributes.relation`. */
  path: string;
  message: string;
}
