// Change between two dates: what the as-of view at `to` has that the one at `from` lacks, and the reverse.
import { AppError } from "../../errors.js";
import { parsePartialDate } from "../model/dates.js";
import { viewPredicates, type GraphFilters, type ViewPredicates } from "../query/filters.js";
import type { Dataset } from "../model/types.js";
import { memoReliabilityIndex } from "../model/grades.js";
import { Budget, checkInt, type BudgetOptions } from "./budget.js";
import { citeEdge, type CitedEdge } from "./cited-edge.js";
import { relationRoles } from "./relation-roles.js";

export const diffBounds = { defaultLimit: 1_000, maxLimit: 10_000 } as const;

export interface DiffQuery extends Omit<GraphFilters, "asOf"> {
  from: string;
  to: string;
  /** At most this many nodes and edges listed per side; `counts` stay exact. */
  limit?: number;
}

export interface DiffNode {
  id: string;
  label: string;
  kind: string;
  date?: string;
}

export interface DiffSide {
  nodes: DiffNode[];
  edges: CitedEdge[];
}

export interface DiffResult {
  from: string;
  to: string;
  added: DiffSide;
  removed: DiffSide;
  counts: { added: { nodes: number; edges: number }; removed: { nodes: number; edges: number } };
  truncated: boolean;
}

function checkDate(name: "from" | "to", value: unknown) {
  const interval = typeof value === "string" ? parsePartialDate(value) : null;
  if (!interval) throw new AppError("BAD_PARAM", `${name}: expected a date YYYY, YYYY-MM or YYYY-MM-DD`, { param: name });
  return interval;
}

/**
 * Compares the as-of views at `from` and `to` under the graph's as-of rule (an undated relation holds at every
 * date, a dated node appears from its date). The other filters apply to both sides alike.
 */
export async function diffBetween(
  dataset: Pick<Dataset, "graph" | "vocabulary" | "sources">,
  query: DiffQuery,
  budgetOptions: BudgetOptions = {},
): Promise<DiffResult> {
  const from = checkDate("from", query.from);
  const to = checkDate("to", query.to);
  if (from.start > to.end) throw new AppError("BAD_PARAM", `from: ${query.from} is after to: ${query.to}`, { param: "from" });
  const limit = checkInt("limit", query.limit, diffBounds.defaultLimit, 0, diffBounds.maxLimit);
  const { asOf: _ignored, ...rest } = query as GraphFilters & DiffQuery;
  const before = viewPredicates(dataset, { ...rest, asOf: query.from });
  const after = viewPredicates(dataset, { ...rest, asOf: query.to });
  const { graph } = dataset;
  const roles = relationRoles(dataset.vocabulary);
  const reliability = memoReliabilityIndex(dataset.sources);
  const budget = new Budget(budgetOptions);
  const added: DiffSide = { nodes: [], edges: [] };
  const removed: DiffSide = { nodes: [], edges: [] };
  const counts = { added: { nodes: 0, edges: 0 }, removed: { nodes: 0, edges: 0 } };

  const nodeIn = (p: ViewPredicates, key: string) => p.node(key, graph.getNodeAttributes(key));
  for (const key of graph.nodes()) {
    if (budget.step() && !(await budget.pause())) break;
    const was = nodeIn(before, key);
    const is = nodeIn(after, key);
    if (was === is) continue;
    const side = is ? "added" : "removed";
    counts[side].nodes++;
    if ((is ? added : removed).nodes.length < limit) {
      const { label, kind, date } = graph.getNodeAttributes(key);
      (is ? added : removed).nodes.push({ id: key, label, kind, ...(date ? { date } : {}) });
    }
  }
  const edgeIn = (p: ViewPredicates, edge: string) =>
    p.edge(edge, graph.getEdgeAttributes(edge)) && nodeIn(p, graph.source(edge)) && nodeIn(p, graph.target(edge));
  for (const edge of graph.edges()) {
    if (budget.step() && !(await budget.pause())) break;
    const was = edgeIn(before, edge);
    const is = edgeIn(after, edge);
    if (was === is) continue;
    counts[is ? "added" : "removed"].edges++;
    const list = (is ? added : removed).edges;
    if (list.length < limit) list.push(citeEdge(graph, roles, reliability, edge));
  }
  return { from: query.from, to: query.to, added, removed, counts, truncated: budget.truncated };
}
