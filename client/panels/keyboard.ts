// Keyboard shortcuts: Escape clears the search and the selection (and closes a drawer on small screens); arrows walk between neighbours.
import type { AppContext } from "../app-context.js";

const ARROWS: Record<string, number> = { ArrowRight: 0, ArrowDown: Math.PI / 2, ArrowLeft: Math.PI, ArrowUp: -Math.PI / 2 };

function isTyping(target: EventTarget | null): boolean {
  const node = target as HTMLElement | null;
  if (!node || !node.tagName) return false;
  return node.tagName === "INPUT" || node.tagName === "TEXTAREA" || node.tagName === "SELECT" || node.isContentEditable;
}

/**
 * The visible neighbour of `node` lying most nearly in the screen direction `angle` (radians, y down), preferring
 * those within 60° of it; null when the node has no visible neighbour.
 */
export function neighbourInDirection(ctx: AppContext, node: string, angle: number): string | null {
  const { graph } = ctx.model;
  const visible = ctx.visibility();
  const here = ctx.renderer.graphToViewport(graph.getNodeAttributes(node) as { x: number; y: number });
  let best: string | null = null;
  let bestScore = Infinity;
  graph.forEachEdge(node, (edge, _a, source, target) => {
    if (!visible.edges.has(edge)) return;
    const other = source === node ? target : source;
    if (other === node) return;
    const there = ctx.renderer.graphToViewport(graph.getNodeAttributes(other) as { x: number; y: number });
    const dx = there.x - here.x;
    const dy = there.y - here.y;
    let diff = Math.abs(Math.atan2(dy, dx) - angle);
    if (diff > Math.PI) diff = 2 * Math.PI - diff;
    // Direction first; among nodes in the same cone, the nearer one.
    const score = (diff <= Math.PI / 3 ? 0 : 1000) + diff * 100 + Math.hypot(dx, dy) / 1000;
    if (score < bestScore) {
      bestScore = score;
      best = other;
    }
  });
  return best;
}

export function installKeyboard(ctx: AppContext, clearSearch: () => void): void {
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Escape") {
      // An open suggestion list consumed the first Escape (defaultPrevented above); this one clears.
      clearSearch();
      const state = ctx.store.get();
      if (state.selected || state.edge) ctx.store.update({ selected: null, edge: null, ego: 0 });
      ctx.drawers.closeOverlay();
      if (isTyping(event.target)) (event.target as HTMLElement).blur();
      return;
    }
    if (!(event.key in ARROWS) || isTyping(event.target)) return;
    const selected = ctx.store.get().selected;
    if (!selected || !ctx.visibility().nodes.has(selected)) return;
    // Arrows inside lists and sliders keep their own meaning.
    const target = event.target as HTMLElement | null;
    if (target && target !== document.body && !target.closest("#graph, .stage, .details")) return;
    const next = neighbourInDirection(ctx, selected, ARROWS[event.key]);
    if (!next) return;
    event.preventDefault();
    ctx.selectNode(next);
  });
}
