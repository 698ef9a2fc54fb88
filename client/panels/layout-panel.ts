// Layout controls: keep the precomputed layout, or run ForceAtlas2 (worker) with a visible running state, stop, then noverlap.
import type { AppContext } from "../app-context.js";
import { el } from "../dom.js";
import { differsFrom } from "../renderer/graph-model.js";
import { LayoutRunner, type LayoutStatus } from "../renderer/layout-runner.js";

export interface LayoutPanel {
  /** True when the positions differ from the service's precomputed layout. */
  isCustom(): boolean;
  /** Refreshes the status line after positions were applied from elsewhere (a snapshot). */
  refresh(): void;
}

export function mountLayoutPanel(container: HTMLElement, ctx: AppContext): LayoutPanel {
  const { graph, precomputed } = ctx.model;
  const run = el("button", { class: "btn btn-primary", text: "Run ForceAtlas2", attrs: { type: "button", "aria-pressed": "false" } });
  const reset = el("button", { class: "btn", text: "Precomputed layout", attrs: { type: "button" } });
  const status = el("p", { class: "layout-status", attrs: { role: "status", "aria-live": "polite" } });
  container.append(el("div", { class: "button-row" }, [run, reset]), status);

  const runner = new LayoutRunner({
    graph,
    precomputed,
    nodeRadii: () => {
      // Convert each node's pixel size to graph units at the current zoom so noverlap spaces what you see
      // (the extent once per run, not once per node).
      const { width, height } = ctx.renderer.getDimensions();
      const unitsPerPixel = graphExtent() / Math.max(1, Math.min(width, height));
      return (node) => (ctx.renderer.getNodeDisplayData(node)?.size ?? 6) * unitsPerPixel * 1.2;
    },
    onStatus: (s) => render(s),
  });

  function graphExtent(): number {
    let minX = Infinity;
    let maxX = -Infinity;
    let minY = Infinity;
    let maxY = -Infinity;
    graph.forEachNode((_k, a) => {
      minX = Math.min(minX, a.x as number);
      maxX = Math.max(maxX, a.x as number);
      minY = Math.min(minY, a.y as number);
      maxY = Math.max(maxY, a.y as number);
    });
    return Math.max(maxX - minX, maxY - minY, 1);
  }

  function render(s: LayoutStatus) {
    const running = s === "running";
    // On a large graph every step redraws everything: draw only the nodes while they move.
    if (ctx.model.large) ctx.renderState.set({ edgesHidden: running });
    container.classList.toggle("is-running", running);
    run.textContent = running ? "■ Stop layout" : "Run ForceAtlas2";
    run.setAttribute("aria-pressed", String(running));
    run.classList.toggle("running", running);
    status.replaceChildren();
    if (running)
      status.append(el("span", { class: "spinner small", attrs: { "aria-hidden": "true" } }), ctx.model.large ? "ForceAtlas2 running… (relations reappear when it stops)" : "ForceAtlas2 running…");
    else if (s === "settling") status.textContent = "Removing overlaps…";
    else if (!differsFrom(graph, precomputed)) status.textContent = "Precomputed layout.";
    else status.textContent = runner.removesOverlaps ? "Custom layout (saved with snapshots)." : "Custom layout (saved with snapshots); overlaps are not removed on a graph this size.";
  }

  run.addEventListener("click", () => (runner.running ? runner.stop() : runner.start()));
  reset.addEventListener("click", () => runner.reset());
  render("idle");
  window.addEventListener("pagehide", () => runner.kill());

  return { isCustom: () => differsFrom(graph, precomputed), refresh: () => render("idle") };
}
