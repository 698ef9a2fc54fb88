// Contested claims: pairs related with opposite signs at a common date, and relations whose evidence disagrees.
import { overlaps, validity } from "../model/dates.js";
import type { GraphFilters } from "../query/filters.js";
import { viewPredicates } from "../query/filters.js";
import type { Dataset, EdgeAttributes, Evidence } from "../model/types.js";
import { memoReliabilityIndex } from "../model/grades.js";
import { Budget, type BudgetOptions } from "./budget.js";
import { citeEdge, type CitedEdge } from "./cited-edge.js";
import { signedProjection } from "./signed-pairs.js";

export type ContestKind = "opposite-signs" | "evidence-confidence" | "evidence-dates";

export interface ContestedItem {
  nodes: [string, string];
  edges: CitedEdge[];
  kind: ContestKind;
  /** One sentence an analyst can read: which relations or evidence items disagree, and how. */
  reason: string;
}

export interface ContestedResult {
  contested: ContestedItem[];
  truncated: boolean;
}

const span = (a: { since?: string; until?: string }) => `${a.since ?? "…"}–${a.until ?? "…"}`;

/** Why an edge's own evidence disagrees with itself, or null when it does not. */
export function evidenceConflict(attributes: EdgeAttributes): { kind: ContestKind; reason: string } | null {
  const items: Evidence[] = attributes.evidence ?? [];
  const cite = (e: Evidence) => `${e.source} ${e.locator}`;
  const levels = new Map<string, string[]>();
  for (const e of items) {
    const level = e.confidence ?? attributes.confidence;
    levels.set(level, [...(levels.get(level) ?? []), cite(e)]);
  }
  if (levels.size > 1)
    return {
      kind: "evidence-confidence",
      reason: `evidence disagrees on confidence: ${[...levels].map(([level, who]) => `${level} (${who.join(", ")})`).join(" vs ")}`,
    };
  const own = validity(attributes.since, attributes.until);
  const dated = items.filter((e) => e.since || e.until);
  for (const e of dated)
    if (!overlaps(own, validity(e.since, e.until)))
      return { kind: "evidence-dates", reason: `${cite(e)} dates it ${span(e)}, outside the relation's ${span(attributes)}` };
  for (let i = 0; i < dated.length; i++)
    for (let j = i + 1; j < dated.length; j++) {
      const [x, y] = [dated[i], dated[j]];
      const a = validity(x.since, x.until);
      const b = validity(y.since, y.until);
      const startsDiffer = x.since && y.since && !overlaps(validity(x.since, x.since), validity(y.since, y.since));
      const endsDiffer = x.until && y.until && !overlaps(validity(x.until, x.until), validity(y.until, y.until));
      if (!overlaps(a, b) || startsDiffer || endsDiffer)
        return { kind: "evidence-dates", reason: `evidence disagrees on dates: ${cite(x)} gives ${span(x)}, ${cite(y)} gives ${span(y)}` };
    }
  return null;
}

/** Contested pairs and relations in the filtered view (every node kind, not only actors). */
export async function findContested(
  dataset: Pick<Dataset, "graph" | "vocabulary" | "sources">,
  filters: GraphFilters = {},
  budgetOptions: BudgetOptions = {},
): Promise<ContestedResult> {
  const { graph } = dataset;
  const budget = new Budget(budgetOptions);
  const projection = await signedProjection(dataset, filters, { actorsOnly: false }, budget);
  const { keys, roles } = projection;
  const reliability = memoReliabilityIndex(dataset.sources);
  const cite = (edge: string) => citeEdge(graph, roles, reliability, edge);
  const contested: ContestedItem[] = [];
  for (const p of projection.pairs) {
    if (p.sign !== 0) continue;
    const edges = p.edges.map(cite);
    const describe = (sign: string) =>
      edges
        .filter((e) => e.sign === sign)
        .map((e) => `${e.relation} (${span(e)})`)
        .join(", ");
    contested.push({
      nodes: [keys[p.a], keys[p.b]],
      edges,
      kind: "opposite-signs",
      reason: `positive ${describe("positive")} and negative ${describe("negative")} relations hold at a common date`,
    });
  }
  const predicates = viewPredicates(dataset, filters);
  for (const edge of graph.edges()) {
    if (budget.step() && !(await budget.pause())) break;
    const attributes = graph.getEdgeAttributes(edge);
    if ((attributes.evidence?.length ?? 0) < 1) continue;
    const source = graph.source(edge);
    const target = graph.target(edge);
    if (
      !predicates.isIdentity &&
      (!predicates.edge(edge, attributes) ||
        !predicates.node(source, graph.getNodeAttributes(source)) ||
        !predicates.node(target, graph.getNodeAttributes(target)))
    )
      continue;
    const conflict = evidenceConflict(attributes);
    if (conflict) contested.push({ nodes: [source, target], edges: [cite(edge)], ...conflict });
  }
  return { contested, truncated: budget.truncated };
}
