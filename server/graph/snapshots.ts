// Snapshots: the frozen view (filters, then ego focus and hidden items) with provenance and bibliography, content-addressed, written atomically.
import { createHash } from "node:crypto";
import * as nodeFs from "node:fs/promises";
import path from "node:path";
import type { SerializedGraph } from "graphology-types";
import { AppError } from "../errors.js";
import { removeInterruptedWrites, storeError, writeFileAtomic, type AtomicFs } from "./io/atomic-write.js";
import { findTooDeepValue, maxJsonDepth } from "./io/json-scan.js";
import { jsonPath } from "./io/json-path.js";
import { bibliography } from "./model/bibliography.js";
import { filterGraph, type GraphFilters } from "./query/filters.js";
import { isPlainView, shownView, type ShownOptions } from "./query/shown-view.js";
import type { ActorGraph, Dataset, SourceEntry } from "./model/types.js";

export const snapshotIdPattern = /^[0-9a-f]{24}$/;

export interface SnapshotInput {
  title?: string;
  note?: string;
  filters: GraphFilters;
  /** What the viewer showed beyond the filters (ego focus, undated or unconnected items hidden), frozen the same way. */
  shown?: ShownOptions;
  positions?: Record<string, { x: number; y: number }>;
  /** Opaque viewer state (selection, path, camera) so a permalink reopens exactly that view. */
  view?: unknown;
}

export interface Snapshot {
  id: string;
  title: string;
  note?: string;
  createdAt: string;
  dataVersion: string;
  filters: GraphFilters;
  /** Present only when the view was narrowed beyond the filters. */
  shown?: ShownOptions;
  view?: unknown;
  positions?: Record<string, { x: number; y: number }>;
  bibliography: SourceEntry[];
  graph: SerializedGraph;
  stats: { nodes: number; edges: number };
}

export interface SnapshotSummary {
  id: string;
  title: string;
  createdAt: string;
  dataVersion: string;
  nodes: number;
  edges: number;
}

/** The file-system calls the snapshot store makes; tests pass a shim to simulate a full or read-only disk. */
export type SnapshotFs = AtomicFs & Pick<typeof nodeFs, "readFile">;

export interface SnapshotStoreOptions {
  fs?: SnapshotFs;
}

const storeName = "snapshot store";

/** A parsed snapshot file is used only if it has the fields every reader relies on. */
function looksLikeSnapshot(value: unknown, id: string): value is Snapshot {
  const s = value as Partial<Snapshot> | null;
  return (
    typeof s === "object" && s !== null && s.id === id && typeof s.title === "string" && typeof s.createdAt === "string" &&
    typeof s.dataVersion === "string" && typeof s.graph === "object" && s.graph !== null && Array.isArray(s.graph.nodes) &&
    typeof s.stats?.nodes === "number" && typeof s.stats?.edges === "number"
  );
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

/** The shown options without their unset fields, so equal views hash alike. */
function compactShown(shown: ShownOptions): ShownOptions {
  return {
    ...(shown.focus !== undefined ? { focus: shown.focus, depth: shown.depth ?? 1 } : {}),
    ...(shown.hideUndated ? { hideUndated: true } : {}),
    ...(shown.hideIsolated ? { hideIsolated: true } : {}),
  };
}

export class SnapshotStore {
  private readonly cache = new Map<string, Snapshot>();

  private readonly fs: SnapshotFs;

  constructor(
    readonly dir: string,
    options: SnapshotStoreOptions = {},
  ) {
    this.fs = options.fs ?? nodeFs;
  }

  /** Removes temporary files of writes a crash interrupted (run at start-up). */
  removeInterruptedWrites(): Promise<string[]> {
    return removeInterruptedWrites(this.dir, this.fs);
  }

  /**
   * Freezes the filtered view, narrowed like the viewer's screen when `shown` says so. The id hashes the content (not the time), so saving the same view
   * twice yields the same snapshot and an existing file is never overwritten.
   */
  async create(dataset: Pick<Dataset, "vocabulary" | "sources" | "dataVersion">, display: ActorGraph, input: SnapshotInput, now = new Date()): Promise<{ snapshot: Snapshot; created: boolean }> {
    // The HTTP body parser refuses deep bodies already; this guards other callers before canonical() recurses.
    const deep = findTooDeepValue(input.view, maxJsonDepth - 1);
    if (deep) throw new AppError("NESTING_TOO_DEEP", `view: objects and arrays nested more than ${maxJsonDepth} levels deep at ${jsonPath(["view", ...deep])}`, { param: "view" });
    const filtered = filterGraph({ graph: display, vocabulary: dataset.vocabulary }, input.filters);
    const shown = input.shown && !isPlainView(input.shown) ? compactShown(input.shown) : undefined;
    const view = shown ? shownView(filtered, shown) : filtered;
    if (input.positions) {
      for (const [node, p] of Object.entries(input.positions)) {
        if (!Object.hasOwn(input.positions, node) || !view.hasNode(node)) continue;
        view.mergeNodeAttributes(node, { x: p.x, y: p.y });
      }
    }
    const graph = view.export();
    const content = {
      title: input.title?.trim() || "Untitled snapshot",
      note: input.note,
      dataVersion: dataset.dataVersion,
      filters: input.filters,
      shown,
      view: input.view,
      positions: input.positions,
      bibliography: bibliography(view, dataset.sources),
      graph,
      stats: { nodes: view.order, edges: view.size },
    };
    const id = createHash("sha256").update(canonical(content)).digest("hex").slice(0, 24);
    let corrupt = false;
    const existing = await this.get(id).catch((error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      // Not found, damaged or unreadable: the write below either succeeds or says why the store cannot take it.
      if (error.code === "SNAPSHOT_CORRUPT") corrupt = true;
      return null;
    });
    if (existing) return { snapshot: existing, created: false };
    const snapshot: Snapshot = { id, createdAt: now.toISOString(), ...content };
    try {
      // link() refuses to replace an existing file, unlike rename(): a snapshot is never overwritten. A damaged file
      // with this id is the one exception: the same content is saved again over it.
      await writeFileAtomic(path.join(this.dir, `${id}.json`), JSON.stringify(snapshot), { replace: corrupt, fs: this.fs });
    } catch (error) {
      throw storeError(error, storeName, "write");
    }
    this.cache.set(id, snapshot);
    return { snapshot, created: true };
  }

  async get(id: string): Promise<Snapshot> {
    if (typeof id !== "string" || !snapshotIdPattern.test(id))
      throw new AppError("SNAPSHOT_NOT_FOUND", `no snapshot has id "${String(id)}" (ids are 24 hex characters)`, { id });
    const cached = this.cache.get(id);
    if (cached) return cached;
    let text: string;
    try {
      text = await this.fs.readFile(path.join(this.dir, `${id}.json`), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new AppError("SNAPSHOT_NOT_FOUND", `no snapshot has id "${id}"`, { id });
      throw storeError(error, storeName, "read");
    }
    let snapshot: unknown;
    try {
      snapshot = JSON.parse(text);
    } catch {
      snapshot = undefined;
    }
    if (!looksLikeSnapshot(snapshot, id))
      throw new AppError("SNAPSHOT_CORRUPT", `snapshot "${id}" is damaged on disk (truncated or not a snapshot) and cannot be read; saving the same view again repairs it`, { id });
    this.cache.set(id, snapshot);
    return snapshot;
  }

  async list(): Promise<SnapshotSummary[]> {
    const names = await this.fs.readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      // No directory yet means no snapshots yet; anything else is the store failing.
      if (error.code === "ENOENT") return [] as string[];
      throw storeError(error, storeName, "read");
    });
    const summaries: SnapshotSummary[] = [];
    for (const name of names) {
      const id = name.replace(/\.json$/, "");
      if (!name.endsWith(".json") || !snapshotIdPattern.test(id)) continue;
      try {
        const s = await this.get(id);
        summaries.push({ id, title: s.title, createdAt: s.createdAt, dataVersion: s.dataVersion, nodes: s.stats.nodes, edges: s.stats.edges });
      } catch {
        // A file that no longer parses is skipped rather than failing the whole list.
      }
    }
    return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }
}
