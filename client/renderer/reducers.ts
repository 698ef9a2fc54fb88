// Sigma node and edge reducers: colour, size, visibility and emphasis derived from the render state.
import type { EdgeDisplayData, EdgeReducer, NodeDisplayData, NodeReducer } from "sigma/types";
import type { EdgeData, NodeData } from "../api-types.js";
import type { GraphModel } from "./graph-model.js";
import { activeFocus, type RenderState } from "./render-state.js";
import { decorateDiffEdge, decorateDiffNode } from "./analysis-highlight.js";

export const DIM_NODE_COLOR = "#dfe3e8";
export const DIM_EDGE_COLOR = "#e9ecef";
const TRANSPARENT = "#ffffff00";

/** Edge widths by confidence: speculative relations are drawn thinner (and dashed, paler). */
export const confidenceWidth = { reported: 2.2, assessed: 1.6, speculative: 1.3 } as const;
/** Thinner on a large graph, where a hundred thousand edges overlap anyway. */
export const largeConfidenceWidth = { reported: 1.2, assessed: 1, speculative: 0.8 } as const;

/** Extra per-edge values consumed by the edge layers declared in the primitives. */
export interface EdgeLayerValues {
  /** Colour of the solid layer; transparent for dashed (speculative) edges. */
  baseColor: string;
  /** Dash length in pixels; 0 draws the edge solid. */
  dashSize: number;
}

type ReducedEdge = Partial<EdgeDisplayData> & Partial<EdgeLayerValues>;

// Shared answers for hidden items (sigma copies a reducer's answer into its own display data, never mutates it).
const HIDDEN_NODE: Partial<NodeDisplayData> = Object.freeze({ visibility: "hidden", labelVisibility: "hidden" });
const HIDDEN_EDGE: Partial<EdgeDisplayData> = Object.freeze({ visibility: "hidden" });

export function createNodeReducer(model: GraphModel, read: () => RenderState): NodeReducer<NodeData, EdgeData> {
  return (key, _data, attrs) => {
    const state = read();
    if (!state.visible.nodes.has(key)) return HIDDEN_NODE;
    const result: Partial<NodeDisplayData> = {
      visibility: "visible",
      color: state.colorBy === "community" ? model.communityColor(attrs.community) : model.kindColor(attrs.kind),
      size: model.nodeSize(key, attrs, state.sizeBy),
      label: attrs.label,
      zIndex: 1,
    };
    const placed = state.labels?.get(key);
    if (state.labels) {
      // Our own collision pass decides (label-layout.ts): sigma's grid would let labels overlap.
      result.labelVisibility = placed ? "visible" : "hidden";
      if (placed) result.labelPosition = placed;
    }
    const focus = activeFocus(state);
    if (focus) {
      if (focus.nodes.has(key)) {
        // The placement covers the emphasised nodes first (label-layout.ts), so their labels do not collide either.
        result.labelVisibility = !state.labels || placed ? "visible" : "hidden";
        result.depth = result.labelDepth = "topNodes";
        result.zIndex = 2;
      } else {
        result.color = DIM_NODE_COLOR;
        result.labelVisibility = "hidden";
        result.zIndex = 0;
      }
    }
    if (state.selected === key) {
      result.labelVisibility = "visible";
      // Reducers do not mirror depth onto labelDepth as styles do: without it the backdrop hides the label.
      result.depth = result.labelDepth = "topNodes";
      result.zIndex = 3;
      result.backdropVisibility = "visible";
      result.backdropBorderColor = "#1f2430";
      result.backdropBorderWidth = 2;
    }
    decorateDiffNode(result, key, state, focus); // analysis: date diff
    return result;
  };
}

export function createEdgeReducer(model: GraphModel, read: () => RenderState): EdgeReducer<NodeData, EdgeData> {
  // A large graph's edge program has one solid layer (no dashes): speculative relations are only fainter there.
  const dashes = !model.large;
  const widths: Record<string, number> = model.large ? largeConfidenceWidth : confidenceWidth;
  return (key, _data, attrs, edgeState) => {
    const state = read();
    if (state.edgesHidden || !state.visible.edges.has(key)) return HIDDEN_EDGE;
    const speculative = attrs.confidence === "speculative";
    const color = model.relationColor(attrs.relation);
    const undated = state.undated?.has(key) ?? false;
    const result: ReducedEdge = {
      visibility: "visible",
      color,
      size: (widths[attrs.confidence] ?? 1.5) * (undated ? 0.7 : 1),
      // In an as-of view, undated relations (valid at every date) are drawn faint, apart from the dated ones.
      opacity: undated ? 0.3 : speculative ? (dashes ? 0.6 : 0.35) : attrs.confidence === "assessed" ? 0.85 : 1,
      head: model.isDirectedRelation(attrs.relation) ? "arrow" : "none",
      label: model.relationLabel(attrs.relation),
      labelVisibility: edgeState.isHovered ? "visible" : "hidden",
      zIndex: 1,
    };
    if (dashes) {
      result.baseColor = speculative ? TRANSPARENT : color;
      result.dashSize = speculative ? 5 : 0;
    }
    const focus = activeFocus(state);
    if (focus) {
      if (focus.edges.has(key)) {
        result.depth = result.labelDepth = "topEdges";
        result.zIndex = 2;
        result.opacity = 1;
        if (!state.hover && (state.path?.edges.has(key) || state.analysis?.highlight?.edges.has(key))) {
          result.size = (result.size ?? 1.5) * 1.8;
          result.labelVisibility = "visible";
        }
      } else {
        result.color = DIM_EDGE_COLOR;
        if (dashes) result.baseColor = speculative ? TRANSPARENT : DIM_EDGE_COLOR;
        result.opacity = 0.7;
        result.zIndex = 0;
        result.labelVisibility = "hidden";
      }
    }
    decorateDiffEdge(result, key, state, focus, dashes); // analysis: date diff
    if (state.edge === key) {
      result.depth = result.labelDepth = "topEdges";
      result.zIndex = 3;
      result.opacity = 1;
      result.color = color;
      if (dashes) result.baseColor = speculative ? TRANSPARENT : color;
      result.size = (widths[attrs.confidence] ?? 1.5) * 2.4;
      result.labelVisibility = "visible";
    }
    return result as Partial<EdgeDisplayData>;
  };
}
