// Table view of the visible relations (what the graph shows right now), with links to both ends.
import type { AppContext } from "../app-context.js";
import { byId, el, replaceChildren } from "../dom.js";
import { formatCitation, formatSpan } from "../format.js";

export function mountTablePanel(container: HTMLElement, ctx: AppContext): void {
  const { graph } = ctx.model;
  const count = byId("table-count");
  const body = el("tbody");
  const table = el("table", { class: "relations-table", attrs: { id: "relations-table" } }, [
    el("caption", { class: "visually-hidden", text: "Relations visible in the current view" }),
    el("thead", {}, [
      el("tr", {}, ["Source", "Relation", "Target", "Confidence", "Period", "Evidence"].map((h) => el("th", { text: h, attrs: { scope: "col" } }))),
    ]),
    body,
  ]);
  const empty = el("p", { class: "muted table-empty", text: "No relation is visible with the current filters." });
  container.append(table, empty);

  const nodeButton = (id: string) =>
    el("button", {
      class: "link-btn",
      text: graph.getNodeAttribute(id, "label"),
      attrs: { type: "button" },
      on: { click: () => ctx.selectNode(id, { fly: true }) },
    });

  let frame = 0;
  const refresh = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(render);
  };

  const render = () => {
    const visible = ctx.visibility();
    const rows = [...visible.edges]
      .map((edge) => ({ edge, source: graph.source(edge), target: graph.target(edge), a: graph.getEdgeAttributes(edge) }))
      .sort(
        (x, y) =>
          graph.getNodeAttribute(x.source, "label").localeCompare(graph.getNodeAttribute(y.source, "label")) ||
          x.a.relation.localeCompare(y.a.relation) ||
          graph.getNodeAttribute(x.target, "label").localeCompare(graph.getNodeAttribute(y.target, "label")),
      );
    replaceChildren(
      body,
      rows.map(({ edge, source, target, a }) => {
        const evidence = a.evidence ?? [];
        return el("tr", { dataset: { edge, since: a.since ?? "", until: a.until ?? "" } }, [
          el("td", {}, [nodeButton(source)]),
          el("td", { text: ctx.model.relationLabel(a.relation) }),
          el("td", {}, [nodeButton(target)]),
          el("td", {}, [el("span", { class: `badge conf-${a.confidence}`, text: a.confidence })]),
          el("td", { text: formatSpan(a.since, a.until) || "—" }),
          el("td", { class: "cite", title: evidence.map(formatCitation).join("\n"), text: evidence[0] ? `${formatCitation(evidence[0])}${evidence.length > 1 ? ` (+${evidence.length - 1})` : ""}` : "—" }),
        ]);
      }),
    );
    count.textContent = `(${rows.length} of ${graph.size})`;
    empty.hidden = rows.length > 0;
    table.hidden = rows.length === 0;
  };
  ctx.onVisibility(refresh);
  render();
}
