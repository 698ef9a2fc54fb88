// Sigma 4 setup: primitives (curved parallel edges, arrows, dashed layer), base styles, reducers and label settings.
import Sigma from "sigma";
import { extremityArrow, layerDashed, layerFill, layerPlain, pathCurved, pathLine, sdfCircle } from "sigma/rendering";
import type { EdgeData, NodeData } from "../api-types.js";
import type { GraphModel } from "./graph-model.js";
import { createEdgeReducer, createNodeReducer } from "./reducers.js";
import type { RenderStateHolder } from "./render-state.js";

export type ActorSigma = Sigma<NodeData, EdgeData>;

export const LABEL_FONT = "Inter, 'Segoe UI', system-ui, -apple-system, sans-serif";

/**
 * Creates the renderer. Parallel relations between the same pair are spread as distinct curves by
 * sigma's own parallel-edge index (sigma 4 supersedes @sigma/edge-curve and its indexParallelEdgesIndex).
 */
export function createRenderer(container: HTMLElement, model: GraphModel, view: RenderStateHolder): ActorSigma {
  const read = () => view.get();
  const renderer = new Sigma<NodeData, EdgeData>(model.graph, container, {
    primitives: {
      nodes: {
        shapes: [sdfCircle()],
        layers: [layerFill()],
      },
      edges: {
        paths: [pathLine(), pathCurved()],
        extremities: [extremityArrow({ lengthRatio: 4, widthRatio: 3.6 })],
        layers: [
          // Solid stroke (transparent for speculative relations, which only keep the dashes below).
          layerPlain({ color: { attribute: "baseColor" } }),
          layerDashed({
            dashSize: { attribute: "dashSize", default: 0, mode: "pixels" },
            gapSize: { value: 4, mode: "pixels" },
            dashColor: { attribute: "color" },
            gapColor: 0,
          }),
        ],
      },
    },
    styles: {
      nodes: {
        x: { attribute: "x" },
        y: { attribute: "y" },
        label: { attribute: "label" },
        color: "#9aa3ad",
        size: 6,
        labelColor: "#1f2430",
        labelSize: 12,
        labelFont: LABEL_FONT,
        depth: { whenState: "isHovered", then: "topNodes", else: "nodes" },
        labelVisibility: { whenState: "isHovered", then: "visible", else: "auto" },
        backdropVisibility: { whenState: "isHovered", then: "visible", else: "hidden" },
        backdropColor: "#ffffff",
        backdropShadowColor: "rgba(15, 23, 42, 0.35)",
        backdropShadowBlur: 10,
        backdropPadding: 4,
        cursor: "pointer",
      },
      edges: {
        path: "straight",
        parallelPath: "curved",
        parallelSpread: 0.28,
        color: "#c3c9d0",
        size: 1.5,
        labelColor: "#3b4350",
        labelSize: 11,
        labelFont: LABEL_FONT,
        labelVisibility: "hidden",
        labelBackgroundColor: "rgba(255, 255, 255, 0.85)",
        depth: { whenState: ["isHighlighted", "isHovered"], then: "topEdges", else: "edges" },
      },
      stage: { background: "#ffffff" },
    },
    nodeReducer: createNodeReducer(model, read),
    edgeReducer: createEdgeReducer(model, read),
    settings: {
      // Sizes are screen pixels (sigma 4 defaults to graph units), growing gently when zooming in.
      itemSizesReference: "screen",
      zoomToSizeRatioFunction: (ratio) => Math.sqrt(ratio),
      renderLabels: true,
      renderEdgeLabels: true,
      enableEdgeEvents: true,
      labelDensity: 0.7,
      labelGridCellSize: 90,
      labelRenderedSizeThreshold: 7,
      stagePadding: 36,
      minCameraRatio: 0.04,
      maxCameraRatio: 6,
      hideEdgesOnMove: false,
      zoomDuration: 200,
      gestureTarget: "graph",
    },
  });
  view.listen(() => renderer.scheduleRefresh());
  return renderer;
}
