// Label placement without overlap: a greedy pass over the shown nodes, most central first, trying four sides of each node.
import type { NodeDisplayData } from "sigma/types";
import type { ActorSigma } from "./create-renderer.js";

export type LabelSide = "right" | "left" | "above" | "below";
/** Chosen labels and the side each is drawn on; nodes not listed get no label. */
export type LabelPlacement = Map<string, LabelSide>;

export interface Box {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const SIDES: LabelSide[] = ["right", "left", "above", "below"];
/** Gap kept between two labels, in pixels. */
const GAP = 2;
/** Nodes drawn smaller than this (radius, px) get a label only when there is room and they are among the first. */
const SMALL_RADIUS = 3.5;

type LabelBoxFn = (data: NodeDisplayData, radius: number) => Box | null;

/** Sigma's own label geometry (what the label program draws), reached through its label renderer when present. */
export function labelBoxFunction(renderer: ActorSigma): LabelBoxFn | null {
  const internal = renderer as unknown as { labelRenderer?: { nodeLabelBox?: LabelBoxFn } };
  const fn = internal.labelRenderer?.nodeLabelBox;
  return typeof fn === "function" ? fn.bind(internal.labelRenderer) : null;
}

/** The viewport box of a node's label on one side, or null when sigma cannot tell. */
export function labelBox(renderer: ActorSigma, node: string, side: LabelSide, box = labelBoxFunction(renderer)): Box | null {
  const data = renderer.getNodeDisplayData(node);
  if (!data || !box) return null;
  const radius = renderer.scaleSize(data.size);
  const relative = box({ ...data, labelVisibility: "visible", visibility: "visible", labelPosition: side } as NodeDisplayData, radius);
  if (!relative) return null;
  const centre = renderer.framedGraphToViewport(data);
  return { minX: centre.x + relative.minX, maxX: centre.x + relative.maxX, minY: centre.y + relative.minY, maxY: centre.y + relative.maxY };
}

export function overlaps(a: Box, b: Box, gap = 0): boolean {
  return a.minX < b.maxX + gap && b.minX < a.maxX + gap && a.minY < b.maxY + gap && b.minY < a.maxY + gap;
}

/**
 * Places labels for `nodes` (ordered most central first): each takes the first side whose box stays on screen and
 * overlaps no label already placed. Returns null when sigma's label geometry is unavailable (sigma's grid then decides).
 */
export function placeLabels(renderer: ActorSigma, nodes: string[], keepFirst = 12): LabelPlacement | null {
  const boxOf = labelBoxFunction(renderer);
  if (!boxOf) return null;
  const { width, height } = renderer.getDimensions();
  const placed: Box[] = [];
  const placement: LabelPlacement = new Map();
  nodes.forEach((node, rank) => {
    const data = renderer.getNodeDisplayData(node);
    if (!data || data.visibility === "hidden" || !data.label) return;
    if (rank >= keepFirst && renderer.scaleSize(data.size) < SMALL_RADIUS) return;
    for (const side of SIDES) {
      const box = labelBox(renderer, node, side, boxOf);
      // Whole labels only: a label cut by the edge of the view reads as a different name.
      if (!box || box.minX < 0 || box.maxX > width || box.minY < 0 || box.maxY > height) continue;
      if (placed.some((other) => overlaps(box, other, GAP))) continue;
      placed.push(box);
      placement.set(node, side);
      return;
    }
  });
  return placement;
}
