// What the viewer shows beyond the shared filters: undated relations hidden in an as-of view, ego focus, unconnected nodes hidden.
import Graph from "graphology";
import { AppError } from "../../errors.js";
import type { ActorGraph } from "../model/types.js";
import { maxNeighborhoodDepth } from "./neighborhood.js";

export interface ShownOptions {
  /** Drop relations with neither `since` nor `until` (the viewer does this only in an as-of view). */
  hideUndated?: boolean;
  /** Keep only the nodes within `depth` hops of `focus` over the remaining relations. */
  focus?: string;
  depth?: number;
  /** Drop nodes left without a relation. */
  hideIsolated?: boolean;
}

/** True when the options change nothing (the filtered view is then exported as it is). */
export function isPlainView(options: ShownOptions): boolean {
  return !options.hideUndated && !options.focus && !options.hideIsolated;
}

/**
 * Narrows a filtered view the way the viewer does, in this order: undated relations, ego focus, unconnected nodes.
 * Always builds a new graph (the view may be the shared display graph).
 */
export function shownView(view: ActorGraph, options: ShownOptions): ActorGraph {
  const edgeOk = (a: { since?: string; until?: string }) => !options.hideUndated || Boolean(a.since || a.until);
  let nodes: Set<string> | null = null;
  if (options.focus !== undefined) {
    if (!view.hasNode(options.focus)) throw new AppError("BAD_PARAM", `focus: no node "${options.focus}" in the filtered view`, { param: "focus" });
    const depth = options.depth ?? 1;
    if (!Number.isInteger(depth) || depth < 1 || depth > maxNeighborhoodDepth)
      throw new AppError("BAD_PARAM", `depth: expected an integer from 1 to ${maxNeighborhoodDepth}`, { param: "depth" });
    const reached = new Set<string>([options.focus]);
    let frontier = [options.focus];
    for (let hop = 0; hop < depth && frontier.length; hop++) {
      const next: string[] = [];
      for (const node of frontier)
        view.forEachEdge(node, (_e, a, s, t) => {
          const other = s === node ? t : s;
          if (reached.has(other) || !edgeOk(a)) return;
          reached.add(other);
          next.push(other);
        });
      frontier = next;
    }
    nodes = reached;
  }
  const keepNode = (n: string) => !nodes || nodes.has(n);
  const out = new Graph({ type: view.type, multi: view.multi, allowSelfLoops: view.allowSelfLoops }) as unknown as ActorGraph;
  out.replaceAttributes({ ...view.getAttributes() });
  const connected = new Set<string>();
  view.forEachEdge((_e, a, s, t) => {
    if (keepNode(s) && keepNode(t) && edgeOk(a)) connected.add(s).add(t);
  });
  view.forEachNode((n, a) => {
    if (keepNode(n) && (!options.hideIsolated || connected.has(n))) out.addNode(n, { ...a });
  });
  view.forEachEdge((e, a, s, t, _sa, _ta, undirected) => {
    if (!out.hasNode(s) || !out.hasNode(t) || !edgeOk(a)) return;
    if (undirected) out.addUndirectedEdgeWithKey(e, s, t, { ...a });
    else out.addDirectedEdgeWithKey(e, s, t, { ...a });
  });
  return out;
}
