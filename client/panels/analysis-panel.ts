// Analysis panel: exposure, structural balance, contested claims and the date diff, drawn through the reducers.
import type { AppContext } from "../app-context.js";
import { el } from "../dom.js";
import { fitNodes } from "../renderer/camera.js";
import type { AnalysisView } from "../renderer/analysis-highlight.js";
import { analysisTabs, type AnalysisTab, type ViewState } from "../state.js";
import { mountBalanceSection } from "./analysis-balance.js";
import type { AnalysisSection, SectionContext } from "./analysis-common.js";
import { mountContestedSection } from "./analysis-contested.js";
import { mountDiffSection } from "./analysis-diff.js";
import { mountExposureSection } from "./analysis-exposure.js";

const tabLabels: Record<AnalysisTab, string> = { exposure: "Exposure", balance: "Balance", contested: "Contested", diff: "Diff" };

/**
 * Mounts the panel. Every choice (tab, target, highlighted item, diff dates, page) lives in the URL state; the
 * panel turns the open section's answer into `renderState.analysis`, which only the reducers read.
 * `fitOnLoad` is false when the address carried a camera, which then wins over framing the item.
 */
export function mountAnalysisPanel(container: HTMLElement, ctx: AppContext, fitOnLoad: boolean): void {
  let fitPending = fitOnLoad;
  // The render state changes only when the item, the diff dates or a section's answer did (not on every camera move).
  let version = 0;
  let appliedFor = "";
  const sc: SectionContext = {
    app: ctx,
    pick: (item) => {
      fitPending = item !== null;
      // One emphasis at a time: picking an analysis item unpicks a path result.
      ctx.store.update((s) => ({ analysis: { ...s.analysis, item }, path: item && s.path.index !== null ? { ...s.path, index: null } : s.path }));
    },
    changed: () => {
      version++;
      apply(ctx.store.get());
    },
  };
  const sections: Record<AnalysisTab, AnalysisSection> = {
    exposure: mountExposureSection(sc),
    balance: mountBalanceSection(sc),
    contested: mountContestedSection(sc),
    diff: mountDiffSection(sc),
  };

  const tabs = analysisTabs.map((tab) =>
    el("button", {
      class: "seg",
      text: tabLabels[tab],
      attrs: { type: "button", "aria-pressed": "false", "aria-controls": `analysis-${tab}` },
      dataset: { tab },
      on: {
        click: () => {
          const open = ctx.store.get().analysis.tab === tab;
          ctx.store.updateAnalysis({ tab: open ? null : tab, item: null, offset: 0 });
        },
      },
    }),
  );
  const bar = el("div", { class: "segmented analysis-tabs", attrs: { role: "group", "aria-label": "Analysis" } }, tabs);
  for (const tab of analysisTabs) {
    sections[tab].root.id = `analysis-${tab}`;
    sections[tab].root.classList.add("analysis-section");
    sections[tab].root.hidden = true;
  }
  container.append(bar, ...analysisTabs.map((t) => sections[t].root));

  let shown: AnalysisTab | null = null;
  let view: AnalysisView | null = null;

  /** Resolves the highlighted item and the diff into the render state (only when they change). */
  function apply(state: ViewState) {
    const { tab, item, from, to } = state.analysis;
    const inputs = JSON.stringify([tab, item, from, to, version]);
    if (inputs === appliedFor) return;
    appliedFor = inputs;
    const section = state.analysis.tab ? sections[state.analysis.tab] : null;
    const highlight = section && state.analysis.item ? section.highlight(state.analysis.item) : null;
    const diff = section?.marks?.(state) ?? null;
    const next: AnalysisView | null = highlight || diff ? { highlight, diff } : null;
    if (next?.highlight !== view?.highlight || next?.diff !== view?.diff) {
      view = next;
      ctx.renderState.set({ analysis: view });
    }
    if (highlight && highlight.nodes.size && fitPending) {
      fitPending = false;
      void fitNodes(ctx.renderer, highlight.nodes);
    }
  }

  const update = (state: ViewState, previous: ViewState | null) => {
    const a = state.analysis;
    // A path result picked elsewhere takes over the emphasis.
    if (previous && a.item && state.path.index !== null && previous.path.index !== state.path.index) {
      // After the listeners have seen this change (a nested update would reach later listeners out of order).
      queueMicrotask(() => ctx.store.updateAnalysis({ item: null }, "replace"));
      return;
    }
    for (const button of tabs) button.setAttribute("aria-pressed", String(button.dataset.tab === a.tab));
    if (a.tab !== shown) {
      if (shown) sections[shown].root.hidden = true;
      shown = a.tab;
      if (shown) {
        sections[shown].root.hidden = false;
        const details = container.closest("details");
        if (details) details.open = true;
      }
      if (shown) sections[shown].update(state, null);
    } else if (shown && previous) sections[shown].update(state, previous);
    apply(state);
  };
  ctx.store.subscribe((state, previous) => update(state, previous));
  update(ctx.store.get(), null);
}
