// The transient view the reducers read: visibility, hover, selection and highlighted path (never stored on the graph).
import type { SizeMetric } from "../state.js";
import type { Visibility } from "../visibility.js";
import type { AnalysisView } from "./analysis-highlight.js";

export interface Highlight {
  nodes: Set<string>;
  edges: Set<string>;
}

export interface RenderState {
  visible: Visibility;
  sizeBy: SizeMetric;
  selected: string | null;
  /** Hovered node with its visible neighbours and incident edges. */
  hover: (Highlight & { node: string }) | null;
  /** The highlighted path, if any. */
  path: Highlight | null;
  /** Edges are left out while ForceAtlas2 moves the nodes of a large graph (each step redraws the whole graph). */
  edgesHidden?: boolean;
  /** The Analysis panel's highlighted item and date diff (see analysis-highlight.ts). */
  analysis?: AnalysisView | null;
}

export type RenderStateListener = (previous: Readonly<RenderState>, next: Readonly<RenderState>) => void;

/** Holds the render state and asks for a redraw whenever it changes (a patch that changes nothing is ignored). */
export class RenderStateHolder {
  private state: RenderState;
  private onChange: RenderStateListener = () => {};

  constructor(initial: RenderState) {
    this.state = initial;
  }

  get(): Readonly<RenderState> {
    return this.state;
  }

  set(patch: Partial<RenderState>): void {
    const previous = this.state;
    if ((Object.keys(patch) as (keyof RenderState)[]).every((key) => patch[key] === previous[key])) return;
    this.state = { ...previous, ...patch };
    this.onChange(previous, this.state);
  }

  listen(onChange: RenderStateListener): void {
    this.onChange = onChange;
  }
}

/**
 * The items whose drawing differs between two render states when only the hovered node moved from one node to
 * another (everything else keeps its dimmed look), or null when a full redraw is needed.
 */
export function hoverOnlyChange(previous: Readonly<RenderState>, next: Readonly<RenderState>): Highlight | null {
  if (!previous.hover || !next.hover) return null;
  if (previous.visible !== next.visible || previous.sizeBy !== next.sizeBy || previous.selected !== next.selected || previous.path !== next.path || previous.edgesHidden !== next.edgesHidden || previous.analysis !== next.analysis) return null;
  return {
    nodes: new Set([...previous.hover.nodes, ...next.hover.nodes]),
    edges: new Set([...previous.hover.edges, ...next.hover.edges]),
  };
}

/** What the view emphasises right now: the hover wins over a selected path (or analysis item) while the pointer is on a node. */
export function activeFocus(state: RenderState): Highlight | null {
  return state.hover ?? state.path ?? state.analysis?.highlight ?? null;
}
