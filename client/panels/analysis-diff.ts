// Diff section: what the view at one date has that the view at another lacks, drawn as added (ringed) and removed (ghosted).
import { api } from "../api.js";
import type { DiffResult } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el, replaceChildren, uniqueId } from "../dom.js";
import { DIFF_ADDED_COLOR, DIFF_GHOST_COLOR, type DiffMarks } from "../renderer/analysis-highlight.js";
import type { ViewState } from "../state.js";
import { edgeText, highlightOf, latestLoader, viewFilters, type AnalysisSection, type SectionContext } from "./analysis-common.js";

/** At most this many items listed per side in the panel (the graph draws every one the service returns). */
const LISTED = 50;

/** First and last year any node date or relation bound mentions; null for an undated graph. */
export function dataYears(ctx: AppContext): { first: number; last: number } | null {
  const { nodeFrom, edgeSince, edgeUntil } = ctx.model.index;
  let first = Infinity;
  let last = -Infinity;
  const see = (code: number) => {
    if (!code || code === 0xffffffff) return;
    const year = Math.floor(code / 10000);
    first = Math.min(first, year);
    last = Math.max(last, year);
  };
  nodeFrom.forEach(see);
  edgeSince.forEach(see);
  edgeUntil.forEach(see);
  return Number.isFinite(first) ? { first, last } : null;
}

export function mountDiffSection(sc: SectionContext): AnalysisSection {
  const ctx = sc.app;
  const years = dataYears(ctx);
  // Default: the last year of the data against the one before (what changed most recently).
  const defaults = years ? { from: String(Math.max(years.first, years.last - 1)), to: String(years.last) } : { from: "", to: "" };
  const yearInput = (label: string) => {
    const id = uniqueId("diff-year");
    const input = el("input", {
      attrs: { id, type: "number", step: 1, inputmode: "numeric", min: years?.first ?? 1900, max: years?.last ?? 2100, required: true },
    });
    return { input, field: el("div", { class: "field inline" }, [el("label", { class: "field-label", text: label, attrs: { for: id } }), input]) };
  };
  const from = yearInput("From");
  const to = yearInput("To");
  from.input.dataset.role = "diff-from";
  to.input.dataset.role = "diff-to";
  const show = el("button", { class: "btn btn-primary", text: "Show changes", attrs: { type: "submit" } });
  const clear = el("button", {
    class: "btn",
    text: "Clear",
    attrs: { type: "button", "aria-label": "Clear the diff" },
    on: { click: () => ctx.store.updateAnalysis({ from: null, to: null }) },
  });
  const form = el("form", { class: "diff-form", attrs: { novalidate: true } }, [from.field, to.field, el("div", { class: "path-buttons" }, [show, clear])]);
  const status = el("p", { class: "analysis-status", attrs: { role: "status", "aria-live": "polite" } });
  const legend = el("ul", { class: "diff-legend legend-list compact" });
  const lists = el("div");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const [f, t] = [from.input.value.trim(), to.input.value.trim()];
    if (!/^\d{4}$/.test(f) || !/^\d{4}$/.test(t)) return void (status.textContent = "Enter two years (YYYY).");
    if (Number(f) > Number(t)) return void (status.textContent = "“From” must not be after “To”.");
    ctx.store.updateAnalysis({ from: f, to: t });
  });
  const root = el("div", {}, [form, status, legend, lists]);

  let answer: DiffResult | null = null;
  let marks: DiffMarks | null = null;
  const loader = latestLoader(
    (state: ViewState, signal) => api.diff({ from: state.analysis.from as string, to: state.analysis.to as string }, viewFilters(state), signal),
    (result, error) => {
      answer = result;
      marks = result
        ? { added: highlightOf(ctx, result.added.nodes.map((n) => n.id), result.added.edges), removed: highlightOf(ctx, result.removed.nodes.map((n) => n.id), result.removed.edges) }
        : null;
      status.textContent = error ?? "";
      render();
      sc.changed();
    },
  );

  const swatchOf = (className: string, color: string) => {
    const chip = el("span", { class: className, attrs: { "aria-hidden": "true" } });
    chip.style.borderColor = color;
    return chip;
  };

  function render() {
    if (!answer) {
      legend.replaceChildren();
      lists.replaceChildren();
      return;
    }
    const c = answer.counts;
    replaceChildren(legend, [
      el("li", { class: "legend-item", dataset: { side: "added" } }, [swatchOf("diff-chip added", DIFF_ADDED_COLOR), `Added ${answer.from} → ${answer.to}: ${c.added.nodes} nodes, ${c.added.edges} relations`]),
      el("li", { class: "legend-item", dataset: { side: "removed" } }, [swatchOf("diff-chip removed", DIFF_GHOST_COLOR), `Removed (ghosted): ${c.removed.nodes} nodes, ${c.removed.edges} relations`]),
    ]);
    if (answer.truncated) status.textContent = "The diff stopped at its bounds: counts are lower bounds.";
    const side = (title: string, s: DiffResult["added"]) => {
      const rows = [...s.nodes.map((n) => `${n.label} (${n.kind}${n.date ? `, ${n.date}` : ""})`), ...s.edges.map((e) => edgeText(ctx, e))];
      return el("section", { class: "analysis-list" }, [
        el("h3", { text: title }),
        rows.length ? el("ul", { class: "cited small" }, rows.slice(0, LISTED).map((text) => el("li", { text }))) : el("p", { class: "muted small", text: "Nothing." }),
        rows.length > LISTED ? el("p", { class: "muted small", text: `and ${rows.length - LISTED} more` }) : null,
      ]);
    };
    replaceChildren(lists, [side("Added", answer.added), side("Removed", answer.removed)]);
  }

  return {
    root,
    update(state, previous) {
      const a = state.analysis;
      // Only a change of the stored dates rewrites the inputs (the state also changes while the user types).
      if (!previous || previous.analysis.from !== a.from) from.input.value = a.from ?? defaults.from;
      if (!previous || previous.analysis.to !== a.to) to.input.value = a.to ?? defaults.to;
      if (!a.from || !a.to) {
        loader.reset();
        answer = marks = null;
        render();
        status.textContent = years ? `The data spans ${years.first}–${years.last}. Choose two years to compare.` : "The data carries no dates.";
        return;
      }
      const { asOf: _asOf, ...filters } = viewFilters(state);
      loader.load(JSON.stringify([a.from, a.to, filters]), state);
    },
    highlight: () => null,
    marks: (state) => (state.analysis.from && state.analysis.to ? marks : null),
  };
}
