// The bibliography of a view: every source its evidence cites, plus the sources those reach through `via`.
import type { ActorGraph, Evidence, SourceEntry } from "./types.js";

export function bibliography(graph: ActorGraph, sources: SourceEntry[]): SourceEntry[] {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const cited = new Set<string>();
  const cite = (evidence: Evidence[] | undefined) => evidence?.forEach((e) => cited.add(e.source));
  graph.forEachEdge((_e, a) => cite(a.evidence));
  graph.forEachNode((_n, a) => {
    cite(a.evidence);
    a.facts?.forEach((f) => cite(f.evidence));
  });
  for (const id of [...cited]) {
    for (let s = byId.get(id); s?.via && !cited.has(s.via); s = byId.get(s.via)) cited.add(s.via);
  }
  return sources.filter((s) => cited.has(s.id));
}
