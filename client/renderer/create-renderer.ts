// Sigma 4 setup: primitives (curved parallel edges, arrows, dashed layer), base styles, reducers and label settings.
import Sigma from "sigma";
import { extremityArrow, layerDashed, layerFill, layerPlain, pathCurved, pathLine, sdfCircle } from "sigma/rendering";
import type { EdgeData, NodeData } from "../api-types.js";
import type { GraphModel } from "./graph-model.js";
import { createEdgeReducer, createNodeReducer } from "./reducers.js";
import { hoverOnlyChange, type Highlight, type RenderStateHolder } from "./render-state.js";

export type ActorSigma = Sigma<NodeData, EdgeData>;

export const LABEL_FONT = "Inter, 'Segoe UI', system-ui, -apple-system, sans-serif";

/**
 * Creates the renderer. Parallel relations between the same pair are spread as distinct curves by
 * sigma's own parallel-edge index (sigma 4 supersedes @sigma/edge-curve and its indexParallelEdgesIndex).
 *
 * A large graph (model.large) gets a cheaper edge program and settings: straight lines with arrows and one
 * solid layer (a program that can draw curves or dashes spends their cost on every edge), no edge events
 * (no edge picking pass), edges and labels hidden while the camera moves, and labels only on the bigger nodes.
 */
export function createRenderer(container: HTMLElement, model: GraphModel, view: RenderStateHolder): ActorSigma {
  const read = () => view.get();
  const large = model.large;
  const renderer = new Sigma<NodeData, EdgeData>(model.graph, container, {
    primitives: {
      nodes: {
        shapes: [sdfCircle()],
        layers: [layerFill()],
      },
      edges: large
        ? {
            paths: [pathLine()],
            extremities: [extremityArrow({ lengthRatio: 4, widthRatio: 3.6 })],
            layers: [layerPlain()],
          }
        : {
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
        ...(large ? {} : { parallelPath: "curved", parallelSpread: 0.28 }),
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
      ...settingsFor(large),
      // Sizes are screen pixels (sigma 4 defaults to graph units), growing gently when zooming in.
      itemSizesReference: "screen",
      zoomToSizeRatioFunction: (ratio) => Math.sqrt(ratio),
      renderLabels: true,
      stagePadding: 36,
      minCameraRatio: 0.04,
      maxCameraRatio: 6,
      zoomDuration: 200,
      gestureTarget: "graph",
    },
  });
  declareReducerDependency(renderer);

  // One refresh per frame however many changes arrive: a full refresh runs every reducer on every item (a second or
  // so at 100k edges), so moving the hover between two nodes only refreshes what the two highlights cover.
  let pending: Highlight | "full" | null = null;
  const flush = () => {
    const work = pending;
    pending = null;
    if (!work) return;
    if (work === "full") renderer.refresh();
    else renderer.refresh({ partialGraph: { nodes: [...work.nodes], edges: [...work.edges] } });
  };
  view.listen((previous, next) => {
    if (pending === null) requestAnimationFrame(flush);
    if (pending === "full") return;
    const partial = hoverOnlyChange(previous, next);
    if (!partial) pending = "full";
    else if (pending) {
      for (const node of partial.nodes) pending.nodes.add(node);
      for (const edge of partial.edges) pending.edges.add(edge);
    } else pending = partial;
  });
  return renderer;
}

/**
 * Sigma 4 assumes reducers may read its graph-level state (something hovered, panning, zooming) and re-runs them
 * on every node and edge whenever that state flips: on entering or leaving a node and at the start and end of every
 * camera gesture, about a second each at 100k edges. Ours read only the item state sigma passes them (isHovered)
 * and the render state, whose changes refresh the renderer themselves (see above), so they are declared as
 * depending on item state: sigma then refreshes only the items whose own state changed. This reaches into sigma
 * 4.0's internals; where those fields are missing it does nothing and sigma stays conservative.
 */
function declareReducerDependency(renderer: ActorSigma): void {
  type Analysis = { dependency?: string } | undefined;
  const internal = renderer as unknown as { internals?: { nodeStyleAnalysis?: Analysis }; edgeStyleAnalysis?: Analysis };
  for (const analysis of [internal.internals?.nodeStyleAnalysis, internal.edgeStyleAnalysis])
    if (analysis?.dependency === "graph-state") analysis.dependency = "item-state";
}

/** Label and interaction settings that depend on the graph's size. */
function settingsFor(large: boolean) {
  return large
    ? {
        renderEdgeLabels: true,
        enableEdgeEvents: false,
        hideEdgesOnMove: true,
        hideLabelsOnMove: true,
        labelDensity: 0.25,
        labelGridCellSize: 120,
        labelRenderedSizeThreshold: 10,
      }
    : {
        renderEdgeLabels: true,
        enableEdgeEvents: true,
        hideEdgesOnMove: false,
        hideLabelsOnMove: false,
        labelDensity: 0.7,
        labelGridCellSize: 90,
        labelRenderedSizeThreshold: 7,
      };
}
