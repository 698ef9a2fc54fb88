// What the Analysis panel asks the reducers to draw: a highlighted item (path, triad, pair) and a date diff.
import type { EdgeDisplayData, NodeDisplayData } from "sigma/types";
import type { ViewState } from "../state.js";
import { filterVisibility, type FilterIndex, type Visibility } from "../visibility.js";
import type { Highlight, RenderState } from "./render-state.js";

/** Colour of the ring around added nodes (the diff's "new since `from`"). */
export const DIFF_ADDED_COLOR = "#15803d";
/** Removed items are ghosted: pale, unlabelled, dashed where the edge program can dash. */
export const DIFF_GHOST_COLOR = "#cdd2d8";

export interface DiffMarks {
  added: Highlight;
  removed: Highlight;
}

export interface AnalysisView {
  /** The clicked analysis item (exposure path, triad, pair…): drawn like a highlighted path. */
  highlight: Highlight | null;
  /** The date diff, when the diff view is on. */
  diff: DiffMarks | null;
}

type NodeResult = Partial<NodeDisplayData> & { diff?: "added" | "removed" };
type EdgeResult = Partial<EdgeDisplayData> & { diff?: "added" | "removed"; baseColor?: string; dashSize?: number };

/** True when `key` is not dimmed by the current focus (hover, path or analysis highlight). */
function inFocus(focus: Highlight | null, key: string, kind: "nodes" | "edges"): boolean {
  return !focus || focus[kind].has(key);
}

/** Marks a visible node as added (ringed, labelled, on top) or removed (ghosted) by the diff. */
export function decorateDiffNode(result: NodeResult, key: string, state: RenderState, focus: Highlight | null): void {
  const diff = state.analysis?.diff;
  if (!diff || !inFocus(focus, key, "nodes")) return;
  if (diff.added.nodes.has(key)) {
    result.diff = "added";
    result.size = (result.size ?? 6) * 1.3;
    result.labelVisibility = "visible";
    result.depth = result.labelDepth = "topNodes";
    result.zIndex = Math.max(result.zIndex ?? 0, 2);
    result.backdropVisibility = "visible";
    result.backdropBorderColor = DIFF_ADDED_COLOR;
    result.backdropBorderWidth = 2;
  } else if (diff.removed.nodes.has(key)) {
    result.diff = "removed";
    result.color = DIFF_GHOST_COLOR;
    result.labelVisibility = "hidden";
    result.zIndex = 0;
  }
}

/** Marks a visible edge as added (thicker, on top) or removed (ghosted, dashed when `dashes`). */
export function decorateDiffEdge(result: EdgeResult, key: string, state: RenderState, focus: Highlight | null, dashes: boolean): void {
  const diff = state.analysis?.diff;
  if (!diff || !inFocus(focus, key, "edges")) return;
  if (diff.added.edges.has(key)) {
    result.diff = "added";
    result.size = (result.size ?? 1.5) * 1.8;
    result.opacity = 1;
    result.depth = result.labelDepth = "topEdges";
    result.zIndex = 2;
  } else if (diff.removed.edges.has(key)) {
    result.diff = "removed";
    result.color = DIFF_GHOST_COLOR;
    result.opacity = 0.7;
    result.zIndex = 0;
    if (dashes) {
      result.baseColor = "#ffffff00";
      result.dashSize = 4;
    }
  }
}

/**
 * While the diff is shown the view holds both dates' items (the other filters still apply; the as-of slider does
 * not): what exists at `to`, plus what existed at `from` only, to be ghosted. Null when no diff is shown.
 */
export function diffVisibility(index: FilterIndex, state: ViewState): Visibility | null {
  const { tab, from, to } = state.analysis;
  if (tab !== "diff" || !from || !to) return null;
  const before = filterVisibility(index, { ...state, asOf: from });
  const after = filterVisibility(index, { ...state, asOf: to });
  for (const node of before.nodes) after.nodes.add(node);
  for (const edge of before.edges) after.edges.add(edge);
  return after;
}

/** True when the diff's visibility must be recomputed: it was turned on or off, or its dates changed. */
export function diffViewChanged(state: ViewState, previous: ViewState): boolean {
  const [a, b] = [state.analysis, previous.analysis];
  return ((a.tab === "diff") !== (b.tab === "diff")) || a.from !== b.from || a.to !== b.to;
}
