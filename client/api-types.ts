// Shapes of the service's JSON answers, as the viewer reads them.

// The data model's shapes come from the service's own definitions; type imports vanish from the bundle.
export { confidenceLevels } from "../server/graph/model/types.js";
export type { Confidence, Evidence, Fact, NodeKind, Relation as RelationType } from "../server/graph/model/types.js";
import type { Confidence, Evidence, Fact, NodeKind, Relation as RelationType } from "../server/graph/model/types.js";

export interface Schema {
  nodeKinds: NodeKind[];
  relations: RelationType[];
  confidence: Confidence[];
}

export interface NodeData {
  label: string;
  kind: string;
  aliases?: string[];
  description?: string;
  evidence?: Evidence[];
  facts?: Fact[];
  date?: string;
  casualties?: { killed?: number; injured?: number; note: string };
  x?: number;
  y?: number;
  community?: number;
  degree?: number;
  pagerank?: number;
  betweenness?: number;
  [extra: string]: unknown;
}

export interface EdgeData {
  relation: string;
  confidence: Confidence;
  since?: string;
  until?: string;
  evidence?: Evidence[];
  note?: string;
  [extra: string]: unknown;
}

export interface SerializedGraph {
  attributes?: Record<string, unknown>;
  options?: { type?: "mixed" | "directed" | "undirected"; multi?: boolean; allowSelfLoops?: boolean };
  nodes: { key: string; attributes?: NodeData }[];
  edges: { key?: string; source: string; target: string; undirected?: boolean; attributes?: EdgeData }[];
}

/** A registered source as GET /api/sources lists it, with its grade and how many relations cite it. */
export type SourceInfo = SourceSummary;

export interface Health {
  status: string;
  nodes: number;
  edges: number;
  dataVersion: string;
}

export interface SearchResult {
  id: string;
  label: string;
  kind: string;
  aliases?: string[];
}

export type { IncidentRelation as NodeRelation } from "../server/graph/query/details.js";
import type { IncidentRelation as NodeRelation } from "../server/graph/query/details.js";
import type { SourceSummary } from "../server/graph/query/sources.js";

export interface NodeDetails {
  node: { id: string; attributes: NodeData };
  relations: NodeRelation[];
}

export interface PathEdge {
  id: string;
  source: string;
  target: string;
  relation: string;
  confidence: Confidence;
  since?: string | null;
  until?: string | null;
  evidence: Evidence[];
}

export interface PathResult {
  nodes: string[];
  edges: PathEdge[];
  length: number;
  cost: number;
}

export interface SnapshotCreated {
  id: string;
  url: string;
}

export interface SnapshotSummary {
  id: string;
  title?: string;
  createdAt: string;
  nodes: number;
  edges: number;
}

export interface Snapshot {
  id: string;
  title?: string;
  note?: string;
  createdAt: string;
  dataVersion: string;
  filters?: { kinds?: string[]; relations?: string[]; minConfidence?: Confidence; asOf?: string };
  view?: unknown;
  positions?: Record<string, { x: number; y: number }> | null;
  bibliography?: unknown;
  graph?: SerializedGraph;
}

export type { ExportFormat } from "../server/graph/io/export/types.js";

// Analysis answers (types only, from the service's own definitions).
export type { BalanceResult, CitedPair, Prediction } from "../server/graph/analysis/balance.js";
export type { ExposureResult, ExposedAsset, Threat } from "../server/graph/analysis/exposure.js";
export type { ContestedResult, ContestedItem } from "../server/graph/analysis/contested.js";
export type { DiffResult, DiffNode, DiffSide } from "../server/graph/analysis/diff.js";
export type { CitedEdge } from "../server/graph/analysis/cited-edge.js";
