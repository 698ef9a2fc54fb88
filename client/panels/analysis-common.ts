// What the Analysis panel's sections share: their context, item keys, a latest-answer loader and small DOM helpers.
import type { FilterParams } from "../api.js";
import type { CitedEdge } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { el } from "../dom.js";
import type { Highlight } from "../renderer/render-state.js";
import type { DiffMarks } from "../renderer/analysis-highlight.js";
import type { ViewState } from "../state.js";
import { describeError } from "./status-panel.js";

export interface SectionContext {
  app: AppContext;
  /** Highlights an item (or clears the highlight) through the URL state; the camera frames it. */
  pick(item: string | null): void;
  /** Tells the panel that the section's answer changed (its highlight or diff may now resolve). */
  changed(): void;
}

export interface AnalysisSection {
  root: HTMLElement;
  /** Called on every state change while the section's tab is open, and once when it opens (previous null). */
  update(state: ViewState, previous: ViewState | null): void;
  /** The nodes and edges of an item key (`kind,id,…`) in the section's current answer, or null. */
  highlight(item: string): Highlight | null;
  /** The diff to draw (the diff section only). */
  marks?(state: ViewState): DiffMarks | null;
}

/** Item keys in the URL: a kind then ids, comma-separated (ids never contain commas). */
export const itemKey = (kind: string, ...ids: string[]): string => [kind, ...ids].join(",");
export const parseItem = (item: string): { kind: string; ids: string[] } => {
  const [kind, ...ids] = item.split(",");
  return { kind, ids };
};

/** The shared view filters, as the graph request takes them. */
export const viewFilters = (s: ViewState): FilterParams => ({ kinds: s.kinds, relations: s.relations, minConfidence: s.minConfidence, asOf: s.asOf });
export const filterKey = (s: ViewState): unknown[] => [s.kinds, s.relations, s.minConfidence, s.asOf];

/** Nodes and edges that exist in the loaded graph (an answer may name items the viewer does not draw). */
export function highlightOf(ctx: AppContext, nodes: Iterable<string>, edges: Iterable<string | CitedEdge>): Highlight {
  const { graph } = ctx.model;
  return {
    nodes: new Set([...nodes].filter((n) => graph.hasNode(n))),
    edges: new Set([...edges].map((e) => (typeof e === "string" ? e : e.id)).filter((e) => graph.hasEdge(e))),
  };
}

export const labelOf = (ctx: AppContext, id: string): string =>
  ctx.model.graph.hasNode(id) ? String(ctx.model.graph.getNodeAttribute(id, "label")) : id;

/**
 * Runs the section's request when its key changes and keeps only the latest answer (an older request is aborted).
 * `onAnswer` sees the answer or the error text.
 */
export function latestLoader<Q, T>(
  fetcher: (query: Q, signal: AbortSignal) => Promise<T>,
  onAnswer: (answer: T | null, error: string | null, query: Q) => void,
): { load(key: string, query: Q): void; reset(): void } {
  let lastKey = "";
  let controller: AbortController | null = null;
  return {
    load(key, query) {
      if (key === lastKey) return;
      lastKey = key;
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      fetcher(query, mine.signal).then(
        (answer) => {
          if (controller === mine) onAnswer(answer, null, query);
        },
        (error: unknown) => {
          if ((error as Error).name === "AbortError" || controller !== mine) return;
          lastKey = "";
          onAnswer(null, describeError(error, "The analysis failed"), query);
        },
      );
    },
    reset() {
      controller?.abort();
      controller = null;
      lastKey = "";
    },
  };
}

/** A toggle button for an item: pressed when it is the highlighted one. */
export function itemButton(sc: SectionContext, item: string, children: (Node | string)[], title?: string): HTMLButtonElement {
  const pressed = sc.app.store.get().analysis.item === item;
  return el(
    "button",
    {
      class: "analysis-item",
      title,
      attrs: { type: "button", "aria-pressed": String(pressed) },
      dataset: { item },
      on: { click: () => sc.pick(sc.app.store.get().analysis.item === item ? null : item) },
    },
    children,
  );
}

/** Refreshes the pressed state of a section's item buttons after the highlighted item changed. */
export function syncPressed(root: HTMLElement, item: string | null): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>("button.analysis-item"))
    button.setAttribute("aria-pressed", String(button.dataset.item === item));
}

export function signBadge(sign: string): HTMLElement {
  return el("span", { class: `badge sign-${sign}`, text: sign === "positive" ? "+" : sign === "negative" ? "−" : "0", title: sign });
}

/** One cited edge as text: "A allied with B (reported, since 2014)". */
export function edgeText(ctx: AppContext, e: CitedEdge): string {
  const relation = ctx.model.schema.relations.find((r) => r.id === e.relation);
  const span = [e.since ? `since ${e.since}` : "", e.until ? `until ${e.until}` : ""].filter(Boolean).join(" ");
  return `${labelOf(ctx, e.source)} ${relation?.label ?? e.relation} ${labelOf(ctx, e.target)} (${[e.confidence, span].filter(Boolean).join(", ")})`;
}
