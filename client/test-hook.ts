// Read-only window.__actorGraph for automated checks: view state, visible items and what the reducers produce.
import type { AppContext } from "./app-context.js";
import type { ViewState } from "./state.js";
import { labelBox, nodeDisc, type Disc, type LabelSide } from "./renderer/label-layout.js";
import { filterMasks, type ViewFilters } from "./visibility.js";

export interface ActorGraphHook {
  readonly ready: true;
  readonly state: ViewState;
  visibleNodes(): string[];
  visibleEdges(): string[];
  /** What sigma will draw for an item, after styles and reducers. */
  nodeDisplay(key: string): Record<string, unknown> | null;
  edgeDisplay(key: string): Record<string, unknown> | null;
  /** Counts under arbitrary filters, with the client's filter semantics. */
  count(filters: Partial<ViewFilters>): { nodes: number; edges: number };
  highlightedPath(): { nodes: string[]; edges: string[] } | null;
  /** Page coordinates of a node's centre, to point at it. */
  nodePagePosition(key: string): { x: number; y: number } | null;
  /** The node's data attributes (to check that view changes never write into the graph). */
  nodeAttributes(key: string): Record<string, unknown> | null;
  edgeAttributes(key: string): Record<string, unknown> | null;
  /** Page coordinates of the middle of an edge drawn straight (no parallel relation). */
  edgePagePosition(key: string): { x: number; y: number } | null;
  /** Labels sigma draws this frame, each with its box in viewport pixels (sigma's own label geometry). */
  drawnLabels(): { node: string; box: { minX: number; maxX: number; minY: number; maxY: number } | null }[];
  /** The discs of the visible nodes, in the same viewport pixels as the label boxes. */
  nodeDiscs(): Disc[];
  relationColor(relation: string): string;
  relationSign(relation: string): string | undefined;
  camera(): { x: number; y: number; ratio: number; angle: number };
}

declare global {
  interface Window {
    __actorGraph?: ActorGraphHook;
  }
}

export function installTestHook(ctx: AppContext): void {
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const hook: ActorGraphHook = {
    ready: true,
    get state() {
      return copy(ctx.store.get());
    },
    visibleNodes: () => [...ctx.visibility().nodes],
    visibleEdges: () => [...ctx.visibility().edges],
    nodeDisplay: (key) => {
      const data = ctx.renderer.getNodeDisplayData(key);
      return data ? copy({ ...data }) : null;
    },
    edgeDisplay: (key) => {
      const data = ctx.renderer.getEdgeDisplayData(key);
      return data ? copy({ ...data }) : null;
    },
    count: (filters) => {
      const v = filterMasks(ctx.model.index, { kinds: [], relations: [], minConfidence: null, asOf: null, ...filters });
      return { nodes: v.nodeCount, edges: v.edgeCount };
    },
    nodePagePosition: (key) => {
      if (!ctx.model.graph.hasNode(key)) return null;
      const { x, y } = ctx.model.graph.getNodeAttributes(key) as { x: number; y: number };
      const point = ctx.renderer.graphToViewport({ x, y });
      const box = ctx.renderer.getContainer().getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    },
    nodeAttributes: (key) => (ctx.model.graph.hasNode(key) ? copy(ctx.model.graph.getNodeAttributes(key)) : null),
    edgeAttributes: (key) => (ctx.model.graph.hasEdge(key) ? copy(ctx.model.graph.getEdgeAttributes(key)) : null),
    edgePagePosition: (key) => {
      const { graph } = ctx.model;
      if (!graph.hasEdge(key)) return null;
      const a = graph.getNodeAttributes(graph.source(key)) as { x: number; y: number };
      const b = graph.getNodeAttributes(graph.target(key)) as { x: number; y: number };
      const pa = ctx.renderer.graphToViewport(a);
      const pb = ctx.renderer.graphToViewport(b);
      const box = ctx.renderer.getContainer().getBoundingClientRect();
      return { x: box.left + (pa.x + pb.x) / 2, y: box.top + (pa.y + pb.y) / 2 };
    },
    drawnLabels: () =>
      [...ctx.renderer.getNodeDisplayedLabels()].map((node) => {
        const side = (ctx.renderer.getNodeDisplayData(node) as { labelPosition?: LabelSide } | undefined)?.labelPosition ?? "right";
        return { node, box: labelBox(ctx.renderer, node, side) };
      }),
    nodeDiscs: () => [...ctx.visibility().nodes].map((n) => nodeDisc(ctx.renderer, n)).filter((d): d is Disc => d !== null),
    relationColor: (relation) => ctx.model.relationColor(relation),
    relationSign: (relation) => ctx.model.relationSign(relation),
    camera: () => copy(ctx.renderer.getCamera().getState()),
    highlightedPath: () => {
      const path = ctx.renderState.get().path;
      return path ? { nodes: [...path.nodes], edges: [...path.edges] } : null;
    },
  };
  Object.defineProperty(window, "__actorGraph", { value: Object.freeze(hook), writable: false, configurable: false });
}
