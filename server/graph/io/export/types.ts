// What every exporter receives: a filtered view plus the vocabulary, bibliography and provenance that make it citable.
import type { ActorGraph, SourceEntry, Vocabulary } from "../../model/types.js";
import type { GraphFilters } from "../../query/filters.js";

export const exportFormats = ["json", "gexf", "graphml", "csv", "cypher", "neo4j-admin", "stix", "svg"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportView {
  /** The filtered graph; node attributes may carry layout `x`, `y` and metrics (`community`, `pagerank`, ...). */
  graph: ActorGraph;
  vocabulary: Vocabulary;
  /** Every source cited by the view's evidence (and the sources they reach through `via`). */
  sources: SourceEntry[];
  title: string;
  filters: GraphFilters;
  dataVersion: string;
  /** ISO timestamp of the export or of the snapshot it comes from. */
  generatedAt: string;
  /** Snapshot id when exported from a snapshot. */
  snapshotId?: string;
}

export interface ExportFile {
  body: string | Uint8Array;
  contentType: string;
  extension: string;
}

export const gexfVersions = ["1.2draft", "1.3"] as const;
export type GexfVersion = (typeof gexfVersions)[number];

/** Format-specific choices; each exporter reads only its own. */
export interface ExportOptions {
  /** GEXF only: 1.2draft (default; networkx and Gephi) or 1.3 (Gephi, keeps parallel edges apart by kind). */
  gexfVersion?: GexfVersion;
}

export type Exporter = (view: ExportView, options?: ExportOptions) => ExportFile;
