// What every exporter receives: a filtered view plus the vocabulary, bibliography and provenance that make it citable.
import type { ActorGraph, SourceEntry, Vocabulary } from "../../model/types.js";
import type { GraphFilters } from "../../query/filters.js";

export const exportFormats = ["json", "gexf", "graphml", "csv", "cypher", "svg"] as const;
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

export type Exporter = (view: ExportView) => ExportFile;
