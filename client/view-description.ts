// Words for what the view shows (filters, as-of, focus) and which sources back it: for the PNG caption and exports.
import type { AppContext } from "./app-context.js";
import type { ShownParams } from "./api.js";
import type { ViewState } from "./state.js";

/** The export parameters that make a download match the screen (ego focus, undated and unconnected hidden). */
export function shownParams(ctx: AppContext, state: ViewState): ShownParams {
  const visible = ctx.visibility();
  const focus = state.ego > 0 && state.selected && visible.nodes.has(state.selected) ? state.selected : null;
  return {
    focus,
    depth: focus ? state.ego : undefined,
    hideUndated: Boolean(state.asOf && state.hideUndated),
    hideIsolated: state.hideIsolated,
  };
}

/** "Kinds: group, state · Relations: 3 of 36 · Confidence ≥ assessed · As of 2014 · Focus: 2 hops around ISKP". */
export function describeFilters(ctx: AppContext, state: ViewState): string {
  const { schema, graph } = ctx.model;
  const parts: string[] = [];
  const names = (ids: string[], all: { id: string; label: string }[]) =>
    ids.length <= 4 ? ids.map((id) => all.find((x) => x.id === id)?.label ?? id).join(", ") : `${ids.length} of ${all.length}`;
  parts.push(`Kinds: ${state.kinds.length ? names(state.kinds, schema.nodeKinds) : "all"}`);
  parts.push(`Relations: ${state.relations.length ? names(state.relations, schema.relations) : "all"}`);
  parts.push(`Confidence: ${state.minConfidence ? `${state.minConfidence} or firmer` : "all"}`);
  parts.push(state.asOf ? `As of ${state.asOf}${state.hideUndated ? " (undated hidden)" : " (undated shown)"}` : "All time");
  if (state.ego && state.selected && graph.hasNode(state.selected))
    parts.push(`Focus: ${state.ego} hop${state.ego > 1 ? "s" : ""} around ${graph.getNodeAttribute(state.selected, "label")}`);
  if (state.hideIsolated) parts.push("unconnected hidden");
  return parts.join(" · ");
}

/** Ids of the sources cited by the shown relations and actors (empty when the graph came without evidence). */
export function citedSources(ctx: AppContext): string[] {
  const { graph } = ctx.model;
  const visible = ctx.visibility();
  const cited = new Set<string>();
  for (const edge of visible.edges) for (const e of graph.getEdgeAttribute(edge, "evidence") ?? []) cited.add(e.source);
  for (const node of visible.nodes) for (const e of graph.getNodeAttribute(node, "evidence") ?? []) cited.add(e.source);
  return [...cited].sort();
}
