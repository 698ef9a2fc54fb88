// The source registry as the API lists it: each source with its reliability grade and how many relations cite it.
import { reliabilityOf, type Reliability } from "../model/grades.js";
import type { Dataset } from "../model/types.js";

export interface SourceSummary {
  id: string;
  title: string;
  author: string;
  date?: string;
  reliability: Reliability;
  via?: string;
  venue?: string;
  url?: string;
  /** Relations with at least one evidence item from this source. */
  edges: number;
}

export function listSources(dataset: Pick<Dataset, "graph" | "sources">): SourceSummary[] {
  const counts = new Map<string, number>();
  dataset.graph.forEachEdge((_edge, attributes) => {
    const seen = new Set<string>();
    for (const item of attributes.evidence ?? []) seen.add(item.source);
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  return dataset.sources.map((s) => ({
    id: s.id,
    title: s.title,
    author: s.author,
    ...(s.date ? { date: s.date } : {}),
    reliability: reliabilityOf(s),
    ...(s.via ? { via: s.via } : {}),
    ...(s.venue ? { venue: s.venue } : {}),
    ...(s.url ? { url: s.url } : {}),
    edges: counts.get(s.id) ?? 0,
  }));
}
