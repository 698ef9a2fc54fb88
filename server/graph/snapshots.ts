// Snapshots: a frozen filtered subgraph with its filters, provenance and bibliography, content-addressed and written atomically.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, readdir, link, unlink } from "node:fs/promises";
import path from "node:path";
import type { SerializedGraph } from "graphology-types";
import { AppError } from "../errors.js";
import { bibliography } from "./model/bibliography.js";
import { filterGraph, type GraphFilters } from "./query/filters.js";
import type { ActorGraph, Dataset, SourceEntry } from "./model/types.js";

export const snapshotIdPattern = /^[0-9a-f]{24}$/;

export interface SnapshotInput {
  title?: string;
  note?: string;
  filters: GraphFilters;
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

export class SnapshotStore {
  private readonly cache = new Map<string, Snapshot>();

  constructor(readonly dir: string) {}

  /**
   * Freezes the filtered view. The id hashes the content (not the time), so saving the same view
   * twice yields the same snapshot and an existing file is never overwritten.
   */
  async create(dataset: Pick<Dataset, "vocabulary" | "sources" | "dataVersion">, display: ActorGraph, input: SnapshotInput, now = new Date()): Promise<{ snapshot: Snapshot; created: boolean }> {
    const view = filterGraph({ graph: display, vocabulary: dataset.vocabulary }, input.filters);
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
      view: input.view,
      positions: input.positions,
      bibliography: bibliography(view, dataset.sources),
      graph,
      stats: { nodes: view.order, edges: view.size },
    };
    const id = createHash("sha256").update(canonical(content)).digest("hex").slice(0, 24);
    const existing = await this.get(id).catch(() => null);
    if (existing) return { snapshot: existing, created: false };
    const snapshot: Snapshot = { id, createdAt: now.toISOString(), ...content };
    await this.writeAtomically(id, JSON.stringify(snapshot));
    this.cache.set(id, snapshot);
    return { snapshot, created: true };
  }

  private async writeAtomically(id: string, body: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const final = path.join(this.dir, `${id}.json`);
    const temp = path.join(this.dir, `.${id}.${randomBytes(6).toString("hex")}.tmp`);
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(body, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      // link() refuses to replace an existing file, unlike rename(): a snapshot is never overwritten.
      await link(temp, final);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const dirHandle = await open(this.dir, "r").catch(() => null);
    await dirHandle?.sync().catch(() => undefined);
    await dirHandle?.close();
  }

  async get(id: string): Promise<Snapshot> {
    if (typeof id !== "string" || !snapshotIdPattern.test(id))
      throw new AppError("SNAPSHOT_NOT_FOUND", `no snapshot has id "${String(id)}" (ids are 24 hex characters)`, { id });
    const cached = this.cache.get(id);
    if (cached) return cached;
    let text: string;
    try {
      text = await readFile(path.join(this.dir, `${id}.json`), "utf8");
    } catch {
      throw new AppError("SNAPSHOT_NOT_FOUND", `no snapshot has id "${id}"`, { id });
    }
    const snapshot = JSON.parse(text) as Snapshot;
    this.cache.set(id, snapshot);
    return snapshot;
  }

  async list(): Promise<SnapshotSummary[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
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
