// Exposure section: a target's assets and the actors threatening them, sortable, each path one click from the graph.
import { api } from "../api.js";
import type { ExposedAsset, ExposureResult, Threat } from "../api-types.js";
import { el, replaceChildren, uniqueId } from "../dom.js";
import { formatNumber } from "../format.js";
import type { ExposureSort, ViewState } from "../state.js";
import { createAutocomplete } from "./autocomplete.js";
import {
  filterKey,
  highlightOf,
  itemButton,
  itemKey,
  labelOf,
  latestLoader,
  parseItem,
  syncPressed,
  viewFilters,
  type AnalysisSection,
  type SectionContext,
} from "./analysis-common.js";

const columns: { id: ExposureSort; label: string; numeric: boolean }[] = [
  { id: "label", label: "Asset", numeric: false },
  { id: "kind", label: "Kind", numeric: false },
  { id: "score", label: "Score", numeric: true },
  { id: "threats", label: "Threats", numeric: true },
];

/** The preferred default target: China, the source's question. */
const DEFAULT_TARGET = "china";

export function mountExposureSection(sc: SectionContext): AnalysisSection {
  const ctx = sc.app;
  const target = createAutocomplete({
    label: "Target",
    placeholder: "Whose assets?",
    kindColor: ctx.model.kindColor,
    onChoose: (r) => ctx.store.updateAnalysis({ target: r.id, item: null }),
    onError: (e) => ctx.reportError(e, "Search failed"),
  });
  target.root.dataset.role = "exposure-target";
  const depthId = uniqueId("exposure-depth");
  const depth = el(
    "select",
    { attrs: { id: depthId } },
    [1, 2, 3, 4].map((n) => el("option", { text: String(n), attrs: { value: n } })),
  );
  depth.addEventListener("change", () => ctx.store.updateAnalysis({ maxLength: Number(depth.value), item: null }));
  const status = el("p", { class: "analysis-status", attrs: { role: "status", "aria-live": "polite" } });
  const assetsBox = el("div", { class: "analysis-table-box" });
  const actorsBox = el("div", { class: "analysis-table-box" });
  const root = el("div", {}, [
    target.root,
    el("div", { class: "field inline" }, [el("label", { class: "field-label", text: "Max hops", attrs: { for: depthId } }), depth]),
    status,
    assetsBox,
    actorsBox,
  ]);

  let answer: ExposureResult | null = null;
  const expanded = new Set<string>();
  const loader = latestLoader(
    (q: { state: ViewState; target: string }, signal) => api.exposure({ target: q.target, maxLength: q.state.analysis.maxLength }, viewFilters(q.state), signal),
    (result, error, q) => {
      answer = result;
      status.textContent = error ?? summary(result as ExposureResult, labelOf(ctx, q.target));
      render(ctx.store.get());
      sc.changed();
    },
  );

  const summary = (r: ExposureResult, name: string) => {
    const threatened = r.assets.filter((a) => a.threats.length).length;
    return `${name}: ${r.assets.length} asset${r.assets.length === 1 ? "" : "s"}, ${threatened} threatened by ${r.actors.length} actor${r.actors.length === 1 ? "" : "s"}.${r.truncated ? " (Search stopped at its bounds: counts are lower bounds.)" : ""}`;
  };

  function sorted(assets: ExposedAsset[], sort: ExposureSort): ExposedAsset[] {
    const by: Record<ExposureSort, (a: ExposedAsset, b: ExposedAsset) => number> = {
      label: (a, b) => a.label.localeCompare(b.label),
      kind: (a, b) => a.kind.localeCompare(b.kind) || b.score - a.score,
      score: (a, b) => b.score - a.score || a.label.localeCompare(b.label),
      threats: (a, b) => b.threats.length - a.threats.length || b.score - a.score,
    };
    return [...assets].sort(by[sort]);
  }

  function threatLine(asset: ExposedAsset, t: Threat): HTMLElement {
    const route = t.path.nodes.map((n) => labelOf(ctx, n)).join(" → ");
    return el("li", { class: "threat" }, [
      itemButton(sc, itemKey("threat", asset.id, t.actor), [
        el("span", { class: "threat-actor", text: labelOf(ctx, t.actor) }),
        el("span", { class: "muted", text: ` · cost ${formatNumber(t.cost, 2)}` }),
      ]),
      el("div", { class: "threat-path small", text: route }),
    ]);
  }

  function assetRows(asset: ExposedAsset): HTMLElement[] {
    const open = expanded.has(asset.id);
    const toggle = el("button", {
      class: "icon-btn expand",
      text: open ? "▾" : "▸",
      attrs: { type: "button", "aria-expanded": String(open), "aria-label": `Threats to ${asset.label}`, disabled: asset.threats.length === 0 },
      on: {
        click: () => {
          if (expanded.has(asset.id)) expanded.delete(asset.id);
          else expanded.add(asset.id);
          render(ctx.store.get());
        },
      },
    });
    const row = el("tr", { dataset: { asset: asset.id } }, [
      el("td", {}, [toggle, itemButton(sc, itemKey("asset", asset.id), [asset.label])]),
      el("td", { class: "kind", text: asset.kind }),
      el("td", { class: "num", text: formatNumber(asset.score, 3) }),
      el("td", { class: "num", text: String(asset.threats.length) }),
    ]);
    if (!open) return [row];
    const list = el("ul", { class: "threats", attrs: { "aria-label": `Threats to ${asset.label}` } }, asset.threats.map((t) => threatLine(asset, t)));
    return [row, el("tr", { class: "threat-row" }, [el("td", { attrs: { colspan: 4 } }, [list])])];
  }

  function render(state: ViewState) {
    if (!answer) {
      assetsBox.replaceChildren();
      actorsBox.replaceChildren();
      return;
    }
    const sort = state.analysis.sort;
    const head = el(
      "tr",
      {},
      columns.map((c) =>
        el("th", { class: c.numeric ? "num" : "", attrs: { scope: "col", "aria-sort": c.id === sort ? (c.numeric ? "descending" : "ascending") : "none" } }, [
          el("button", { class: "sort-btn", text: c.label, attrs: { type: "button" }, on: { click: () => ctx.store.updateAnalysis({ sort: c.id }, "replace") } }),
        ]),
      ),
    );
    replaceChildren(assetsBox, [
      el("table", { class: "analysis-table exposure-assets" }, [
        el("caption", { class: "visually-hidden", text: "Exposed assets" }),
        el("thead", {}, [head]),
        el("tbody", {}, sorted(answer.assets, sort).flatMap(assetRows)),
      ]),
    ]);
    replaceChildren(actorsBox, [
      el("table", { class: "analysis-table exposure-actors" }, [
        el("caption", { class: "analysis-caption", text: "Threatening actors" }),
        el("thead", {}, [el("tr", {}, ["Actor", "Assets", "Score"].map((t, i) => el("th", { class: i ? "num" : "", text: t, attrs: { scope: "col" } })))]),
        el(
          "tbody",
          {},
          answer.actors.map((a) =>
            el("tr", { dataset: { actor: a.id } }, [
              el("td", { text: a.label }),
              el("td", { class: "num", text: String(a.assets) }),
              el("td", { class: "num", text: formatNumber(a.score, 3) }),
            ]),
          ),
        ),
      ]),
    ]);
  }

  return {
    root,
    update(state, previous) {
      const a = state.analysis;
      if (!a.target && ctx.model.graph.hasNode(DEFAULT_TARGET)) {
        ctx.store.updateAnalysis({ target: DEFAULT_TARGET }, "replace");
        return;
      }
      if (!previous || previous.analysis.target !== a.target) target.setText(a.target ? labelOf(ctx, a.target) : "");
      depth.value = String(a.maxLength);
      // A threat in the address opens its asset's row.
      let opened = false;
      if (a.item && (!previous || previous.analysis.item !== a.item)) {
        const { kind, ids } = parseItem(a.item);
        if (kind === "threat" && !expanded.has(ids[0])) opened = Boolean(expanded.add(ids[0]));
      }
      if (!a.target) {
        loader.reset();
        answer = null;
        status.textContent = "Choose a target (its assets are what it owns, funds, employs or is national of).";
        render(state);
        return;
      }
      const key = JSON.stringify([a.target, a.maxLength, ...filterKey(state)]);
      loader.load(key, { state, target: a.target });
      if (!previous) return;
      if (previous.analysis.sort !== a.sort) {
        render(state);
        // Re-rendering replaced the header: keep the keyboard where it was.
        assetsBox.querySelector<HTMLButtonElement>(`th[aria-sort="${a.sort === "label" || a.sort === "kind" ? "ascending" : "descending"}"] button`)?.focus();
      } else if (opened) render(state);
      else if (previous.analysis.item !== a.item) syncPressed(root, a.item);
    },
    highlight(item) {
      if (!answer) return null;
      const { kind, ids } = parseItem(item);
      const asset = answer.assets.find((x) => x.id === ids[0]);
      if (!asset) return null;
      if (kind === "asset") {
        const nodes = [asset.id, ...asset.owners, ...asset.threats.flatMap((t) => t.path.nodes)];
        const edges = [...asset.holding, ...asset.threats.flatMap((t) => t.path.edges)];
        return highlightOf(ctx, nodes, edges);
      }
      const threat = kind === "threat" ? asset.threats.find((t) => t.actor === ids[1]) : undefined;
      return threat ? highlightOf(ctx, threat.path.nodes, threat.path.edges) : null;
    },
  };
}
