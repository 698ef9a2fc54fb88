// The loaded state the service answers from: curated dataset, display graph (layout + metrics), search index, snapshots.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { computeLayout } from "./graph/layout.js";
import { computeMetrics } from "./graph/metrics.js";
import { loadDatasetOrThrow } from "./graph/load.js";
import { buildSearchIndex, type SearchIndex } from "./graph/search.js";
import { filterGraph, type GraphFilters } from "./graph/filters.js";
import { SnapshotStore } from "./graph/snapshots.js";
import type { ActorGraph, Dataset } from "./graph/types.js";

export interface CachedBody {
  json: string;
  gzip: Buffer;
  etag: string;
}

export interface Store {
  dataset: Dataset;
  /** The curated graph plus rendering attributes (x, y, metrics); the curated graph itself stays untouched. */
  display: ActorGraph;
  search: SearchIndex;
  snapshots: SnapshotStore;
  betweennessComputed: boolean;
  /** The serialized filtered graph, computed once per filter set and kept with its gzip and ETag. */
  graphBody(filters: GraphFilters): CachedBody;
  /** The filtered display graph. */
  view(filters: GraphFilters): ActorGraph;
}

export interface StoreOptions {
  dataDir?: string;
  snapshotDir: string;
  dataset?: Dataset;
}

export function filterKey(filters: GraphFilters): string {
  return JSON.stringify([filters.kinds ?? [], filters.relations ?? [], filters.minConfidence ?? "", filters.asOf ?? ""]);
}

export function createStore(dataset: Dataset, snapshotDir: string): Store {
  const { metrics, betweennessComputed } = computeMetrics(dataset.graph);
  const positions = computeLayout(dataset.graph);
  const display = dataset.graph.copy() as ActorGraph;
  display.updateEachNodeAttributes((node, attributes) => ({ ...attributes, ...positions.get(node), ...metrics.get(node) }));
  const cache = new Map<string, CachedBody>();
  const maxCached = 64;

  const view = (filters: GraphFilters) => filterGraph({ graph: display, vocabulary: dataset.vocabulary }, filters);

  return {
    dataset,
    display,
    search: buildSearchIndex(dataset.graph),
    snapshots: new SnapshotStore(snapshotDir),
    betweennessComputed,
    view,
    graphBody(filters) {
      const key = filterKey(filters);
      const hit = cache.get(key);
      if (hit) return hit;
      const json = JSON.stringify(view(filters).export());
      const body: CachedBody = {
        json,
        gzip: gzipSync(json),
        etag: `"${createHash("sha256").update(dataset.dataVersion).update(key).digest("hex").slice(0, 20)}"`,
      };
      if (cache.size >= maxCached) cache.delete(cache.keys().next().value as string);
      cache.set(key, body);
      return body;
    },
  };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const dataset = options.dataset ?? (await loadDatasetOrThrow(options.dataDir));
  return createStore(dataset, options.snapshotDir);
}
