// Export: PNG of the current view, and the service's GEXF, GraphML, CSV (zip), JSON, Cypher, neo4j-admin (zip), STIX 2.1 and SVG of the filtered view.
import { api, type FilterParams } from "../api.js";
import type { ExportFormat } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el } from "../dom.js";
import { downloadBlob, renderPng } from "../renderer/png-export.js";
import type { ViewState } from "../state.js";

// File names come from the service (Content-Disposition), which stamps them with the data version.
const formats: { format: ExportFormat; label: string }[] = [
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

export function mountExportPanel(container: HTMLElement, ctx: AppContext): void {
  const png = el("button", { class: "btn btn-primary", text: "PNG of current view", attrs: { type: "button", id: "export-png" } });
  png.addEventListener("click", async () => {
    png.disabled = true;
    try {
      const legend = ctx.model.schema.nodeKinds
        .filter((k) => [...ctx.visibility().nodes].some((n) => ctx.model.graph.getNodeAttribute(n, "kind") === k.id))
        .map((k) => ({ label: k.label, color: k.color }));
      const blob = await renderPng(ctx.renderer, legend);
      downloadBlob(blob, "actor-graph.png");
    } catch (error) {
      ctx.reportError(error, "PNG export failed");
    } finally {
      png.disabled = false;
    }
  });

  const links = formats.map(({ format, label }) => el("a", { class: "chip-link", text: label, attrs: { href: "#", download: true }, dataset: { format } }));
  const note = el("p", { class: "muted small", text: "Files of the filtered view (kinds, relations, confidence, as-of) from the service." });
  container.append(png, el("div", { class: "chip-row", attrs: { role: "group", "aria-label": "Download the filtered view" } }, links), note);

  const update = (state: ViewState) => {
    const filters = filtersOf(state);
    for (const link of links) link.href = api.exportUrl(link.dataset.format as ExportFormat, filters);
  };
  ctx.store.subscribe(update);
  update(ctx.store.get());
}
