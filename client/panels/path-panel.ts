// Path finder: from/to with autocomplete, relation filter, k, weighting and direction; results with hops and citations.
import { gradeBadge } from "../grade-badge.js";
import { api, type FilterParams } from "../api.js";
import type { PathResult } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el, replaceChildren, swatch, uniqueId } from "../dom.js";
import { formatCitation, formatNumber, formatSpan } from "../format.js";
import type { PathDirection, ViewState } from "../state.js";
import { createAutocomplete } from "./autocomplete.js";
import { describeError } from "./status-panel.js";

export interface PathPanel {
  /** The highlighted path's nodes and edges, or null. */
  selected(): PathResult | null;
}

export function mountPathPanel(container: HTMLElement, ctx: AppContext, onSelect: (path: PathResult | null) => void): PathPanel {
  const { graph, schema } = ctx.model;
  const labelOf = (id: string | null) => (id && graph.hasNode(id) ? graph.getNodeAttribute(id, "label") : id ?? "");

  const from = createAutocomplete({
    label: "From",
    placeholder: "Start actor",
    kindColor: ctx.model.kindColor,
    onChoose: (r) => ctx.store.updatePath({ from: r.id, index: null }),
    onError: (e) => ctx.reportError(e, "Search failed"),
  });
  const to = createAutocomplete({
    label: "To",
    placeholder: "End actor",
    kindColor: ctx.model.kindColor,
    onChoose: (r) => ctx.store.updatePath({ to: r.id, index: null }),
    onError: (e) => ctx.reportError(e, "Search failed"),
  });
  from.root.dataset.role = "path-from";
  to.root.dataset.role = "path-to";

  const swap = el("button", {
    class: "icon-btn swap",
    text: "⇅",
    title: "Swap from and to",
    attrs: { type: "button", "aria-label": "Swap from and to" },
    on: {
      click: () => {
        const p = ctx.store.get().path;
        ctx.store.updatePath({ from: p.to, to: p.from, index: null });
      },
    },
  });

  const kId = uniqueId("path-k");
  const k = el("input", { attrs: { id: kId, type: "number", min: 1, max: 10, step: 1, value: 3, inputmode: "numeric" } });
  k.addEventListener("change", () => {
    const n = Math.min(10, Math.max(1, Math.round(Number(k.value) || 1)));
    k.value = String(n);
    ctx.store.updatePath({ k: n, index: null });
  });

  const weightedId = uniqueId("path-weighted");
  const weighted = el("input", { attrs: { id: weightedId, type: "checkbox" } });
  weighted.addEventListener("change", () => ctx.store.updatePath({ weighted: weighted.checked, index: null }));

  const directionId = uniqueId("path-direction");
  const direction = el("select", { attrs: { id: directionId } }, [
    el("option", { text: "Any direction", attrs: { value: "any" } }),
    el("option", { text: "Forward only", attrs: { value: "forward" } }),
  ]);
  direction.addEventListener("change", () => ctx.store.updatePath({ direction: direction.value as PathDirection, index: null }));

  const relationBoxes = new Map<string, HTMLInputElement>();
  const presentRelations = new Set<string>();
  graph.forEachEdge((_k, a) => presentRelations.add(a.relation));
  const relationSummary = el("summary", { text: "Relations: as in view" });
  const relationPicker = el("details", { class: "path-relations" }, [
    relationSummary,
    el(
      "ul",
      { class: "legend-list compact" },
      schema.relations
        .filter((r) => presentRelations.has(r.id))
        .map((r) => {
          const id = uniqueId("path-rel");
          const input = el("input", { attrs: { type: "checkbox", id }, dataset: { id: r.id } });
          input.addEventListener("change", () => {
            const chosen = [...relationBoxes].filter(([, box]) => box.checked).map(([rid]) => rid);
            ctx.store.updatePath({ relations: chosen, index: null });
          });
          relationBoxes.set(r.id, input);
          return el("li", { class: "legend-item" }, [input, el("label", { attrs: { for: id } }, [swatch(r.color, "line-swatch"), el("span", { text: r.label })])]);
        }),
    ),
  ]);

  const submit = el("button", { class: "btn btn-primary", text: "Find paths", attrs: { type: "submit" } });
  const clear = el("button", {
    class: "btn",
    text: "Clear",
    attrs: { type: "button" },
    on: {
      click: () => {
        ctx.store.updatePath({ from: null, to: null, index: null, relations: [] });
      },
    },
  });
  const status = el("p", { class: "path-status", attrs: { role: "status", "aria-live": "polite" } });
  const results = el("ol", { class: "path-results", attrs: { "aria-label": "Paths found" } });

  const form = el(
    "form",
    { class: "path-form", attrs: { novalidate: true } },
    [
      el("div", { class: "path-ends" }, [from.root, swap, to.root]),
      el("div", { class: "path-options" }, [
        el("div", { class: "field inline" }, [el("label", { class: "field-label", text: "k", attrs: { for: kId }, title: "How many shortest paths" }), k]),
        el("div", { class: "field inline" }, [el("label", { class: "field-label", text: "Direction", attrs: { for: directionId } }), direction]),
        el("div", { class: "field inline check" }, [weighted, el("label", { text: "Weighted by confidence", attrs: { for: weightedId } })]),
      ]),
      relationPicker,
      el("div", { class: "path-buttons" }, [submit, clear]),
    ],
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const p = ctx.store.get().path;
    if (!p.from || !p.to) {
      status.textContent = "Choose both ends (pick them from the suggestions).";
      return;
    }
    lastKey = "";
    void run(ctx.store.get(), true);
  });
  container.append(form, status, results);

  let found: PathResult[] = [];
  let lastKey = "";
  let controller: AbortController | null = null;

  const queryKey = (s: ViewState) =>
    JSON.stringify([s.path.from, s.path.to, s.path.k, s.path.weighted, s.path.direction, s.path.relations, s.kinds, s.relations, s.minConfidence, s.asOf]);

  const filtersFor = (s: ViewState): FilterParams => ({
    kinds: s.kinds,
    relations: s.path.relations.length ? s.path.relations : s.relations,
    minConfidence: s.minConfidence,
    asOf: s.asOf,
  });

  async function run(state: ViewState, selectFirst: boolean) {
    const p = state.path;
    if (!p.from || !p.to) return;
    const key = queryKey(state);
    if (key === lastKey) return;
    lastKey = key;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    status.textContent = "Searching…";
    results.replaceChildren();
    try {
      const answer = await api.paths({ from: p.from, to: p.to, k: p.k, weighted: p.weighted, direction: p.direction }, filtersFor(state), mine.signal);
      if (controller !== mine) return;
      found = answer.paths;
      const current = ctx.store.get().path;
      if (!found.length) {
        status.textContent = `No path from ${labelOf(p.from)} to ${labelOf(p.to)} under the current filters.`;
        renderResults();
        if (current.index !== null) ctx.store.updatePath({ index: null }, "replace");
        else onSelect(null);
        return;
      }
      status.textContent = `${found.length} path${found.length > 1 ? "s" : ""} from ${labelOf(p.from)} to ${labelOf(p.to)}.`;
      const index = current.index !== null && current.index < found.length ? current.index : selectFirst ? 0 : null;
      renderResults();
      if (index !== current.index) ctx.store.updatePath({ index }, "replace");
      else applySelection(ctx.store.get());
    } catch (error) {
      if ((error as Error).name === "AbortError") return;
      lastKey = "";
      found = [];
      renderResults();
      status.textContent = describeError(error, "Path search failed");
      onSelect(null);
    }
  }

  function renderResults() {
    const index = ctx.store.get().path.index;
    replaceChildren(
      results,
      found.map((path, i) => {
        const hops = path.edges.map((edge, h) => {
          const fromId = path.nodes[h];
          const toId = path.nodes[h + 1];
          const relation = schema.relations.find((r) => r.id === edge.relation);
          const forward = edge.source === fromId;
          const wording = relation ? (forward || !relation.directed ? relation.label : relation.inverseLabel) : edge.relation;
          return el("li", { class: "hop" }, [
            el("div", { class: "hop-line" }, [
              el("span", { class: "hop-node", text: labelOf(fromId) }),
              el("span", { class: "hop-rel" }, [swatch(ctx.model.relationColor(edge.relation), "line-swatch"), wording]),
              el("span", { class: "hop-node", text: labelOf(toId) }),
            ]),
            el("div", { class: "hop-meta" }, [
              el("span", { class: `badge conf-${edge.confidence}`, text: edge.confidence }),
              gradeBadge((edge as { grade?: string }).grade),
              formatSpan(edge.since, edge.until) ? el("span", { class: "span", text: formatSpan(edge.since, edge.until) }) : null,
            ]),
            el("ul", { class: "evidence" }, (edge.evidence ?? []).map((e) => el("li", { text: formatCitation(e) }))),
          ]);
        });
        const button = el(
          "button",
          {
            class: "path-pick",
            attrs: { type: "button", "aria-pressed": String(index === i) },
            on: { click: () => ctx.store.updatePath({ index: ctx.store.get().path.index === i ? null : i }) },
          },
          [
            el("span", { class: "path-name", text: `Path ${i + 1}` }),
            el("span", { class: "muted", text: `${path.length} hop${path.length === 1 ? "" : "s"} · cost ${formatNumber(path.cost, 2)}` }),
          ],
        );
        return el("li", { class: index === i ? "path-result selected" : "path-result", dataset: { index: String(i) } }, [button, el("ol", { class: "hops" }, hops)]);
      }),
    );
  }

  function applySelection(state: ViewState) {
    const index = state.path.index;
    const path = index !== null ? found[index] ?? null : null;
    for (const item of results.querySelectorAll<HTMLElement>(".path-result")) {
      const selected = Number(item.dataset.index) === index;
      item.classList.toggle("selected", selected);
      item.querySelector(".path-pick")?.setAttribute("aria-pressed", String(selected));
    }
    onSelect(path);
  }

  const update = (state: ViewState, previous?: ViewState) => {
    const p = state.path;
    if (!previous || previous.path.from !== p.from) from.setText(labelOf(p.from));
    if (!previous || previous.path.to !== p.to) to.setText(labelOf(p.to));
    k.value = String(p.k);
    weighted.checked = p.weighted;
    direction.value = p.direction;
    for (const [id, box] of relationBoxes) box.checked = p.relations.includes(id);
    relationSummary.textContent = p.relations.length ? `Relations: ${p.relations.length} chosen` : "Relations: as in view";
    if (!p.from || !p.to) {
      controller?.abort();
      lastKey = "";
      if (found.length || !previous || previous.path.from || previous.path.to) {
        found = [];
        results.replaceChildren();
        status.textContent = p.from || p.to ? "Choose both ends to find paths." : "";
        onSelect(null);
      }
      return;
    }
    if (queryKey(state) !== lastKey) void run(state, false);
    else if (!previous || previous.path.index !== p.index) applySelection(state);
  };
  ctx.store.subscribe((state, previous) => update(state, previous));
  update(ctx.store.get());

  return {
    selected: () => {
      const index = ctx.store.get().path.index;
      return index !== null ? found[index] ?? null : null;
    },
  };
}
