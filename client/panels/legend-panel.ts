// The legend that doubles as a filter: node kinds and relations with their colours, counts and checkboxes.
import type { AppContext } from "../app-context.js";
import { el, replaceChildren, swatch, uniqueId } from "../dom.js";
import type { ViewState } from "../state.js";

interface Entry {
  id: string;
  label: string;
  color: string;
  description?: string;
  total: number;
}

export function mountLegendPanel(container: HTMLElement, ctx: AppContext): void {
  const { graph, schema } = ctx.model;
  const kindTotals = new Map<string, number>();
  graph.forEachNode((_k, a) => kindTotals.set(a.kind, (kindTotals.get(a.kind) ?? 0) + 1));
  const relationTotals = new Map<string, number>();
  graph.forEachEdge((_k, a) => relationTotals.set(a.relation, (relationTotals.get(a.relation) ?? 0) + 1));

  const kinds: Entry[] = schema.nodeKinds
    .filter((k) => kindTotals.has(k.id))
    .map((k) => ({ id: k.id, label: k.label, color: k.color, total: kindTotals.get(k.id) ?? 0 }));
  // Relations by family (positive, negative, neutral), as their colours are (renderer/palette.ts).
  const signOrder = (id: string) => ["positive", "negative", "neutral"].indexOf(ctx.model.relationSign(id) ?? "") >>> 0;
  const relations: Entry[] = schema.relations
    .filter((r) => relationTotals.has(r.id))
    .map((r, i) => ({ r, i }))
    .sort((a, b) => signOrder(a.r.id) - signOrder(b.r.id) || a.i - b.i)
    .map(({ r }) => ({
      id: r.id,
      label: r.label,
      color: ctx.model.relationColor(r.id),
      description: [r.description, ctx.model.relationSign(r.id) ? `(${ctx.model.relationSign(r.id)})` : ""].filter(Boolean).join(" "),
      total: relationTotals.get(r.id) ?? 0,
    }));

  const kindGroup = createGroup("Node kinds", "kinds", kinds, "dot");
  const relationGroup = createGroup("Relations", "relations", relations, "line-swatch");
  container.append(kindGroup.root, relationGroup.root);

  function createGroup(title: string, field: "kinds" | "relations", entries: Entry[], swatchClass: string) {
    const boxes = new Map<string, { input: HTMLInputElement; count: HTMLElement }>();
    const all = entries.map((e) => e.id);
    const set = (included: string[]) => {
      const normalized = included.length === all.length ? [] : all.filter((id) => included.includes(id));
      ctx.store.update({ [field]: normalized } as Partial<ViewState>);
    };
    const selectedIds = () => {
      const current = ctx.store.get()[field];
      return current.length ? current.filter((id) => all.includes(id)) : all;
    };
    const list = el(
      "ul",
      { class: "legend-list" },
      entries.map((entry) => {
        const id = uniqueId(`legend-${field}`);
        const input = el("input", { attrs: { type: "checkbox", id, tabindex: -1, "aria-keyshortcuts": "O" }, dataset: { id: entry.id } });
        input.addEventListener("change", () => {
          const current = new Set(selectedIds());
          if (input.checked) current.add(entry.id);
          else current.delete(entry.id);
          set([...current]);
        });
        const count = el("span", { class: "legend-count" });
        boxes.set(entry.id, { input, count });
        const only = el("button", {
          class: "legend-only",
          text: "only",
          title: `Show only ${entry.label} (key O on its checkbox)`,
          // One Tab stop per list (see the roving focus below): "only" is the O key on the checkbox.
          attrs: { type: "button", "aria-label": `Show only ${entry.label}`, tabindex: -1 },
          on: { click: () => set([entry.id]) },
        });
        return el("li", { class: "legend-item" }, [
          input,
          el("label", { attrs: { for: id }, title: entry.description ?? entry.label }, [swatch(entry.color, swatchClass), el("span", { class: "legend-label", text: entry.label })]),
          count,
          only,
        ]);
      }),
    );
    // Roving focus: the list is one Tab stop; arrows move between entries, Space toggles, O keeps only that entry.
    const inputs = [...list.querySelectorAll<HTMLInputElement>("input[type=checkbox]")];
    if (inputs[0]) inputs[0].tabIndex = 0;
    list.addEventListener("keydown", (event) => {
      const index = inputs.indexOf(event.target as HTMLInputElement);
      if (index < 0) return;
      let next = -1;
      if (event.key === "ArrowDown" || event.key === "ArrowRight") next = Math.min(inputs.length - 1, index + 1);
      else if (event.key === "ArrowUp" || event.key === "ArrowLeft") next = Math.max(0, index - 1);
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = inputs.length - 1;
      else if (event.key === "o" || event.key === "O") {
        event.preventDefault();
        set([inputs[index].dataset.id as string]);
        return;
      }
      if (next < 0) return;
      event.preventDefault();
      inputs[index].tabIndex = -1;
      inputs[next].tabIndex = 0;
      inputs[next].focus();
    });
    const root = el("fieldset", { class: "legend-group" }, [
      el("legend", {}, [
        el("span", { text: title }),
        el("button", { class: "link-btn small", text: "all", attrs: { type: "button", "aria-label": `Show all ${title.toLowerCase()}` }, on: { click: () => set(all) } }),
      ]),
      list,
    ]);
    const update = (state: ViewState, counts: Map<string, number>) => {
      const active = state[field].length ? new Set(state[field]) : null;
      let checked = 0;
      for (const [id, { input }] of boxes) {
        input.checked = !active || active.has(id);
        if (input.checked) checked++;
      }
      for (const [id, { input, count }] of boxes) {
        // Keep at least one entry: an empty filter would mean "all" to the service.
        input.disabled = input.checked && checked === 1;
        const entry = entries.find((e) => e.id === id);
        count.textContent = `${counts.get(id) ?? 0}/${entry?.total ?? 0}`;
      }
    };
    return { root, update, isEmpty: entries.length === 0 };
  }

  const refresh = () => {
    const state = ctx.store.get();
    const visible = ctx.visibility();
    const kindCounts = new Map<string, number>();
    for (const node of visible.nodes) {
      const kind = graph.getNodeAttribute(node, "kind");
      kindCounts.set(kind, (kindCounts.get(kind) ?? 0) + 1);
    }
    const relationCounts = new Map<string, number>();
    for (const edge of visible.edges) {
      const relation = graph.getEdgeAttribute(edge, "relation");
      relationCounts.set(relation, (relationCounts.get(relation) ?? 0) + 1);
    }
    kindGroup.update(state, kindCounts);
    relationGroup.update(state, relationCounts);
  };
  if (kindGroup.isEmpty && relationGroup.isEmpty) replaceChildren(container, [el("p", { class: "muted", text: "No data loaded." })]);
  ctx.onVisibility(refresh);
  refresh();
}
