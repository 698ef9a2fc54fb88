// Minimum confidence (with its line-style legend) and the node size metric (degree or PageRank).
import { confidenceLevels, type Confidence } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el, uniqueId } from "../dom.js";
import type { ColorBy, SizeMetric } from "../state.js";

const confidenceText: Record<Confidence, string> = {
  reported: "Reported only",
  assessed: "Reported + assessed",
  speculative: "All, incl. speculative",
};

export function mountFiltersPanel(container: HTMLElement, ctx: AppContext): void {
  const confidenceId = uniqueId("min-confidence");
  const confidence = el(
    "select",
    { attrs: { id: confidenceId } },
    confidenceLevels.map((level) => el("option", { text: confidenceText[level], attrs: { value: level } })),
  );
  confidence.addEventListener("change", () => {
    const value = confidence.value as Confidence;
    ctx.store.update({ minConfidence: value === "speculative" ? null : value });
  });

  const sizeId = uniqueId("size-by");
  const size = el("select", { attrs: { id: sizeId } }, [
    el("option", { text: "Degree", attrs: { value: "degree" } }),
    el("option", { text: "PageRank", attrs: { value: "pagerank" } }),
  ]);
  size.addEventListener("change", () => ctx.store.update({ sizeBy: size.value as SizeMetric }));

  const colorId = uniqueId("color-by");
  const colorBy = el("select", { attrs: { id: colorId } }, [
    el("option", { text: "Kind", attrs: { value: "kind" } }),
    el("option", { text: "Community", attrs: { value: "community" } }),
  ]);
  colorBy.addEventListener("change", () => ctx.store.update({ colorBy: colorBy.value as ColorBy }));

  const isolatedId = uniqueId("hide-isolated");
  const isolated = el("input", { attrs: { id: isolatedId, type: "checkbox" } });
  isolated.addEventListener("change", () => ctx.store.update({ hideIsolated: isolated.checked }));

  const lineLegend = el("ul", { class: "confidence-legend", attrs: { "aria-label": "Confidence line styles" } }, [
    el("li", {}, [el("span", { class: "line line-reported", attrs: { "aria-hidden": "true" } }), "reported"]),
    el("li", {}, [el("span", { class: "line line-assessed", attrs: { "aria-hidden": "true" } }), "assessed"]),
    el("li", {}, [el("span", { class: "line line-speculative", attrs: { "aria-hidden": "true" } }), "speculative"]),
  ]);

  container.append(
    el("div", { class: "field" }, [el("label", { class: "field-label", text: "Minimum confidence", attrs: { for: confidenceId } }), confidence]),
    lineLegend,
    el("div", { class: "field-row" }, [
      el("div", { class: "field" }, [el("label", { class: "field-label", text: "Node size by", attrs: { for: sizeId } }), size]),
      el("div", { class: "field" }, [
        el("label", { class: "field-label", text: "Colour nodes by", attrs: { for: colorId }, title: "Communities are computed by the service (Louvain)" }),
        colorBy,
      ]),
    ]),
    el("div", { class: "field inline check" }, [isolated, el("label", { text: "Hide unconnected actors", attrs: { for: isolatedId } })]),
  );

  const update = () => {
    const state = ctx.store.get();
    confidence.value = state.minConfidence ?? "speculative";
    size.value = state.sizeBy;
    colorBy.value = state.colorBy;
    isolated.checked = state.hideIsolated;
  };
  ctx.store.subscribe(update);
  update();
}
