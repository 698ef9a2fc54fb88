// Contested section (pairs related with both signs, relations whose evidence disagrees) and the details panel's marks.
import { api } from "../api.js";
import type { ContestedItem, ContestedResult } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el, replaceChildren } from "../dom.js";
import type { ViewState } from "../state.js";
import {
  edgeText,
  filterKey,
  highlightOf,
  itemButton,
  itemKey,
  labelOf,
  latestLoader,
  parseItem,
  signBadge,
  syncPressed,
  viewFilters,
  type AnalysisSection,
  type SectionContext,
} from "./analysis-common.js";

const kindLabels: Record<ContestedItem["kind"], string> = {
  "opposite-signs": "opposite signs",
  "evidence-confidence": "evidence disagrees on confidence",
  "evidence-dates": "evidence disagrees on dates",
};

/** An item's key: its kind and first edge (an edge belongs to one pair, and has at most one evidence conflict). */
const keyOf = (c: ContestedItem) => itemKey("contested", c.kind, c.edges[0]?.id ?? c.nodes.join(":"));

export function mountContestedSection(sc: SectionContext): AnalysisSection {
  const ctx = sc.app;
  const status = el("p", { class: "analysis-status", attrs: { role: "status", "aria-live": "polite" } });
  const items = el("ol", { class: "analysis-items", attrs: { "aria-label": "Contested claims" } });
  const root = el("div", {}, [status, items]);
  let answer: ContestedResult | null = null;
  const loader = latestLoader(
    (state: ViewState, signal) => api.contested(viewFilters(state), signal),
    (result, error) => {
      answer = result;
      const n = result?.contested.length ?? 0;
      status.textContent = error ?? `${n} contested claim${n === 1 ? "" : "s"} in the view.${result?.truncated ? " (Stopped at its bounds.)" : ""}`;
      replaceChildren(
        items,
        (result?.contested ?? []).map((c) =>
          el("li", { class: "contested" }, [
            itemButton(sc, keyOf(c), [c.nodes.map((n) => labelOf(ctx, n)).join(" · "), " ", el("span", { class: "badge contested-badge", text: kindLabels[c.kind] })]),
            el("p", { class: "small", text: c.reason }),
            el("ul", { class: "cited small" }, c.edges.map((e) => el("li", {}, [signBadge(e.sign), " ", edgeText(ctx, e)]))),
          ]),
        ),
      );
      sc.changed();
    },
  );
  return {
    root,
    update(state, previous) {
      loader.load(JSON.stringify(filterKey(state)), state);
      if (previous && previous.analysis.item !== state.analysis.item) syncPressed(root, state.analysis.item);
    },
    highlight(item) {
      const found = answer?.contested.find((c) => keyOf(c) === item);
      return found && parseItem(item).kind === "contested" ? highlightOf(ctx, found.nodes, found.edges) : null;
    },
  };
}

/**
 * The details panel's contested marks: every contested relation of the whole data (no view filter: the panel lists a
 * node's relations whatever the filters), fetched once when the first relation asks; `onLoad` runs when it arrives.
 */
export function watchContested(ctx: AppContext, onLoad: () => void): { badge(edge: string): HTMLElement | null } {
  let reasons: Map<string, string[]> | null = null;
  let requested = false;
  const load = () => {
    requested = true;
    api.contested().then(
      (result) => {
        const found = new Map<string, string[]>();
        for (const c of result.contested) for (const e of c.edges) found.set(e.id, [...(found.get(e.id) ?? []), c.reason]);
        reasons = found;
        if (found.size) onLoad();
      },
      (error: unknown) => ctx.reportError(error, "Contested claims could not be loaded"),
    );
  };
  return {
    badge(edge) {
      if (!requested) load();
      const why = reasons?.get(edge);
      if (!why) return null;
      return el("span", { class: "contested-mark" }, [
        el("span", { class: "badge contested-badge", text: "contested", title: why.join("\n") }),
        el("span", { class: "contested-reason small", text: why.join(" · ") }),
      ]);
    },
  };
}
