// The relation card ("why is this here"): relation, note, dates and every evidence item with its source's full reference.
import type { Evidence, SourceInfo } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el, replaceChildren, swatch } from "../dom.js";
import { formatLocator, formatSpan } from "../format.js";
import { describeError } from "./status-panel.js";

interface EdgeStory {
  evidence: Evidence[];
  note?: string;
}

/** "Title — Author, date, venue", the way a reference list reads. */
export function formatReference(source: SourceInfo): string {
  const tail = [source.author, source.date, source.venue].filter(Boolean).join(", ");
  return tail ? `${source.title} — ${tail}` : source.title;
}

export function mountEdgeCard(container: HTMLElement, ctx: AppContext): void {
  const { graph } = ctx.model;
  let request = 0;

  /** Evidence and note: on the graph (row JSON) or from the source node's details (compact encoding). */
  const storyOf = async (edge: string): Promise<EdgeStory> => {
    const a = graph.getEdgeAttributes(edge);
    if (ctx.model.hasEvidence) return { evidence: a.evidence ?? [], note: a.note };
    const details = await ctx.nodeDetails.get(graph.source(edge));
    const relation = details.relations.find((r) => r.edge === edge);
    return { evidence: relation?.evidence ?? [], note: relation?.note };
  };

  const nodeLink = (id: string) =>
    el(
      "button",
      { class: "link-btn", attrs: { type: "button", title: `Select ${graph.getNodeAttribute(id, "label")}` }, on: { click: () => ctx.selectNode(id, { fly: true }) } },
      [swatch(ctx.model.kindColor(graph.getNodeAttribute(id, "kind"))), el("span", { text: graph.getNodeAttribute(id, "label") })],
    );

  const render = (edge: string, story: EdgeStory | null, sources: Map<string, SourceInfo>, failure?: string) => {
    const a = graph.getEdgeAttributes(edge);
    const relation = ctx.model.schema.relations.find((r) => r.id === a.relation);
    const span = formatSpan(a.since, a.until);
    const hidden = !ctx.visibility().edges.has(edge);
    const evidence = story
      ? el(
          "ol",
          { class: "edge-evidence" },
          story.evidence.map((item) => {
            const source = sources.get(item.source);
            const via = source?.via ? sources.get(source.via) : undefined;
            return el("li", { dataset: { source: item.source } }, [
              el("p", { class: "edge-claim" }, [el("span", { class: "edge-locator", text: `${formatLocator(item)} ` }), item.claim]),
              el("div", { class: "edge-item-meta" }, [
                item.confidence ? el("span", { class: `badge conf-${item.confidence}`, text: item.confidence, title: "This item's own hedging" }) : null,
                formatSpan(item.since, item.until) ? el("span", { class: "span", text: formatSpan(item.since, item.until) }) : null,
                source?.reliability ? el("span", { class: "badge grade", text: `grade ${source.reliability}`, title: "Source reliability grade" }) : null,
              ]),
              el("p", { class: "edge-reference" }, [
                source ? formatReference(source) : `${item.source} (no reference listed)`,
                via ? el("span", { class: "muted", text: ` · cited in ${via.title} (${via.id})` }) : null,
              ]),
            ]);
          }),
        )
      : el("p", { class: failure ? "error-text" : "muted", text: failure ?? "Loading evidence…" });
    replaceChildren(container, [
      el("article", { class: "edge-card-body", attrs: { "aria-labelledby": "edge-card-title" } }, [
        el("header", { class: "details-header" }, [
          el("div", { class: "details-kind" }, [el("span", { text: "Why is this here?" })]),
          el("h2", { class: "details-title", attrs: { id: "edge-card-title" } }, [
            swatch(ctx.model.relationColor(a.relation), "line-swatch"),
            ` ${relation?.label ?? a.relation}`,
          ]),
          el("button", {
            class: "icon-btn details-close",
            text: "×",
            attrs: { type: "button", "aria-label": "Close the relation card", title: "Close" },
            on: { click: () => ctx.selectEdge(null) },
          }),
        ]),
        el("p", { class: "edge-ends" }, [nodeLink(graph.source(edge)), el("span", { class: "muted", text: ` ${relation?.label ?? a.relation} ` }), nodeLink(graph.target(edge))]),
        el("div", { class: "edge-meta" }, [
          el("span", { class: `badge conf-${a.confidence}`, text: a.confidence }),
          span ? el("span", { class: "span", text: span }) : el("span", { class: "badge undated", text: "undated", title: "No dates: valid at every date in an as-of view" }),
          hidden ? el("span", { class: "notice", text: "Hidden by the current view." }) : null,
        ]),
        relation?.description ? el("p", { class: "muted small", text: relation.description }) : null,
        story?.note ? el("p", { class: "edge-note" }, [el("strong", { text: "Note: " }), story.note]) : null,
        el("h3", { class: "edge-evidence-title", text: story ? `Evidence (${story.evidence.length})` : "Evidence" }),
        evidence,
      ]),
    ]);
  };

  const show = async (edge: string | null) => {
    const mine = ++request;
    if (!edge || !graph.hasEdge(edge)) {
      container.hidden = true;
      container.replaceChildren();
      return;
    }
    container.hidden = false;
    render(edge, null, new Map());
    try {
      const [story, sources] = await Promise.all([storyOf(edge), ctx.sources()]);
      if (mine === request) render(edge, story, sources);
    } catch (error) {
      if (mine === request) render(edge, null, new Map(), describeError(error, "Evidence could not be loaded"));
    }
  };

  ctx.store.subscribe((state, previous) => {
    if (state.edge !== previous.edge) void show(state.edge);
  });
  ctx.onVisibility(() => {
    const edge = ctx.store.get().edge;
    if (edge) void show(edge);
  });
  void show(ctx.store.get().edge);
}
