// JSON exporter: graphology's own serialisation (reloads with Graph.from) plus the view's provenance, vocabulary and sources.
import type { Exporter, ExportView } from "./types.js";

export function jsonDocument(view: ExportView) {
  const meta: Record<string, unknown> = {
    title: view.title,
    filters: view.filters,
    dataVersion: view.dataVersion,
    generatedAt: view.generatedAt,
    ...(view.snapshotId !== undefined ? { snapshotId: view.snapshotId } : {}),
    sources: view.sources,
    vocabulary: view.vocabulary,
  };
  // `meta` sits beside graphology's keys, which Graph.from and graph.import ignore.
  return { ...view.graph.export(), meta };
}

export const exportJson: Exporter = (view) => ({
  body: JSON.stringify(jsonDocument(view), null, 2) + "\n",
  contentType: "application/json; charset=utf-8",
  extension: "json",
});
