// Assembles what an exporter needs from a filtered view: vocabulary, bibliography and provenance.
import Graph from "graphology";
import { bibliography } from "../model/bibliography.js";
import type { ExportView } from "./export/types.js";
import type { GraphFilters } from "../query/filters.js";
import type { Snapshot } from "../snapshots.js";
import type { ActorGraph, Dataset } from "../model/types.js";

export function makeExportView(
  dataset: Pick<Dataset, "vocabulary" | "sources" | "dataVersion" | "graph">,
  view: ActorGraph,
  filters: GraphFilters,
  generatedAt: Date = new Date(),
): ExportView {
  const name = dataset.graph.getAttribute("name");
  return {
    graph: view,
    vocabulary: dataset.vocabulary,
    sources: bibliography(view, dataset.sources),
    title: typeof name === "string" && name ? name : "actor-graph view",
    filters,
    dataVersion: dataset.dataVersion,
    generatedAt: generatedAt.toISOString(),
  };
}

export function snapshotExportView(dataset: Pick<Dataset, "vocabulary">, snapshot: Snapshot): ExportView {
  return {
    graph: Graph.from(snapshot.graph) as unknown as ActorGraph,
    vocabulary: dataset.vocabulary,
    sources: snapshot.bibliography,
    title: snapshot.title,
    filters: snapshot.filters,
    dataVersion: snapshot.dataVersion,
    generatedAt: snapshot.createdAt,
    snapshotId: snapshot.id,
  };
}
