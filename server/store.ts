// The loaded state the service answers from: curated dataset, display graph (layout + metrics), search index, snapshots.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { computeLayout as defaultLayout, type LayoutOptions, type Position } from "./graph/display/layout.js";
import { computeMetrics as defaultMetrics, type NodeMetrics } from "./graph/display/metrics.js";
import { loadDatasetOrThrow } from "./graph/io/load.js";
import { buildSearchIndex, type SearchIndex } from "./graph/query/search.js";
import { filterGraph, viewPredicates, type GraphFilters } from "./graph/query/filters.js";
import { pathIndexFor } from "./graph/query/paths.js";
import { memoReliabilityIndex } from "./graph/model/grades.js";
import { SnapshotStore } from "./graph/snapshots.js";
import { DiskCache, decodeDisplayTable, displayCacheName, encodeDisplayTable, type DisplayTable } from "./graph/io/cache.js";
import { compactMediaType, compactVersion, encodeCompact } from "./graph/io/compact.js";
import type { ActorGraph, Dataset } from "./graph/model/types.js";

export interface CachedBody {
  json: string;
  gzip: Buffer;
  etag: string;
}

/** The compact binary encoding of a view (see server/graph/io/compact.ts), with its gzip and ETag. */
export interface CachedBinaryBody {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  contentType: string;
}

/** How long each start-up step took (ms) and whether layout and metrics came from the disk cache. */
export interface StoreTimings {
  load?: number;
  metrics: number;
  layout: number;
  /** "hit": read from the cache; "miss": computed and written; "off": no cache directory; "error": computed, could not write. */
  cache: "hit" | "miss" | "off" | "error";
  cacheRead?: number;
  cacheWrite?: number;
  pathIndex: number;
  search: number;
}

export interface Store {
  dataset: Dataset;
  /**
   * The curated graph plus rendering attributes (x, y, metrics); the curated graph itself stays untouched.
   * Built on first use: a full copy costs seconds and hundreds of MB on a million edges, and neither path
   * queries nor the compact encoding need it.
   */
  readonly display: ActorGraph;
  /** Layout and metrics per node, in graph node order. */
  table: DisplayTable;
  search: SearchIndex;
  snapshots: SnapshotStore;
  betweennessComputed: boolean;
  timings: StoreTimings;
  /** The serialized filtered graph, computed once per filter set and kept with its gzip and ETag. */
  graphBody(filters: GraphFilters): CachedBody;
  /** The same view in the compact columnar encoding, computed once per filter set and kept with its gzip and ETag. */
  compactBody(filters: GraphFilters): CachedBinaryBody;
  /** The filtered display graph. */
  view(filters: GraphFilters): ActorGraph;
  /**
   * Swaps in the next dataset (an accepted edit): search, path index and display table are rebuilt for it and every
   * cached body dropped, so every endpoint answers from it at once. Existing nodes keep their positions.
   */
  replaceDataset(next: Dataset): void;
}

export type LayoutFunction = (graph: ActorGraph, options?: LayoutOptions) => Map<string, Position>;
export type MetricsFunction = (graph: ActorGraph) => { metrics: Map<string, NodeMetrics>; betweennessComputed: boolean };

export interface StoreOptions {
  /** A graph-data directory or a graph file (graphology JSON, GEXF, GraphML); see `loadData`. */
  dataDir?: string;
  snapshotDir: string;
  dataset?: Dataset;
  /** Where layout and metrics are cached by data version; omitted or null means no disk cache. */
  cacheDir?: string | null;
  /** Injection points (tests); default to the real layout and metrics. */
  computeLayout?: LayoutFunction;
  computeMetrics?: MetricsFunction;
  /** Start-up progress lines (the server prints them); silent by default. */
  log?: (line: string) => void;
}

export interface CreateStoreOptions {
  /** Layout and metrics already computed (or read from the cache); computed here otherwise. */
  table?: DisplayTable;
  computeLayout?: LayoutFunction;
  computeMetrics?: MetricsFunction;
  timings?: Partial<StoreTimings>;
}

export function filterKey(filters: GraphFilters): string {
  return JSON.stringify([filters.kinds ?? [], filters.relations ?? [], filters.minConfidence ?? "", filters.asOf ?? ""]);
}

/** Layout and metrics for every node, as columns in graph order. */
export function computeDisplayTable(
  graph: ActorGraph,
  computeLayout: LayoutFunction = defaultLayout,
  computeMetrics: MetricsFunction = defaultMetrics,
): { table: DisplayTable; metricsMs: number; layoutMs: number } {
  const t0 = performance.now();
  const { metrics, betweennessComputed } = computeMetrics(graph);
  const t1 = performance.now();
  const positions = computeLayout(graph, { communityOf: (node) => metrics.get(node)?.community ?? 0 });
  const t2 = performance.now();
  const n = graph.order;
  const table: DisplayTable = {
    keys: new Array(n),
    x: new Float64Array(n),
    y: new Float64Array(n),
    degree: new Float64Array(n),
    pagerank: new Float64Array(n),
    betweenness: new Float64Array(n),
    community: new Float64Array(n),
    betweennessComputed,
  };
  let i = 0;
  graph.forEachNode((node) => {
    table.keys[i] = node;
    const p = positions.get(node);
    const m = metrics.get(node);
    table.x[i] = p?.x ?? 0;
    table.y[i] = p?.y ?? 0;
    table.degree[i] = m?.degree ?? 0;
    table.pagerank[i] = m?.pagerank ?? 0;
    table.betweenness[i] = m?.betweenness ?? 0;
    table.community[i] = m?.community ?? 0;
    i++;
  });
  return { table, metricsMs: Math.round(t1 - t0), layoutMs: Math.round(t2 - t1) };
}

/** The curated graph copied with x, y and the metrics merged into each node's attributes (in that order). */
function buildDisplay(graph: ActorGraph, table: DisplayTable): ActorGraph {
  const display = graph.copy() as ActorGraph;
  let i = 0;
  display.updateEachNodeAttributes((_node, attributes) => {
    const k = i++;
    return {
      ...attributes,
      x: table.x[k],
      y: table.y[k],
      degree: table.degree[k],
      pagerank: table.pagerank[k],
      betweenness: table.betweenness[k],
      community: table.community[k],
    };
  });
  return display;
}

/**
 * A small LRU of serialized bodies, bounded by count and by bytes: on a million edges one row-JSON body alone
 * is hundreds of MB, so "64 bodies" must not mean 64 of those.
 */
class BodyCache<T> {
  private readonly entries = new Map<string, { value: T; bytes: number }>();
  private bytes = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {}
  get(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }
  set(key: string, value: T, bytes: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    while (this.entries.size > 1 && (this.entries.size > this.maxEntries || this.bytes > this.maxBytes)) {
      const [oldest, entry] = this.entries.entries().next().value as [string, { value: T; bytes: number }];
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }
}

const bodyCacheBytes = 512 * 1024 * 1024;

/**
 * The display table of `graph` after an edit: metrics recomputed, positions kept for nodes that had one, new nodes
 * placed at the centre of their placed neighbours (or near the origin), so the picture does not jump.
 */
export function nextDisplayTable(previous: DisplayTable, graph: ActorGraph, computeMetrics: MetricsFunction = defaultMetrics): DisplayTable {
  const old = new Map<string, number>();
  previous.keys.forEach((key, i) => old.set(key, i));
  const { metrics, betweennessComputed } = computeMetrics(graph);
  const placed = computeDisplayTable(graph, () => new Map(), () => ({ metrics, betweennessComputed })).table;
  const fresh: number[] = [];
  placed.keys.forEach((key, i) => {
    const j = old.get(key);
    if (j === undefined) fresh.push(i);
    else {
      placed.x[i] = previous.x[j];
      placed.y[i] = previous.y[j];
    }
  });
  const index = new Map<string, number>();
  placed.keys.forEach((key, i) => index.set(key, i));
  for (const i of fresh) {
    let x = 0;
    let y = 0;
    let n = 0;
    graph.forEachNeighbor(placed.keys[i], (other) => {
      const j = index.get(other) as number;
      if (old.has(other)) {
        x += placed.x[j];
        y += placed.y[j];
        n++;
      }
    });
    // A small deterministic offset so a new node never sits exactly on a neighbour.
    const angle = (i * 2.399963) % (2 * Math.PI);
    placed.x[i] = (n ? x / n : 0) + Math.cos(angle) * 20;
    placed.y[i] = (n ? y / n : 0) + Math.sin(angle) * 20;
  }
  return placed;
}

export function createStore(dataset: Dataset, snapshotDir: string, options: CreateStoreOptions = {}): Store {
  const timings: StoreTimings = { metrics: 0, layout: 0, cache: "off", pathIndex: 0, search: 0, ...options.timings };
  let table = options.table;
  if (!table) {
    const computed = computeDisplayTable(dataset.graph, options.computeLayout, options.computeMetrics);
    table = computed.table;
    timings.metrics = computed.metricsMs;
    timings.layout = computed.layoutMs;
  }
  const t0 = performance.now();
  // Built now so the first path query does not pay for it.
  pathIndexFor(dataset.graph, memoReliabilityIndex(dataset.sources));
  const t1 = performance.now();
  timings.pathIndex = Math.round(t1 - t0);
  timings.search = Math.round(performance.now() - t1);

  let fixedTable: DisplayTable | null = table;
  // After an edit the table is computed on first use, so a burst of edits does not recompute metrics for each.
  let pendingTable: (() => DisplayTable) | null = null;
  /** The last table actually computed: where existing nodes keep their positions from. */
  let lastTable: DisplayTable = table;
  const getTable = (): DisplayTable => {
    if (!fixedTable) {
      fixedTable = lastTable = (pendingTable as () => DisplayTable)();
      pendingTable = null;
    }
    return fixedTable;
  };
  let search = buildSearchIndex(dataset.graph);
  let display: ActorGraph | null = null;
  const getDisplay = () => (display ??= buildDisplay(dataset.graph, getTable()));
  let bodies = new BodyCache<CachedBody | CachedBinaryBody>(64, bodyCacheBytes);
  const etagOf = (...parts: string[]) => {
    const hash = createHash("sha256");
    for (const part of parts) hash.update(part).update("\0");
    return `"${hash.digest("hex").slice(0, 20)}"`;
  };

  const view = (filters: GraphFilters) => filterGraph({ graph: getDisplay(), vocabulary: dataset.vocabulary }, filters);

  return {
    get dataset() {
      return dataset;
    },
    get display() {
      return getDisplay();
    },
    get table() {
      return getTable();
    },
    get search() {
      return search;
    },
    set search(index: SearchIndex) {
      search = index;
    },
    snapshots: new SnapshotStore(snapshotDir),
    get betweennessComputed() {
      return getTable().betweennessComputed;
    },
    timings,
    view,
    replaceDataset(next) {
      pathIndexFor(next.graph, memoReliabilityIndex(next.sources));
      const nextSearch = buildSearchIndex(next.graph);
      // Everything is built before anything is swapped, so a failure above leaves the store as it was.
      dataset = next;
      fixedTable = null;
      pendingTable = () => nextDisplayTable(lastTable, next.graph, options.computeMetrics);
      search = nextSearch;
      display = null;
      bodies = new BodyCache<CachedBody | CachedBinaryBody>(64, bodyCacheBytes);
    },
    graphBody(filters) {
      const key = `json:${filterKey(filters)}`;
      const hit = bodies.get(key) as CachedBody | undefined;
      if (hit) return hit;
      // Unfiltered, the display graph serializes as its copy would, without the copy (seconds on a million edges).
      const graph = viewPredicates(dataset, filters).isIdentity ? getDisplay() : view(filters);
      const json = JSON.stringify(graph.export());
      const gzip = gzipSync(json);
      // The row JSON's ETag is unchanged from before the compact encoding existed (data version + filters).
      const etag = `"${createHash("sha256").update(dataset.dataVersion).update(filterKey(filters)).digest("hex").slice(0, 20)}"`;
      const body: CachedBody = { json, gzip, etag };
      bodies.set(key, body, json.length + gzip.length);
      return body;
    },
    compactBody(filters) {
      const key = `compact:${filterKey(filters)}`;
      const hit = bodies.get(key) as CachedBinaryBody | undefined;
      if (hit) return hit;
      const encoded = encodeCompact({ graph: dataset.graph, vocabulary: dataset.vocabulary, dataVersion: dataset.dataVersion, table: getTable() }, filters);
      const gzip = gzipSync(encoded);
      const body: CachedBinaryBody = {
        body: encoded,
        gzip,
        etag: etagOf("compact", String(compactVersion), dataset.dataVersion, filterKey(filters)),
        contentType: compactMediaType,
      };
      bodies.set(key, body, encoded.length + gzip.length);
      return body;
    },
  };
}

/** Start-up: deletes the temporary files of snapshot and cache writes that a crash interrupted. */
async function removeLeftovers(snapshotDir: string, cache: DiskCache | null, log: (line: string) => void): Promise<void> {
  const removed = [...(await new SnapshotStore(snapshotDir).removeInterruptedWrites()), ...((await cache?.removeInterruptedWrites()) ?? [])];
  if (removed.length) log(`removed ${removed.length} temporary file(s) of interrupted writes`);
}

/**
 * Loads the data (unless given), then layout and metrics from the disk cache when `cacheDir` holds an entry for
 * this data version, else computes them and writes the entry atomically for the next start.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const log = options.log ?? (() => undefined);
  let loadMs: number | undefined;
  let dataset = options.dataset;
  if (!dataset) {
    const t = performance.now();
    dataset = options.dataDir === undefined ? await loadDatasetOrThrow() : await loadDatasetOrThrow(options.dataDir);
    loadMs = Math.round(performance.now() - t);
    log(`loaded ${dataset.graph.order} nodes, ${dataset.graph.size} edges from ${dataset.origin} (data ${dataset.dataVersion}) in ${loadMs} ms`);
  }
  const timings: Partial<StoreTimings> = { load: loadMs, cache: "off" };
  const cache = options.cacheDir ? new DiskCache(options.cacheDir) : null;
  await removeLeftovers(options.snapshotDir, cache, log);
  const name = displayCacheName(dataset.dataVersion);
  let table: DisplayTable | null = null;
  if (cache) {
    const t = performance.now();
    const bytes = await cache.read(name);
    if (bytes) {
      const keys: string[] = [];
      dataset.graph.forEachNode((node) => void keys.push(node));
      table = decodeDisplayTable(bytes, { dataVersion: dataset.dataVersion, keys });
      if (!table) log(`cache entry ${cache.file(name)} does not match this data; recomputing`);
    }
    timings.cacheRead = Math.round(performance.now() - t);
    if (table) {
      timings.cache = "hit";
      timings.metrics = 0;
      timings.layout = 0;
      log(`metrics and layout read from ${cache.file(name)} in ${timings.cacheRead} ms`);
    }
  }
  if (!table) {
    const computed = computeDisplayTable(dataset.graph, options.computeLayout, options.computeMetrics);
    table = computed.table;
    timings.metrics = computed.metricsMs;
    timings.layout = computed.layoutMs;
    log(`metrics in ${computed.metricsMs} ms${table.betweennessComputed ? "" : " (betweenness skipped: over 20000 nodes)"}, layout in ${computed.layoutMs} ms`);
    if (cache) {
      const t = performance.now();
      try {
        await cache.write(name, encodeDisplayTable(table, dataset.dataVersion));
        timings.cache = "miss";
        timings.cacheWrite = Math.round(performance.now() - t);
        log(`cached metrics and layout in ${cache.file(name)}`);
      } catch (error) {
        timings.cache = "error";
        log(`could not write the cache in ${options.cacheDir}: ${(error as Error).message}`);
      }
    }
  }
  const store = createStore(dataset, options.snapshotDir, { table, timings });
  log(`path index in ${store.timings.pathIndex} ms, search index in ${store.timings.search} ms`);
  return store;
}
