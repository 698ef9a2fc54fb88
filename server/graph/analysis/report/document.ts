// Turns a brief's facts into a format-neutral document: sections of text runs, each statement carrying its footnotes.
import type { Evidence, SourceEntry } from "../../model/types.js";
import type { PathEdge } from "../../query/paths.js";
import { round3, type CitedEdge } from "../cited-edge.js";
import type { ReportFacts } from "./facts.js";

/** A run of text; `notes` are footnote numbers printed after it, `strong` marks a term. */
export interface Run {
  text: string;
  notes?: number[];
  strong?: boolean;
}

export type Inline = Run[];

export type Block =
  | { type: "paragraph"; content: Inline }
  | { type: "table"; head: string[]; rows: Inline[][] }
  | { type: "list"; ordered: boolean; items: Inline[] }
  | { type: "figure"; svg: string; caption: Inline };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export interface Note {
  number: number;
  source: string;
  locator: string;
  claim: string;
}

export interface BibliographyEntry {
  number: number;
  id: string;
  entry?: SourceEntry;
}

export interface ReportDocument {
  title: string;
  /** Data version, filters, date: what the brief was computed from. */
  meta: [string, string][];
  sections: Section[];
  notes: Note[];
  bibliography: BibliographyEntry[];
}

/** Rows listed per table or list before the brief says how many more there are. */
export const listLimits = { assets: 40, threatsPerAsset: 3, items: 50 } as const;

/** Footnotes numbered in order of first use; one number per distinct (source, locator, claim). */
class Notes {
  readonly list: Note[] = [];
  private readonly byKey = new Map<string, number>();

  cite(evidence: readonly Evidence[] | undefined): number[] {
    const numbers: number[] = [];
    for (const e of evidence ?? []) {
      const key = JSON.stringify([e.source, e.locator, e.claim]);
      let n = this.byKey.get(key);
      if (n === undefined) {
        n = this.list.length + 1;
        this.byKey.set(key, n);
        this.list.push({ number: n, source: e.source, locator: e.locator, claim: e.claim });
      }
      if (!numbers.includes(n)) numbers.push(n);
    }
    return numbers;
  }
}

const text = (t: string, notes?: number[]): Run => (notes?.length ? { text: t, notes } : { text: t });
const more = (shown: number, total: number, what: string): Block[] =>
  total > shown ? [{ type: "paragraph", content: [text(`… and ${total - shown} more ${what} not listed here.`)] }] : [];

export function describeFilters(facts: Pick<ReportFacts, "filters">): string {
  const f = facts.filters;
  const parts = [
    f.kinds?.length ? `kinds ${f.kinds.join(", ")}` : "",
    f.relations?.length ? `relations ${f.relations.join(", ")}` : "",
    f.minConfidence ? `confidence at least ${f.minConfidence}` : "",
    f.asOf ? `as of ${f.asOf}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "none (the whole graph, every date)";
}

/** Builds the document; every sentence about the data cites the evidence items it rests on. */
export function composeReport(facts: ReportFacts): ReportDocument {
  const notes = new Notes();
  const label = (id: string) => facts.nodes.get(id)?.label ?? id;
  const dates = (e: { since?: string; until?: string }) => (e.since || e.until ? `, ${e.since ?? "…"}–${e.until ?? "…"}` : "");
  /** "ISKP hostile to China (reported, 2021–…)" read in the edge's own direction. */
  const edgeRun = (e: CitedEdge | PathEdge): Run => {
    const relation = facts.relations.get(e.relation);
    return text(`${label(e.source)} ${relation?.label ?? e.relation} ${label(e.target)} (${e.confidence}${dates(e)})`, notes.cite(e.evidence));
  };
  const edgeRuns = (edges: readonly (CitedEdge | PathEdge)[]): Inline =>
    edges.flatMap((e, i) => (i ? [text("; "), edgeRun(e)] : [edgeRun(e)]));
  /** A path read from its first node, each hop with the verb in the direction travelled. */
  const pathRuns = (nodes: readonly string[], edges: readonly (CitedEdge | PathEdge)[]): Inline => {
    const runs: Run[] = [text(label(nodes[0]))];
    edges.forEach((e, i) => {
      const relation = facts.relations.get(e.relation);
      const forward = e.source === nodes[i];
      const verb = relation?.directed === false || forward ? relation?.label ?? e.relation : relation?.inverseLabel ?? e.relation;
      runs.push(text(` → ${verb} (${e.confidence}) → ${label(nodes[i + 1])}`, notes.cite(e.evidence)));
    });
    return runs;
  };
  const focus = facts.focus;
  const sections: Section[] = [];

  const about: Block[] = [
    {
      type: "paragraph",
      content: [
        { text: focus.label, strong: true },
        text(` (${focus.kind}${focus.aliases.length ? `; also ${focus.aliases.join(", ")}` : ""}): ${focus.description}`, notes.cite(focus.evidence)),
      ],
    },
  ];
  if (!facts.focusVisible)
    about.push({ type: "paragraph", content: [text("The filters hide this actor, so the sections below are empty.")] });
  if (facts.truncated)
    about.push({ type: "paragraph", content: [text("Some analyses hit their work or time bounds: lists and counts below may be incomplete.")] });
  sections.push({ id: "focus", title: "The actor", blocks: about });

  sections.push({ id: "exposure", title: "Exposure", blocks: exposureBlocks(facts, label, pathRuns, edgeRuns) });
  sections.push({ id: "balance", title: "Alignments under strain", blocks: balanceBlocks(facts, label, edgeRuns) });
  sections.push({ id: "hostile", title: "Hostile actors and the strongest paths", blocks: hostileBlocks(facts, label, pathRuns, edgeRuns) });
  sections.push({ id: "changes", title: "What changed", blocks: changeBlocks(facts, label, edgeRuns, notes) });

  const contested = facts.contested.slice(0, listLimits.items);
  sections.push({
    id: "contested",
    title: "Contested claims",
    blocks: contested.length
      ? [
          { type: "list", ordered: false, items: contested.map((c) => [text(`${label(c.nodes[0])} – ${label(c.nodes[1])}: ${c.reason}. `), ...edgeRuns(c.edges)]) },
          ...more(contested.length, facts.contested.length, "contested items"),
        ]
      : [{ type: "paragraph", content: [text("No contested claim involves this actor in the view.")] }],
  });

  sections.push({
    id: "ego",
    title: "Ego network",
    blocks: [
      {
        type: "figure",
        svg: facts.ego.svg,
        caption: [
          text(
            `${focus.label} and its ${facts.ego.neighbours} direct neighbour(s) in the view` +
              (facts.ego.truncated ? `, the ${facts.ego.drawn} best-evidenced drawn` : "") +
              "; the sources of every drawn relation are listed at the foot of the picture.",
          ),
        ],
      },
    ],
  });

  return {
    title: facts.title,
    meta: [
      ["Focus", `${focus.label} (${focus.id})`],
      ["Data version", facts.dataVersion],
      ["Filters", describeFilters(facts)],
      ["Change range", facts.changes ? `${facts.changes.from} to ${facts.changes.to}` : "not requested"],
      ["Generated", facts.generatedAt],
    ],
    sections,
    notes: notes.list,
    bibliography: bibliographyOf(notes.list, facts.sources),
  };
}

type Label = (id: string) => string;
type PathRuns = (nodes: readonly string[], edges: readonly (CitedEdge | PathEdge)[]) => Inline;
type EdgeRuns = (edges: readonly (CitedEdge | PathEdge)[]) => Inline;

function exposureBlocks(facts: ReportFacts, label: Label, pathRuns: PathRuns, edgeRuns: EdgeRuns): Block[] {
  const { exposure } = facts;
  const threatened = exposure.assets.filter((a) => a.threats.length);
  const intro: Block = {
    type: "paragraph",
    content: [
      text(
        `${facts.focus.label} holds ${exposure.assets.length} asset(s) in the view (itself and what it owns, funds, employs or is national of); ` +
          `${threatened.length} of them are reached by a negative relation within the exposure search's hop limit. ` +
          "An asset's score is the sum over distinct threatening actors of 1 / the cost of that actor's cheapest path " +
          "(a reported relation costs 1, assessed 2, speculative 4, less 10% per extra citation).",
      ),
    ],
  };
  if (!threatened.length) return [intro, { type: "paragraph", content: [text("No threat to these assets was found in the view.")] }];
  const rows: Inline[][] = [];
  for (const asset of threatened.slice(0, listLimits.assets)) {
    const held = asset.holding.length ? [text(" held through: "), ...edgeRuns(asset.holding)] : [];
    asset.threats.slice(0, listLimits.threatsPerAsset).forEach((t, i) => {
      rows.push([
        i ? [text("")] : [{ text: asset.label, strong: true }, ...held],
        [text(i ? "" : String(asset.score))],
        [text(label(t.actor))],
        [text(String(t.cost))],
        pathRuns(t.path.nodes, t.path.edges),
      ]);
    });
    if (asset.threatCount > listLimits.threatsPerAsset)
      rows.push([[text("")], [text("")], [text(`${asset.threatCount - listLimits.threatsPerAsset} more`)], [text("")], [text("")]]);
  }
  return [
    intro,
    { type: "table", head: ["Asset", "Score", "Threat", "Cost", "Path (with evidence)"], rows },
    ...more(Math.min(threatened.length, listLimits.assets), threatened.length, "threatened assets"),
  ];
}

function balanceBlocks(facts: ReportFacts, label: Label, edgeRuns: EdgeRuns): Block[] {
  const { summary, unbalanced, ambivalent, predictions } = facts.balance;
  const ratio = summary.balanceRatio === null ? "no triad" : `a balance ratio of ${round3(summary.balanceRatio)}`;
  const blocks: Block[] = [
    {
      type: "paragraph",
      content: [
        text(
          `Across the view, ${summary.triads} triad(s) of actors are joined by signed relations: ${summary.balanced} balanced and ${summary.unbalanced} unbalanced ` +
            `(${summary.allNegative} of them all-negative), ${ratio}. ${unbalanced.length} unbalanced triad(s), ${ambivalent.length} ambivalent pair(s) ` +
            `and ${predictions.length} prediction(s) involve ${facts.focus.label}.`,
        ),
      ],
    },
  ];
  const triads = unbalanced.slice(0, listLimits.items);
  if (triads.length)
    blocks.push(
      { type: "paragraph", content: [{ text: "Unbalanced triads", strong: true }, text(" (the product of the three signs is negative):")] },
      {
        type: "list",
        ordered: false,
        items: triads.map((t) => {
          const allNegative = t.edges.every((e) => e.sign === "negative");
          return [text(`${t.nodes.map(label).join(", ")}${allNegative ? " (all negative)" : ""}: `), ...edgeRuns(t.edges)];
        }),
      },
      ...more(triads.length, unbalanced.length, "unbalanced triads"),
    );
  const pairs = ambivalent.slice(0, listLimits.items);
  if (pairs.length)
    blocks.push(
      { type: "paragraph", content: [{ text: "Ambivalent pairs", strong: true }, text(" (relations of opposite sign hold at a common date):")] },
      { type: "list", ordered: false, items: pairs.map((p) => [text(`${p.nodes.map(label).join(" – ")}: `), ...edgeRuns(p.edges)]) },
      ...more(pairs.length, ambivalent.length, "ambivalent pairs"),
    );
  const predicted = predictions.slice(0, listLimits.items);
  if (predicted.length)
    blocks.push(
      { type: "paragraph", content: [{ text: "Predictions", strong: true }, text(" (no direct signed relation; every two-hop signed path implies one sign):")] },
      {
        type: "list",
        ordered: false,
        items: predicted.map((p) => [
          text(`${label(p.nodes[0])} and ${label(p.nodes[1])}: expected ${p.expected}, via ${p.viaCount} intermediary(ies). `),
          ...p.support.slice(0, 3).flatMap((s, i) => [text(`${i ? "; " : ""}via ${label(s.via)}: `), ...edgeRuns(s.edges)]),
        ]),
      },
      ...more(predicted.length, predictions.length, "predictions"),
    );
  return blocks;
}

function hostileBlocks(facts: ReportFacts, label: Label, pathRuns: PathRuns, edgeRuns: EdgeRuns): Block[] {
  if (!facts.hostile.length) return [{ type: "paragraph", content: [text(`No actor has a negative relation to or from ${facts.focus.label} in the view.`)] }];
  const blocks: Block[] = [
    {
      type: "table",
      head: ["Hostile actor", "Negative relations (with evidence)"],
      rows: facts.hostile.slice(0, listLimits.items).map((h) => [[{ text: label(h.actor), strong: true }], edgeRuns(h.edges)]),
    },
    ...more(Math.min(facts.hostile.length, listLimits.items), facts.hostile.length, "hostile actors"),
  ];
  for (const p of facts.paths) {
    const items = (paths: typeof p.to) => paths.map((found) => [text(`cost ${round3(found.cost)}, ${found.length} hop(s): `), ...pathRuns(found.nodes, found.edges)]);
    for (const [dir, paths] of [
      [`From ${facts.focus.label} to ${label(p.actor)}`, p.to],
      [`From ${label(p.actor)} to ${facts.focus.label}`, p.from],
    ] as const)
      blocks.push(
        { type: "paragraph", content: [{ text: dir, strong: true }, text(paths.length ? ":" : ": no path following the relations' directions.")] },
        ...(paths.length ? [{ type: "list" as const, ordered: true, items: items(paths) }] : []),
      );
  }
  return blocks;
}

function changeBlocks(facts: ReportFacts, label: Label, edgeRuns: EdgeRuns, notes: Notes): Block[] {
  const c = facts.changes;
  if (!c) return [{ type: "paragraph", content: [text("No date range was given (from and to), so no change is reported.")] }];
  const blocks: Block[] = [
    {
      type: "paragraph",
      content: [
        text(
          `Between ${c.from} and ${c.to}, within ${facts.focus.label}'s ego network: ${c.added.nodes.length} actor(s) or item(s) appear, ` +
            `${c.removed.nodes.length} disappear, ${c.added.edges.length} relation(s) begin to hold and ${c.removed.edges.length} cease to hold.`,
        ),
      ],
    },
  ];
  for (const [name, side] of [
    ["Added", c.added],
    ["Removed", c.removed],
  ] as const) {
    const items: Inline[] = [
      ...side.nodes.map((n) => [text(`${label(n.id)} (${n.kind}${n.date ? `, ${n.date}` : ""})`, notes.cite(n.evidence))]),
      ...side.edges.map((e) => edgeRuns([e])),
    ];
    if (!items.length) continue;
    blocks.push(
      { type: "paragraph", content: [{ text: name, strong: true }, text(":")] },
      { type: "list", ordered: false, items: items.slice(0, listLimits.items) },
      ...more(Math.min(items.length, listLimits.items), items.length, `${name.toLowerCase()} items`),
    );
  }
  return blocks;
}

/** Every source the notes cite, and the sources those were cited in (`via`), numbered in order of first citation. */
function bibliographyOf(notes: Note[], sources: SourceEntry[]): BibliographyEntry[] {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const ids: string[] = [];
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };
  for (const n of notes) {
    add(n.source);
    for (let s = byId.get(n.source); s?.via && !ids.includes(s.via); s = byId.get(s.via)) add(s.via);
  }
  return ids.map((id, i) => ({ number: i + 1, id, entry: byId.get(id) }));
}
