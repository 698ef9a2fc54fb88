// Export: PNG of the current view, and the service's GEXF, GraphML, CSV (zip), JSON, Cypher, neo4j-admin (zip), STIX 2.1 and SVG of the filtered view.
import { api, type FilterParams } from "../api.js";
import type { ExportFormat } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el } from "../dom.js";
import { downloadBlob, renderPng } from "../renderer/png-export.js";
import type { ViewState } from "../state.js";
import { citedSources, describeFilters, shownParams } from "../view-description.js";

// File names come from the service (Content-Disposition), which stamps them with the data version.
/** Every download format with its button label (the snapshot panel offers the same list). */
export const exportFormatLabels: { format: ExportFormat; label: string }[] = [
  { format: "gexf", label: "GEXF" },
  { format: "graphml", label: "GraphML" },
  { format: "csv", label: "CSV (zip)" },
  { format: "json", label: "JSON" },
  { format: "cypher", label: "Cypher" },
  { format: "neo4j-admin", label: "Neo4j bulk (zip)" },
  { format: "stix", label: "STIX 2.1" },
  { format: "svg", label: "SVG" },
];

export function filtersOf(state: ViewState): FilterParams {
  return { kinds: state.kinds, relations: state.relations, minConfidence: state.minConfidence, asOf: state.asOf };
}

export function mountExportPanel(container: HTMLElement, ctx: AppContext, titleOf: () => string | null): void {
  const png = el("button", { class: "btn btn-primary", text: "PNG of current view", attrs: { type: "button", id: "export-png" } });
  png.addEventListener("click", async () => {
    png.disabled = true;
    try {
      const { graph, schema } = ctx.model;
      const visible = ctx.visibility();
      const state = ctx.store.get();
      const kindsShown = new Set([...visible.nodes].map((n) => graph.getNodeAttribute(n, "kind")));
      const relationsShown = new Set([...visible.edges].map((e) => graph.getEdgeAttribute(e, "relation")));
      const sources = await ctx.sources();
      const date = new Date().toISOString().slice(0, 10);
      const { blob, layout } = await renderPng(ctx.renderer, {
        title: titleOf() || "actor-graph · ISKP's Central Asia outreach",
        filters: describeFilters(ctx, state),
        stamp: `Exported ${date} · data ${ctx.dataVersion?.slice(0, 8) ?? "unknown"} · ${visible.nodes.size} actors, ${visible.edges.size} relations`,
        kinds:
          state.colorBy === "community"
            ? []
            : schema.nodeKinds.filter((k) => kindsShown.has(k.id)).map((k) => ({ label: k.label, color: ctx.model.kindColor(k.id) })),
        relations: schema.relations.filter((r) => relationsShown.has(r.id)).map((r) => ({ label: r.label, color: ctx.model.relationColor(r.id) })),
        sources: citedSources(ctx).map((id) => {
          const s = sources.get(id);
          return s ? `${id}: ${s.author}, ${s.title}${s.date ? ` (${s.date})` : ""}` : id;
        }),
      });
      png.dataset.layout = JSON.stringify(layout);
      downloadBlob(blob, "actor-graph.png");
    } catch (error) {
      ctx.reportError(error, "PNG export failed");
    } finally {
      png.disabled = false;
    }
  });

  const links = exportFormatLabels.map(({ format, label }) => el("a", { class: "chip-link", text: label, attrs: { href: "#", download: true }, dataset: { format } }));
  const note = el("p", { class: "muted small", text: "Files of exactly what is shown (filters, as-of, focus, hidden items), from the service." });
  container.append(png, el("div", { class: "chip-row", attrs: { role: "group", "aria-label": "Download the filtered view" } }, links), note);

  const update = () => {
    const state = ctx.store.get();
    const filters = filtersOf(state);
    const shown = shownParams(ctx, state);
    for (const link of links) link.href = api.exportUrl(link.dataset.format as ExportFormat, filters, shown);
  };
  // After the visibility is recomputed (the focus needs the selection to be shown).
  ctx.onVisibility(update);
  ctx.store.subscribe((state: ViewState, previous: ViewState) => {
    if (state.selected !== previous.selected || state.ego !== previous.ego) update();
  });
  update();
}
