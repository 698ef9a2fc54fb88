// The curated data model: node, edge and graph attributes, vocabulary and source registry.
import type { AbstractGraph } from "graphology-types";

export const confidenceLevels = ["reported", "assessed", "speculative"] as const;
export type Confidence = (typeof confidenceLevels)[number];

export interface Evidence {
  source: string;
  locator: string;
  claim: string;
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
}

export interface Relation {
  id: string;
  label: string;
  inverseLabel: string;
  directed: boolean;
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
