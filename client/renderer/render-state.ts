// The transient view the reducers read: visibility, hover, selection and highlighted path (never stored on the graph).
import type { ColorBy, SizeMetric } from "../state.js";
import type { LabelPlacement } from "./label-layout.js";
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
  /** The selected node with its visible neighbours and incident edges (drawn together with a highlighted path). */
  selection?: Highlight | null;
  /** The relation whose card is open. */
  edge?: string | null;
  /** Relations without dates, drawn fainter in an as-of view; null outside one. */
  undated?: Set<string> | null;
  colorBy?: ColorBy;
  /** Labels placed without overlap (label-layout.ts); null leaves labels to sigma's grid. */
  labels?: LabelPlacement | null;
  /** Edges are left out while ForceAtlas2 moves the nodes of a large graph (each step redraws the whole graph). */
  edgesHidden?: boolean;
  /** The Analysis panel's highlighted item and date diff (see analysis-highlight.ts). */
  analysis?: AnalysisView | null;
}

export type RenderStateListener = (previous: Readonly<RenderState>, next: Readonly<RenderState>) => void;

/** Holds the render state and tells its listeners (the renderer's redraw first) whenever it changes (a patch that changes nothing is ignored). */
export class RenderStateHolder {
  private state: RenderState;
  private listeners: RenderStateListener[] = [];

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
    for (const listener of this.listeners) listener(previous, this.state);
  }

  listen(onChange: RenderStateListener): void {
    this.listeners.push(onChange);
  }
}

/**
 * The items whose drawing differs between two render states when only the hovered node moved from one node to
 * another (everything else keeps its dimmed look), or null when a full redraw is needed.
 */
export function hoverOnlyChange(previous: Readonly<RenderState>, next: Readonly<RenderState>): Highlight | null {
  if (!previous.hover || !next.hover) return null;
  if (
    previous.visible !== next.visible ||
    previous.sizeBy !== next.sizeBy ||
    previous.selected !== next.selected ||
    previous.path !== next.path ||
    previous.edgesHidden !== next.edgesHidden ||
    previous.selection !== next.selection ||
    previous.edge !== next.edge ||
    previous.undated !== next.undated ||
    previous.colorBy !== next.colorBy ||
    previous.labels !== next.labels ||
    previous.analysis !== next.analysis
  )
    return null;
  return {
    nodes: new Set([...previous.hover.nodes, ...next.hover.nodes]),
    edges: new Set([...previous.hover.edges, ...next.hover.edges]),
  };
}

/**
 * What the view emphasises right now: the hover wins while the pointer is on a node; otherwise the selection's
 * neighbourhood and the highlighted path together (selecting a node never hides the path).
 */
export function activeFocus(state: RenderState): Highlight | null {
  if (state.hover) return state.hover;
  const { selection } = state;
  // An analysis item is highlighted like a path (the panel clears one when the other is picked).
  const path = state.path ?? state.analysis?.highlight ?? null;
  if (selection && path) return unionOf(selection, path);
  return selection ?? path;
}

const unions = new WeakMap<Highlight, WeakMap<Highlight, Highlight>>();
/** The union of two highlights, memoised per pair (reducers ask once per item). */
function unionOf(a: Highlight, b: Highlight): Highlight {
  let inner = unions.get(a);
  if (!inner) unions.set(a, (inner = new WeakMap()));
  let union = inner.get(b);
  if (!union) inner.set(b, (union = { nodes: new Set([...a.nodes, ...b.nodes]), edges: new Set([...a.edges, ...b.edges]) }));
  return union;
}
