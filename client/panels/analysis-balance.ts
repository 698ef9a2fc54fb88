// Balance section: the signed projection's summary, unbalanced triads, ambivalent pairs and predictions, paged.
import { api } from "../api.js";
import type { BalanceResult, CitedPair, Prediction } from "../api-types.js";
import { el, replaceChildren } from "../dom.js";
import { formatNumber } from "../format.js";
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

/** Items per page of each list (the three lists page together, as the service pages them). */
export const BALANCE_PAGE = 20;

export function mountBalanceSection(sc: SectionContext): AnalysisSection {
  const ctx = sc.app;
  const status = el("p", { class: "analysis-status", attrs: { role: "status", "aria-live": "polite" } });
  const body = el("div");
  const root = el("div", {}, [status, body]);
  let answer: BalanceResult | null = null;
  const loader = latestLoader(
    (state: ViewState, signal) => api.balance({ limit: BALANCE_PAGE, offset: state.analysis.offset }, viewFilters(state), signal),
    (result, error) => {
      answer = result;
      status.textContent = error ?? (result?.truncated ? "The analysis stopped at its bounds: counts are lower bounds." : "");
      render();
      sc.changed();
    },
  );

  const names = (ids: string[]) => ids.map((n) => labelOf(ctx, n)).join(" · ");

  function pairItem(kind: string, p: CitedPair): HTMLElement {
    return el("li", {}, [
      itemButton(sc, itemKey(kind, ...p.nodes), [names(p.nodes)]),
      el(
        "ul",
        { class: "cited small" },
        p.edges.map((e) => el("li", {}, [signBadge(e.sign), " ", edgeText(ctx, e)])),
      ),
    ]);
  }

  function predictionItem(p: Prediction): HTMLElement {
    const via = p.via.map((v) => labelOf(ctx, v)).join(", ") + (p.viaCount > p.via.length ? ` and ${p.viaCount - p.via.length} more` : "");
    return el("li", {}, [
      itemButton(sc, itemKey("prediction", ...p.nodes), [names(p.nodes), " ", signBadge(p.expected)]),
      el("div", { class: "small muted", text: `expected ${p.expected} via ${via}` }),
    ]);
  }

  function list(title: string, total: number, items: HTMLElement[], empty: string): HTMLElement {
    return el("section", { class: "analysis-list" }, [
      el("h3", { text: `${title} (${total})` }),
      items.length ? el("ol", { class: "analysis-items", attrs: { start: ctx.store.get().analysis.offset + 1 } }, items) : el("p", { class: "muted small", text: empty }),
    ]);
  }

  function render() {
    if (!answer) return body.replaceChildren();
    const s = answer.summary;
    const cells: [string, string, string][] = [
      ["actors", "Actors", String(s.actors)],
      ["positive", "Positive pairs", String(s.positive)],
      ["negative", "Negative pairs", String(s.negative)],
      ["ambivalent", "Ambivalent pairs", String(s.ambivalent)],
      ["triads", "Triads", String(s.triads)],
      ["balanced", "Balanced", String(s.balanced)],
      ["unbalanced", "Unbalanced", String(s.unbalanced)],
      ["allNegative", "All-negative", String(s.allNegative)],
      ["ratio", "Balance ratio", s.balanceRatio === null ? "–" : formatNumber(s.balanceRatio, 3)],
    ];
    const summary = el(
      "dl",
      { class: "analysis-summary" },
      cells.flatMap(([id, label, value]) => [el("dt", { text: label }), el("dd", { text: value, dataset: { stat: id } })]),
    );
    const offset = ctx.store.get().analysis.offset;
    const longest = Math.max(answer.total.unbalanced, answer.total.ambivalent, answer.total.predictions ?? 0);
    const pager =
      longest > BALANCE_PAGE || offset > 0
        ? el("div", { class: "pager" }, [
            el("button", {
              class: "btn btn-small",
              text: "‹ Previous",
              attrs: { type: "button", disabled: offset === 0 },
              on: { click: () => ctx.store.updateAnalysis({ offset: Math.max(0, offset - BALANCE_PAGE), item: null }) },
            }),
            el("span", { class: "muted small", text: `Page ${Math.floor(offset / BALANCE_PAGE) + 1} of ${Math.max(1, Math.ceil(longest / BALANCE_PAGE))}` }),
            el("button", {
              class: "btn btn-small",
              text: "Next ›",
              attrs: { type: "button", disabled: offset + BALANCE_PAGE >= longest },
              on: { click: () => ctx.store.updateAnalysis({ offset: offset + BALANCE_PAGE, item: null }) },
            }),
          ])
        : null;
    replaceChildren(body, [
      summary,
      pager,
      list("Unbalanced triads", answer.total.unbalanced, answer.unbalanced.map((t) => pairItem("triad", t)), "No unbalanced triad."),
      list("Ambivalent pairs", answer.total.ambivalent, answer.ambivalent.map((p) => pairItem("pair", p)), "No pair is related with both signs."),
      list("Predictions", answer.total.predictions ?? 0, answer.predictions.map(predictionItem), "No prediction."),
    ]);
  }

  return {
    root,
    update(state, previous) {
      loader.load(JSON.stringify([state.analysis.offset, ...filterKey(state)]), state);
      if (previous && previous.analysis.item !== state.analysis.item) syncPressed(root, state.analysis.item);
    },
    highlight(item) {
      if (!answer) return null;
      const { kind, ids } = parseItem(item);
      const same = (nodes: string[]) => nodes.length === ids.length && nodes.every((n, i) => n === ids[i]);
      if (kind === "triad" || kind === "pair") {
        const found = (kind === "triad" ? answer.unbalanced : answer.ambivalent).find((p) => same(p.nodes));
        return found ? highlightOf(ctx, found.nodes, found.edges) : null;
      }
      if (kind === "prediction") {
        const found = answer.predictions.find((p) => same(p.nodes));
        if (!found) return null;
        // The service names the intermediaries; the wedges' edges are the visible ones between them and the pair.
        const via = new Set(found.via);
        const signed = new Set(ctx.model.schema.relations.filter((r) => r.sign !== "neutral").map((r) => r.id));
        const edges: string[] = [];
        const visible = ctx.visibility().edges;
        for (const end of found.nodes)
          if (ctx.model.graph.hasNode(end))
            ctx.model.graph.forEachEdge(end, (edge, a, s, t) => {
              if (visible.has(edge) && signed.has(a.relation) && via.has(s === end ? t : s)) edges.push(edge);
            });
        return highlightOf(ctx, [...found.nodes, ...found.via], edges);
      }
      return null;
    },
  };
}
