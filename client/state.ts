// The one typed view state of the viewer, mirrored in the page URL so that copying the address shares the view.
import { confidenceLevels, type Confidence } from "./api-types.js";

export type SizeMetric = "degree" | "pagerank";
export type PathDirection = "any" | "forward";
export type ColorBy = "kind" | "community";

export interface CameraView {
  x: number;
  y: number;
  ratio: number;
  angle: number;
}

export interface PathState {
  from: string | null;
  to: string | null;
  k: number;
  weighted: boolean;
  direction: PathDirection;
  /** Relations the path may use; empty means the view's relation filter. */
  relations: string[];
  /** Index of the highlighted result, or null. */
  index: number | null;
}

// --- analysis panel state (see client/panels/analysis-panel.ts) ---
export const analysisTabs = ["exposure", "balance", "contested", "diff"] as const;
export type AnalysisTab = (typeof analysisTabs)[number];
export type ExposureSort = "label" | "kind" | "score" | "threats";

export interface AnalysisState {
  /** The open analysis, or null when the panel shows none. */
  tab: AnalysisTab | null;
  /** Exposure target and search depth. */
  target: string | null;
  maxLength: number;
  sort: ExposureSort;
  /** The highlighted item, as `kind,id[,id…]` (see analysis-panel.ts); null for none. */
  item: string | null;
  /** Diff years (or partial dates). */
  from: string | null;
  to: string | null;
  /** Paging of the balance lists. */
  offset: number;
}

export const defaultAnalysisState: AnalysisState = { tab: null, target: null, maxLength: 3, sort: "score", item: null, from: null, to: null, offset: 0 };
// --- end analysis panel state ---

export interface ViewState {
  /** Node kinds shown; empty means all. */
  kinds: string[];
  /** Relations shown; empty means all. */
  relations: string[];
  minConfidence: Confidence | null;
  /** As-of year (or partial date); null means all time. */
  asOf: string | null;
  sizeBy: SizeMetric;
  selected: string | null;
  /** Relation whose card is open ("why is this here"), or null. */
  edge: string | null;
  /** In an as-of view, leave out relations without dates (they are otherwise valid at every date). */
  hideUndated: boolean;
  /** Leave out nodes without a shown relation. */
  hideIsolated: boolean;
  /** Node colour: kind, or the community the service computed. */
  colorBy: ColorBy;
  /** Ego network depth around the selection (0 = off). */
  ego: number;
  path: PathState;
  camera: CameraView | null;
  /** Snapshot the view was opened from, kept for its positions and permalink. */
  snapshot: string | null;
  analysis: AnalysisState;
}

export const defaultPathState: PathState = {
  from: null,
  to: null,
  k: 3,
  weighted: false,
  direction: "any",
  relations: [],
  index: null,
};

export const defaultViewState: ViewState = {
  kinds: [],
  relations: [],
  minConfidence: null,
  asOf: null,
  sizeBy: "degree",
  selected: null,
  edge: null,
  hideUndated: false,
  hideIsolated: false,
  colorBy: "kind",
  ego: 0,
  path: defaultPathState,
  camera: null,
  snapshot: null,
  analysis: defaultAnalysisState,
};

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;
const asOfPattern = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

function list(value: string | null): string[] {
  if (!value) return [];
  return [...new Set(value.split(",").map((v) => v.trim()).filter((v) => idPattern.test(v)))];
}

function id(value: string | null): string | null {
  return value && idPattern.test(value) ? value : null;
}

function intIn(value: string | null, min: number, max: number, fallback: number): number {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

function parseCamera(value: string | null): CameraView | null {
  if (!value) return null;
  const parts = value.split(",").map(Number);
  if (parts.length < 3 || parts.some((n) => !Number.isFinite(n))) return null;
  const [x, y, ratio, angle = 0] = parts;
  if (ratio <= 0) return null;
  return { x, y, ratio, angle };
}

const round = (n: number) => Number(n.toFixed(4));

/** Reads a view state from a query string; anything malformed falls back to its default. */
export function parseViewState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const minConfidence = q.get("minConfidence");
  const asOf = q.get("asOf");
  const sizeBy = q.get("size");
  const direction = q.get("direction");
  const pathIndex = q.get("path");
  return {
    kinds: list(q.get("kinds")),
    relations: list(q.get("relations")),
    minConfidence: confidenceLevels.includes(minConfidence as Confidence) ? (minConfidence as Confidence) : null,
    asOf: asOf && asOfPattern.test(asOf) ? asOf : null,
    sizeBy: sizeBy === "pagerank" ? "pagerank" : "degree",
    selected: id(q.get("node")),
    edge: id(q.get("edge")),
    hideUndated: q.get("undated") === "hide",
    hideIsolated: q.get("isolated") === "hide",
    colorBy: q.get("color") === "community" ? "community" : "kind",
    ego: intIn(q.get("ego"), 0, 3, 0),
    path: {
      from: id(q.get("from")),
      to: id(q.get("to")),
      k: intIn(q.get("k"), 1, 10, defaultPathState.k),
      weighted: q.get("weighted") === "true",
      direction: direction === "forward" ? "forward" : "any",
      relations: list(q.get("pathRelations")),
      index: pathIndex === null ? null : intIn(pathIndex, 0, 9, 0),
    },
    camera: parseCamera(q.get("cam")),
    snapshot: id(q.get("snapshot")),
    analysis: parseAnalysisState(q),
  };
}

// --- analysis panel state in the URL: analysis, target, maxLength, sort, item, diffFrom, diffTo, offset ---
const itemPattern = /^[a-z]+(?:,[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}){1,30}$/;

function parseAnalysisState(q: URLSearchParams): AnalysisState {
  const tab = q.get("analysis");
  const sort = q.get("sort");
  const item = q.get("item");
  const date = (value: string | null) => (value && asOfPattern.test(value) ? value : null);
  return {
    tab: analysisTabs.includes(tab as AnalysisTab) ? (tab as AnalysisTab) : null,
    target: id(q.get("target")),
    maxLength: intIn(q.get("maxLength"), 1, 4, defaultAnalysisState.maxLength),
    sort: ["label", "kind", "score", "threats"].includes(sort ?? "") ? (sort as ExposureSort) : defaultAnalysisState.sort,
    item: item && itemPattern.test(item) ? item : null,
    from: date(q.get("diffFrom")),
    to: date(q.get("diffTo")),
    offset: intIn(q.get("offset"), 0, 1_000_000, 0),
  };
}

function writeAnalysisState(a: AnalysisState, q: URLSearchParams): void {
  if (!a.tab) return;
  q.set("analysis", a.tab);
  if (a.tab === "exposure") {
    if (a.target) q.set("target", a.target);
    if (a.maxLength !== defaultAnalysisState.maxLength) q.set("maxLength", String(a.maxLength));
    if (a.sort !== defaultAnalysisState.sort) q.set("sort", a.sort);
  }
  if (a.tab === "diff") {
    if (a.from) q.set("diffFrom", a.from);
    if (a.to) q.set("diffTo", a.to);
  }
  if (a.tab === "balance" && a.offset) q.set("offset", String(a.offset));
  if (a.item) q.set("item", a.item);
}
// --- end analysis panel state in the URL ---

/** Writes a view state as a query string, leaving defaults out so addresses stay short. */
export function serializeViewState(state: ViewState): string {
  const q = new URLSearchParams();
  if (state.snapshot) q.set("snapshot", state.snapshot);
  if (state.kinds.length) q.set("kinds", state.kinds.join(","));
  if (state.relations.length) q.set("relations", state.relations.join(","));
  if (state.minConfidence) q.set("minConfidence", state.minConfidence);
  if (state.asOf) q.set("asOf", state.asOf);
  if (state.sizeBy !== "degree") q.set("size", state.sizeBy);
  if (state.selected) q.set("node", state.selected);
  if (state.ego) q.set("ego", String(state.ego));
  if (state.edge) q.set("edge", state.edge);
  if (state.hideUndated) q.set("undated", "hide");
  if (state.hideIsolated) q.set("isolated", "hide");
  if (state.colorBy !== "kind") q.set("color", state.colorBy);
  const p = state.path;
  if (p.from) q.set("from", p.from);
  if (p.to) q.set("to", p.to);
  if (p.from || p.to) {
    if (p.k !== defaultPathState.k) q.set("k", String(p.k));
    if (p.weighted) q.set("weighted", "true");
    if (p.direction !== "any") q.set("direction", p.direction);
    if (p.relations.length) q.set("pathRelations", p.relations.join(","));
    if (p.index !== null) q.set("path", String(p.index));
  }
  writeAnalysisState(state.analysis, q);
  if (state.camera) {
    const c = state.camera;
    q.set("cam", [c.x, c.y, c.ratio, c.angle].map(round).join(","));
  }
  const text = q.toString().replace(/%2C/g, ",");
  return text ? `?${text}` : "";
}

/** True when the query string carries view parameters beyond a snapshot id. */
export function hasExplicitView(search: string): boolean {
  return [...new URLSearchParams(search).keys()].some((key) => key !== "snapshot");
}

/** Reads a view state stored in a snapshot's `view`, tolerating older or foreign shapes. */
export function viewStateFromSnapshot(view: unknown, filters?: { kinds?: string[]; relations?: string[]; minConfidence?: Confidence; asOf?: string }): ViewState {
  const query = (view as { query?: unknown } | null)?.query;
  const base = typeof query === "string" ? parseViewState(query) : { ...defaultViewState };
  if (typeof query !== "string" && filters) {
    base.kinds = filters.kinds ?? [];
    base.relations = filters.relations ?? [];
    base.minConfidence = filters.minConfidence ?? null;
    base.asOf = filters.asOf ?? null;
  }
  return base;
}

export function permalinkFor(snapshotId: string): string {
  return `${location.origin}${location.pathname}?snapshot=${encodeURIComponent(snapshotId)}`;
}

type Listener = (state: ViewState, previous: ViewState) => void;
export type HistoryMode = "push" | "replace" | "none";

/** Holds the view state, notifies subscribers and keeps the address bar in step. */
export class ViewStore {
  private state: ViewState;
  private listeners = new Set<Listener>();

  constructor(initial: ViewState) {
    this.state = initial;
  }

  get(): Readonly<ViewState> {
    return this.state;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a change; `push` adds a history entry (Back undoes it), `replace` only rewrites the address. */
  update(patch: Partial<ViewState> | ((state: ViewState) => Partial<ViewState>), history: HistoryMode = "push"): void {
    const previous = this.state;
    const change = typeof patch === "function" ? patch(previous) : patch;
    this.state = { ...previous, ...change };
    if (history !== "none") this.writeUrl(history);
    for (const listener of this.listeners) listener(this.state, previous);
  }

  updatePath(patch: Partial<PathState>, history: HistoryMode = "push"): void {
    this.update((s) => ({ path: { ...s.path, ...patch } }), history);
  }

  updateAnalysis(patch: Partial<AnalysisState>, history: HistoryMode = "push"): void {
    this.update((s) => ({ analysis: { ...s.analysis, ...patch } }), history);
  }

  writeUrl(mode: "push" | "replace"): void {
    const url = `${location.pathname}${serializeViewState(this.state)}${location.hash}`;
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    if (mode === "push") history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }
}
