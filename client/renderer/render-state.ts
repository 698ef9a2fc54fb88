// The transient view the reducers read: visibility, hover, selection and highlighted path (never stored on the graph).
import type { SizeMetric } from "../state.js";
import type { Visibility } from "../visibility.js";

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
}

/** Holds the render state and asks for a redraw whenever it changes. */
export class RenderStateHolder {
  private state: RenderState;
  private onChange: () => void = () => {};

  constructor(initial: RenderState) {
    this.state = initial;
  }

  get(): Readonly<RenderState> {
    return this.state;
  }

  set(patch: Partial<RenderState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange();
  }

  listen(onChange: () => void): void {
    this.onChange = onChange;
  }
}

/** What the view emphasises right now: the hover wins over a selected path while the pointer is on a node. */
export function activeFocus(state: RenderState): Highlight | null {
  return state.hover ?? state.path;
}
