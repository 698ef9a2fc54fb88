// Right-hand details of the selected actor: description, facts, and every relation grouped by type with evidence.
import { gradeBadge } from "../grade-badge.js";
import type { Evidence, NodeDetails, NodeRelation } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el, replaceChildren, swatch } from "../dom.js";
import { formatCitation, formatNumber, formatSpan, relationWording } from "../format.js";
import type { ViewState } from "../state.js";
import { describeError } from "./status-panel.js";
import { watchContested } from "./analysis-contested.js";

export function mountDetailsPanel(container: HTMLElement, ctx: AppContext): void {
  let shownId: string | null = null;
  let details: NodeDetails | null = null;
  let request = 0;
  // Contested relations are marked once their list arrives (analysis panel).
  const contested = watchContested(ctx, () => render());

  const renderEmpty = () => {
    replaceChildren(container, [
      el("div", { class: "details-empty" }, [
        el("h2", { text: "Details" }),
        el("p", { text: "Select an actor on the graph, in the search box or in the relations table to read its description, facts and evidence." }),
      ]),
    ]);
  };

  const load = async (id: string) => {
    const mine = ++request;
    shownId = id;
    details = null;
    replaceChildren(container, [el("div", { class: "details-loading", attrs: { role: "status" } }, [el("span", { class: "spinner", attrs: { "aria-hidden": "true" } }), "Loading details…"])]);
    try {
      const answer = await ctx.nodeDetails.get(id);
      if (mine !== request) return;
      details = answer;
      render();
    } catch (error) {
      if (mine !== request) return;
      replaceChildren(container, [
        el("div", { class: "details-error", attrs: { role: "alert" } }, [
          el("h2", { text: "Details unavailable" }),
          el("p", { text: describeError(error, `Could not load “${id}”`) }),
          el("button", { class: "btn", text: "Clear selection", attrs: { type: "button" }, on: { click: () => ctx.selectNode(null) } }),
        ]),
      ]);
    }
  };

  const render = () => {
    if (!details) return;
    const { node, relations } = details;
    const a = node.attributes;
    const state = ctx.store.get();
    const visible = ctx.visibility();
    const kind = ctx.model.schema.nodeKinds.find((k) => k.id === a.kind);

    const header = el("header", { class: "details-header" }, [
      el("div", { class: "details-kind" }, [swatch(ctx.model.kindColor(a.kind)), el("span", { text: kind?.label ?? a.kind })]),
      el("h2", { class: "details-title", text: a.label, attrs: { id: "details-title" } }),
      el("button", {
        class: "icon-btn details-close",
        text: "×",
        title: "Close details",
        attrs: { type: "button", "aria-label": "Close details" },
        on: { click: () => ctx.selectNode(null) },
      }),
    ]);

    const meta: (HTMLElement | null)[] = [];
    if (a.aliases?.length) meta.push(el("p", { class: "details-aliases" }, [el("span", { class: "muted", text: "Also known as " }), a.aliases.join(" · ")]));
    if (a.date) meta.push(el("p", { class: "details-date" }, [el("span", { class: "muted", text: "Date " }), a.date]));
    if (a.casualties) {
      const c = a.casualties;
      const parts = [c.killed !== undefined ? `${c.killed} killed` : "", c.injured !== undefined ? `${c.injured} injured` : ""].filter(Boolean).join(", ");
      meta.push(el("p", { class: "details-casualties" }, [el("span", { class: "muted", text: "Casualties " }), [parts, c.note].filter(Boolean).join(" — ")]));
    }
    if (!visible.nodes.has(node.id))
      meta.push(el("p", { class: "notice", attrs: { role: "status" }, text: "Not shown on the graph: the current filters, as-of date or focus hide this actor." }));

    // Metrics come with /api/graph (the display graph), not with the curated node record.
    const m = ctx.model.graph.hasNode(node.id) ? ctx.model.graph.getNodeAttributes(node.id) : a;
    const metric = (value: unknown, digits: number) => (typeof value === "number" ? formatNumber(value, digits) : "–");
    const metrics = el("dl", { class: "metrics" }, [
      el("dt", { text: "Degree" }),
      el("dd", { text: metric(m.degree, 0) }),
      el("dt", { text: "PageRank" }),
      el("dd", { text: metric(m.pagerank, 4) }),
      el("dt", { text: "Betweenness" }),
      el("dd", { text: metric(m.betweenness, 3) }),
    ]);

    const ego = el("div", { class: "segmented", attrs: { role: "group", "aria-label": "Ego network focus" } }, [
      el("span", { class: "segmented-label", text: "Focus" }),
      ...[0, 1, 2, 3].map((depth) =>
        el("button", {
          class: "seg",
          text: depth === 0 ? "Off" : `${depth} hop${depth > 1 ? "s" : ""}`,
          attrs: { type: "button", "aria-pressed": String(state.ego === depth) },
          on: { click: () => ctx.store.update({ ego: depth }) },
        }),
      ),
    ]);

    const actions = el("div", { class: "details-actions" }, [
      ego,
      el("button", {
        class: "btn btn-small",
        text: "Paths from here",
        attrs: { type: "button" },
        on: { click: () => ctx.store.updatePath({ from: node.id, index: null }) },
      }),
    ]);

    const sections: HTMLElement[] = [];
    if (a.description) sections.push(el("p", { class: "details-description", text: a.description }));
    if (a.evidence?.length) sections.push(section("Evidence", [evidenceList(a.evidence)]));
    if (a.facts?.length) {
      sections.push(
        section(
          `Facts (${a.facts.length})`,
          [
            el(
              "ul",
              { class: "facts" },
              a.facts.map((f) =>
                el("li", {}, [
                  el("div", { class: "fact-line" }, [
                    el("span", { class: "fact-prop", text: f.property }),
                    el("span", { class: "fact-value", text: f.value }),
                    f.date ? el("span", { class: "fact-date", text: f.date }) : null,
                    confidenceBadge(f.confidence),
                  ]),
                  evidenceList(f.evidence),
                ]),
              ),
            ),
          ],
        ),
      );
    }
    sections.push(relationsSection(relations, visible.edges));

    replaceChildren(container, [
      el("article", { class: "details-body", attrs: { "aria-labelledby": "details-title" } }, [header, ...meta, metrics, actions, ...sections]),
    ]);
  };

  const relationsSection = (relations: NodeRelation[], visibleEdges: Set<string>): HTMLElement => {
    if (!relations.length) return section("Relations", [el("p", { class: "muted", text: "No recorded relations." })]);
    const groups = new Map<string, NodeRelation[]>();
    for (const r of relations) {
      const type = ctx.model.schema.relations.find((t) => t.id === r.relation);
      const key = relationWording(type, r.relation, r.direction);
      const list = groups.get(key) ?? [];
      list.push(r);
      groups.set(key, list);
    }
    const blocks = [...groups.entries()]
      .sort((x, y) => y[1].length - x[1].length || x[0].localeCompare(y[0]))
      .map(([wording, items]) => {
        const color = ctx.model.relationColor(items[0].relation);
        return el("section", { class: "relation-group" }, [
          el("h4", { class: "relation-type" }, [swatch(color, "line-swatch"), `${wording} `, el("span", { class: "count", text: `(${items.length})` })]),
          el(
            "ul",
            { class: "relation-list" },
            items.map((r) => {
              const hidden = !visibleEdges.has(r.edge);
              return el("li", { class: hidden ? "relation filtered" : "relation", dataset: { edge: r.edge } }, [
                el("div", { class: "relation-line" }, [
                  el(
                    "button",
                    {
                      class: "link-btn",
                      attrs: { type: "button", title: `Go to ${r.other.label}` },
                      on: { click: () => ctx.selectNode(r.other.id, { fly: true }) },
                    },
                    [swatch(ctx.model.kindColor(r.other.kind)), el("span", { text: r.other.label })],
                  ),
                  confidenceBadge(r.confidence),
                  gradeBadge(r.grade),
                  formatSpan(r.since, r.until) ? el("span", { class: "span", text: formatSpan(r.since, r.until) }) : null,
                  hidden ? el("span", { class: "muted small", text: "filtered out" }) : null,
                ]),
                contested.badge(r.edge),
                evidenceList(r.evidence),
              ]);
            }),
          ),
        ]);
      });
    return section(`Relations (${relations.length})`, blocks);
  };

  const update = (state: ViewState, previous?: ViewState) => {
    if (!state.selected) {
      request++;
      shownId = null;
      details = null;
      renderEmpty();
      return;
    }
    if (state.selected !== shownId) {
      void load(state.selected);
      return;
    }
    const filtersChanged =
      !previous ||
      previous.ego !== state.ego ||
      previous.asOf !== state.asOf ||
      previous.minConfidence !== state.minConfidence ||
      previous.kinds !== state.kinds ||
      previous.relations !== state.relations ||
      previous.hideUndated !== state.hideUndated ||
      previous.hideIsolated !== state.hideIsolated;
    if (filtersChanged) render();
  };

  ctx.store.subscribe((state, previous) => update(state, previous));
  update(ctx.store.get());
}

function section(title: string, children: HTMLElement[]): HTMLElement {
  return el("section", { class: "details-section" }, [el("h3", { text: title }), ...children]);
}

function confidenceBadge(confidence: string): HTMLElement {
  return el("span", { class: `badge conf-${confidence}`, text: confidence, title: `Confidence: ${confidence}` });
}

function evidenceList(evidence: Evidence[]): HTMLElement {
  return el(
    "ul",
    { class: "evidence" },
    evidence.map((e) => el("li", { text: formatCitation(e) })),
  );
}
