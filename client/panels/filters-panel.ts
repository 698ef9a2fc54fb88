// Minimum confidence (with its line-style legend) and the node size metric (degree or PageRank).
import { confidenceLevels, type Confidence } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el, uniqueId } from "../dom.js";
import type { SizeMetric } from "../state.js";

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

  const lineLegend = el("ul", { class: "confidence-legend", attrs: { "aria-label": "Confidence line styles" } }, [
    el("li", {}, [el("span", { class: "line line-reported", attrs: { "aria-hidden": "true" } }), "reported"]),
    el("li", {}, [el("span", { class: "line line-assessed", attrs: { "aria-hidden": "true" } }), "assessed"]),
    el("li", {}, [el("span", { class: "line line-speculative", attrs: { "aria-hidden": "true" } }), "speculative"]),
  ]);

  container.append(
    el("div", { class: "field" }, [el("label", { class: "field-label", text: "Minimum confidence", attrs: { for: confidenceId } }), confidence]),
    lineLegend,
    el("div", { class: "field" }, [el("label", { class: "field-label", text: "Node size by", attrs: { for: sizeId } }), size]),
  );

  const update = () => {
    const state = ctx.store.get();
    confidence.value = state.minConfidence ?? "speculative";
    size.value = state.sizeBy;
  };
  ctx.store.subscribe(update);
  update();
}
