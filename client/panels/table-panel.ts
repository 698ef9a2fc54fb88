// Table view of the visible relations (what the graph shows right now): sortable by any column, filterable by text,
// with links to both ends and to each relation's card.
// Rows are built only while the drawer is open, a page at a time; when the graph came without evidence (the
// compact encoding of a large graph), each row's evidence is fetched from the node details once it scrolls into view.
import type { Evidence } from "../api-types.js";
import type { AppContext } from "../app-context.js";
import { byId, el, replaceChildren } from "../dom.js";
import { formatCitation, formatSpan } from "../format.js";
import type { EdgeEnds } from "../node-details.js";

/** Rows shown at first and added by "Show more". */
export const TABLE_PAGE = 500;

type Column = "source" | "relation" | "target" | "confidence" | "period" | "evidence";
const columns: { id: Column; label: string }[] = [
  { id: "source", label: "Source" },
  { id: "relation", label: "Relation" },
  { id: "target", label: "Target" },
  { id: "confidence", label: "Confidence" },
  { id: "period", label: "Period" },
  { id: "evidence", label: "Evidence" },
];
const confidenceOrder: Record<string, number> = { reported: 0, assessed: 1, speculative: 2 };

export function mountTablePanel(container: HTMLElement, ctx: AppContext): void {
  const { graph } = ctx.model;
  const drawer = byId<HTMLDetailsElement>("table-drawer");
  const count = byId("table-count");
  const body = el("tbody");
  let sort: { column: Column; descending: boolean } = { column: "source", descending: false };
  const headers = columns.map((column) => {
    const button = el("button", {
      class: "sort-btn",
      text: column.label,
      attrs: { type: "button", title: `Sort by ${column.label.toLowerCase()}` },
      on: {
        click: () => {
          sort = { column: column.id, descending: sort.column === column.id ? !sort.descending : false };
          render();
        },
      },
    });
    return el("th", { attrs: { scope: "col" }, dataset: { column: column.id } }, [button]);
  });
  const table = el("table", { class: "relations-table", attrs: { id: "relations-table" } }, [
    el("caption", { class: "visually-hidden", text: "Relations visible in the current view" }),
    el("thead", {}, [el("tr", {}, headers)]),
    body,
  ]);
  const filterInput = el("input", {
    class: "table-filter",
    attrs: { type: "search", id: "table-filter", placeholder: "Filter rows: actor, relation, year, source, claim…", "aria-label": "Filter the relations table" },
  });
  let filterTimer: ReturnType<typeof setTimeout> | null = null;
  filterInput.addEventListener("input", () => {
    if (filterTimer) clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      limit = TABLE_PAGE;
      render();
    }, 120);
  });
  const shownCount = el("span", { class: "muted small", attrs: { "aria-live": "polite" } });
  const tall = el("button", { class: "btn btn-small", text: "Taller", attrs: { type: "button", "aria-pressed": "false" } });
  tall.addEventListener("click", () => {
    const on = !drawer.classList.contains("tall");
    drawer.classList.toggle("tall", on);
    tall.setAttribute("aria-pressed", String(on));
  });
  const scroller = el("div", { class: "table-scroll" }, [table]);
  const empty = el("p", { class: "muted table-empty", text: "No relation is visible with the current filters." });
  const more = el("div", { class: "table-more" });
  container.append(el("div", { class: "table-tools" }, [filterInput, shownCount, tall]), scroller, more, empty);

  const nodeButton = (id: string) =>
    el("button", {
      class: "link-btn",
      text: graph.getNodeAttribute(id, "label"),
      attrs: { type: "button" },
      on: { click: () => ctx.selectNode(id, { fly: true }) },
    });

  // Sort keys: node labels and relation ids ranked once (the same order as localeCompare), so sorting
  // 100k rows compares numbers.
  let ranks: { node: Map<string, number>; relation: Map<string, number> } | null = null;
  const rankOf = () => {
    if (ranks) return ranks;
    const collator = new Intl.Collator();
    const rank = (values: string[]) => {
      const sorted = [...new Set(values)].sort(collator.compare);
      const byValue = new Map<string, number>();
      sorted.forEach((v, i) => byValue.set(v, i > 0 && collator.compare(sorted[i - 1], v) === 0 ? (byValue.get(sorted[i - 1]) as number) : i));
      return byValue;
    };
    const labels = rank(graph.mapNodes((_k, a) => a.label));
    const node = new Map<string, number>();
    graph.forEachNode((key, a) => node.set(key, labels.get(a.label) as number));
    ranks = { node, relation: rank(ctx.model.schema.relations.map((r) => r.id).concat(ctx.model.index.relations)) };
    return ranks;
  };

  const evidenceText = (evidence: Evidence[]) => (evidence[0] ? `${formatCitation(evidence[0])}${evidence.length > 1 ? ` (+${evidence.length - 1})` : ""}` : "—");
  const fillEvidence = (cell: HTMLElement, evidence: Evidence[]) => {
    cell.textContent = evidenceText(evidence);
    cell.title = evidence.map(formatCitation).join("\n");
    cell.classList.remove("pending");
  };

  // Lazy evidence: rows that became visible are collected for a frame, then fetched together.
  const lazy = !ctx.model.hasEvidence;
  const waiting = new Map<string, { ends: EdgeEnds; cell: HTMLElement }>();
  let batch: ReturnType<typeof setTimeout> | null = null;
  const fetchWaiting = () => {
    batch = null;
    const items = [...waiting.values()];
    waiting.clear();
    const wanted = items.filter(({ ends, cell }) => {
      const known = ctx.nodeDetails.evidenceOf(ends.edge);
      if (known) fillEvidence(cell, known);
      return !known;
    });
    if (!wanted.length) return;
    ctx.nodeDetails
      .loadEvidence(wanted.map((w) => w.ends), (node) => (graph.hasNode(node) ? graph.getNodeAttribute(node, "degree") ?? 0 : 0))
      .catch((error: unknown) => ctx.reportError(error, "Evidence could not be loaded"))
      .finally(() => {
        for (const { ends, cell } of wanted) {
          const evidence = ctx.nodeDetails.evidenceOf(ends.edge);
          if (evidence) fillEvidence(cell, evidence);
          else if (cell.isConnected) {
            cell.textContent = "unavailable";
            cell.classList.remove("pending");
          }
        }
      });
  };
  const pendingRows = new WeakMap<HTMLElement, { ends: EdgeEnds; cell: HTMLElement }>();
  const observer =
    lazy && typeof IntersectionObserver === "function"
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue;
              const row = entry.target as HTMLElement;
              observer?.unobserve(row);
              const item = pendingRows.get(row);
              if (item) waiting.set(item.ends.edge, item);
            }
            if (waiting.size && !batch) batch = setTimeout(fetchWaiting, 50);
          },
          { root: scroller, rootMargin: "200px 0px" },
        )
      : null;

  let limit = TABLE_PAGE;
  let frame = 0;
  let stale = true;
  const refresh = () => {
    count.textContent = `(${ctx.visibility().edges.size} of ${graph.size})`;
    stale = true;
    if (!drawer.open) return;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(render);
  };

  const render = () => {
    stale = false;
    const visible = ctx.visibility();
    const { node: nodeRank, relation: relationRank } = rankOf();
    const words = filterInput.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const all = [...visible.edges].map((edge) => {
      const source = graph.source(edge);
      const target = graph.target(edge);
      const a = graph.getEdgeAttributes(edge);
      return { edge, source, target, a, s: nodeRank.get(source) ?? 0, r: relationRank.get(a.relation) ?? 0, t: nodeRank.get(target) ?? 0 };
    });
    const rows = words.length
      ? all.filter(({ source, target, a, edge }) => {
          const evidence = ctx.model.hasEvidence ? a.evidence ?? [] : ctx.nodeDetails.evidenceOf(edge) ?? [];
          const text = [
            graph.getNodeAttribute(source, "label"),
            graph.getNodeAttribute(target, "label"),
            ctx.model.relationLabel(a.relation),
            a.confidence,
            formatSpan(a.since, a.until) || "undated",
            a.note ?? "",
            ...evidence.map(formatCitation),
          ]
            .join(" ")
            .toLowerCase();
          return words.every((w) => text.includes(w));
        })
      : all;
    const byName = (x: (typeof rows)[number], y: (typeof rows)[number]) => x.s - y.s || x.r - y.r || x.t - y.t;
    const evidenceCount = (row: (typeof rows)[number]) => (ctx.model.hasEvidence ? row.a.evidence?.length ?? 0 : ctx.nodeDetails.evidenceOf(row.edge)?.length ?? 0);
    const compare: Record<Column, (x: (typeof rows)[number], y: (typeof rows)[number]) => number> = {
      source: (x, y) => x.s - y.s,
      relation: (x, y) => x.r - y.r,
      target: (x, y) => x.t - y.t,
      confidence: (x, y) => (confidenceOrder[x.a.confidence] ?? 3) - (confidenceOrder[y.a.confidence] ?? 3),
      // Undated relations sort after every dated one, whichever the direction.
      period: (x, y) => (x.a.since ?? x.a.until ?? "~").localeCompare(y.a.since ?? y.a.until ?? "~"),
      evidence: (x, y) => evidenceCount(x) - evidenceCount(y),
    };
    const direction = sort.descending ? -1 : 1;
    rows.sort((x, y) => direction * compare[sort.column](x, y) || byName(x, y));
    for (const th of headers) th.setAttribute("aria-sort", th.dataset.column === sort.column ? (sort.descending ? "descending" : "ascending") : "none");
    shownCount.textContent = words.length ? `${rows.length} of ${all.length} rows match` : `${rows.length} rows`;
    observer?.disconnect();
    waiting.clear();
    const shown = rows.slice(0, limit);
    replaceChildren(
      body,
      shown.map(({ edge, source, target, a }) => {
        const evidence = ctx.model.hasEvidence ? a.evidence ?? [] : ctx.nodeDetails.evidenceOf(edge);
        const cite = el("td", { class: "cite" });
        if (evidence) fillEvidence(cite, evidence);
        else {
          cite.textContent = "…";
          cite.classList.add("pending");
          cite.title = "Loading evidence…";
        }
        const span = formatSpan(a.since, a.until);
        const row = el("tr", { dataset: { edge, since: a.since ?? "", until: a.until ?? "" } }, [
          el("td", {}, [nodeButton(source)]),
          el("td", {}, [
            el("button", {
              class: "link-btn relation-link",
              text: ctx.model.relationLabel(a.relation),
              attrs: { type: "button", title: "Why is this here? Open the relation's card" },
              on: { click: () => ctx.selectEdge(edge) },
            }),
          ]),
          el("td", {}, [nodeButton(target)]),
          el("td", {}, [el("span", { class: `badge conf-${a.confidence}`, text: a.confidence })]),
          el("td", {}, [span ? span : el("span", { class: "badge undated", text: "undated" })]),
          cite,
        ]);
        if (!evidence && observer) {
          pendingRows.set(row, { ends: { edge, source, target }, cell: cite });
          observer.observe(row);
        }
        return row;
      }),
    );
    count.textContent = `(${all.length} of ${graph.size})`;
    replaceChildren(
      more,
      rows.length > shown.length
        ? [
            el("span", { class: "muted small", text: `Showing ${shown.length} of ${rows.length} relations. ` }),
            el("button", {
              class: "link-btn small",
              text: `Show ${Math.min(TABLE_PAGE, rows.length - shown.length)} more`,
              attrs: { type: "button" },
              on: {
                click: () => {
                  limit += TABLE_PAGE;
                  render();
                },
              },
            }),
          ]
        : [],
    );
    empty.hidden = rows.length > 0;
    table.hidden = rows.length === 0;
  };
  drawer.addEventListener("toggle", () => {
    if (drawer.open && stale) {
      cancelAnimationFrame(frame);
      render();
    }
  });
  ctx.onVisibility(() => {
    limit = TABLE_PAGE;
    refresh();
  });
  refresh();
}
