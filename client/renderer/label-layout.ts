// Label placement without overlap: a greedy pass over the shown nodes, most central first, trying four sides of each node
// and keeping labels off other nodes' discs.
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

/** A node's disc on screen (viewport pixels), as sigma draws it. */
export interface Disc {
  node: string;
  x: number;
  y: number;
  r: number;
}

export function nodeDisc(renderer: ActorSigma, node: string): Disc | null {
  const data = renderer.getNodeDisplayData(node);
  if (!data || data.visibility === "hidden") return null;
  const centre = renderer.framedGraphToViewport(data);
  return { node, x: centre.x, y: centre.y, r: renderer.scaleSize(data.size) };
}

export function coversDisc(box: Box, disc: Disc, gap = 0): boolean {
  const dx = disc.x - Math.max(box.minX, Math.min(disc.x, box.maxX));
  const dy = disc.y - Math.max(box.minY, Math.min(disc.y, box.maxY));
  return dx * dx + dy * dy < (disc.r + gap) * (disc.r + gap);
}

/** Discs bucketed in a coarse grid, so each candidate label box checks only the discs near it. */
class DiscGrid {
  private readonly cells = new Map<number, Disc[]>();
  private static readonly CELL = 48;

  constructor(discs: Disc[]) {
    for (const d of discs) this.forCells(d.x - d.r, d.x + d.r, d.y - d.r, d.y + d.r, (k) => (this.cells.get(k) ?? this.cells.set(k, []).get(k)!).push(d));
  }

  /** True when the box covers the disc of a node other than `own`. */
  covers(box: Box, own: string): boolean {
    let hit = false;
    this.forCells(box.minX, box.maxX, box.minY, box.maxY, (k) => {
      if (!hit) hit = (this.cells.get(k) ?? []).some((d) => d.node !== own && coversDisc(box, d, GAP));
    });
    return hit;
  }

  private forCells(x0: number, x1: number, y0: number, y1: number, visit: (key: number) => void): void {
    const c = DiscGrid.CELL;
    for (let i = Math.floor(x0 / c); i <= Math.floor(x1 / c); i++) for (let j = Math.floor(y0 / c); j <= Math.floor(y1 / c); j++) visit(i * 65_536 + j);
  }
}

/**
 * Places labels for `nodes` (ordered most central first): each takes the first side whose box stays on screen,
 * overlaps no label already placed and covers no other node's disc (of `obstacles`, the drawn nodes). The first
 * `keepFirst` may cover a disc when no side is free of them, so the most central actors keep their names. Returns
 * null when sigma's label geometry is unavailable (sigma's grid then decides).
 */
export function placeLabels(renderer: ActorSigma, nodes: string[], keepFirst = 12, obstacles: Iterable<string> = nodes): LabelPlacement | null {
  const boxOf = labelBoxFunction(renderer);
  if (!boxOf) return null;
  const { width, height } = renderer.getDimensions();
  const discs = new DiscGrid([...obstacles].map((n) => nodeDisc(renderer, n)).filter((d): d is Disc => d !== null));
  const placed: Box[] = [];
  const placement: LabelPlacement = new Map();
  nodes.forEach((node, rank) => {
    const data = renderer.getNodeDisplayData(node);
    if (!data || data.visibility === "hidden" || !data.label) return;
    if (rank >= keepFirst && renderer.scaleSize(data.size) < SMALL_RADIUS) return;
    let fallback: { side: LabelSide; box: Box } | null = null;
    for (const side of SIDES) {
      const box = labelBox(renderer, node, side, boxOf);
      // Whole labels only: a label cut by the edge of the view reads as a different name.
      if (!box || box.minX < 0 || box.maxX > width || box.minY < 0 || box.maxY > height) continue;
      if (placed.some((other) => overlaps(box, other, GAP))) continue;
      if (discs.covers(box, node)) {
        fallback ??= { side, box };
        continue;
      }
      placed.push(box);
      placement.set(node, side);
      return;
    }
    if (fallback && rank < keepFirst) {
      placed.push(fallback.box);
      placement.set(node, fallback.side);
    }
  });
  return placement;
}
