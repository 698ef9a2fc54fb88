// Structural balance of the signed projection: triads (Cartwright–Harary), ambivalent pairs, enemy-of-my-enemy predictions.
import type { GraphFilters } from "../query/filters.js";
import type { Dataset } from "../model/types.js";
import { memoReliabilityIndex } from "../model/grades.js";
import { Budget, checkInt, type BudgetOptions } from "./budget.js";
import { citeEdge, round3, type CitedEdge } from "./cited-edge.js";
import { pairKey, signedProjection, type SignedPair, type SignedProjection } from "./signed-pairs.js";

export const balanceBounds = { maxLimit: 500, defaultLimit: 50, maxViaListed: 20, maxCandidatePairs: 2_000_000 } as const;

export interface BalanceQuery extends GraphFilters {
  limit?: number;
  offset?: number;
}

export interface CitedPair {
  nodes: string[];
  edges: CitedEdge[];
}

export interface Prediction {
  nodes: [string, string];
  expected: "positive" | "negative";
  /** The intermediaries whose signed relations to both imply the sign (the first 20 met, sorted; `viaCount` counts all). */
  via: string[];
  viaCount: number;
}

export interface BalanceResult {
  summary: {
    /** Actors (nodes of an actor kind) with at least one signed relation in the view. */
    actors: number;
    positive: number;
    negative: number;
    ambivalent: number;
    triads: number;
    balanced: number;
    /** Triads whose sign product is negative, all-negative ones included. */
    unbalanced: number;
    /** The all-negative part of `unbalanced` (weakly balanced in Davis's sense). */
    allNegative: number;
    /** balanced / triads; null when there is no triad. */
    balanceRatio: number | null;
  };
  unbalanced: CitedPair[];
  ambivalent: CitedPair[];
  predictions: Prediction[];
  /** How many items each list has before paging. */
  total: { unbalanced: number; ambivalent: number; predictions: number };
  /** True when a work or time bound stopped the analysis: counts are then lower bounds. */
  truncated: boolean;
}

/** Structural balance of the filtered view's signed projection over actors. */
export async function analyseBalance(
  dataset: Pick<Dataset, "graph" | "vocabulary" | "sources">,
  query: BalanceQuery = {},
  budgetOptions: BudgetOptions = {},
): Promise<BalanceResult> {
  const limit = checkInt("limit", query.limit, balanceBounds.defaultLimit, 0, balanceBounds.maxLimit);
  const offset = checkInt("offset", query.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  const budget = new Budget(budgetOptions);
  const projection = await signedProjection(dataset, query, { actorsOnly: true }, budget);
  const triads = await listTriads(projection, offset + limit, budget);
  const predictions = await predict(projection, budget);
  const { pairs, keys } = projection;
  const reliability = memoReliabilityIndex(dataset.sources);
  const cite = (p: SignedPair, all: boolean): CitedEdge[] =>
    (all ? p.edges : p.decisive).map((e) => citeEdge(dataset.graph, projection.roles, reliability, e));
  const ambivalentPairs = pairs.filter((p) => p.sign === 0);
  const involved = new Uint8Array(keys.length);
  for (const p of pairs) involved[p.a] = involved[p.b] = 1;

  return {
    summary: {
      actors: involved.reduce((s, x) => s + x, 0),
      positive: pairs.filter((p) => p.sign > 0).length,
      negative: pairs.filter((p) => p.sign < 0).length,
      ambivalent: ambivalentPairs.length,
      triads: triads.balanced + triads.unbalanced,
      balanced: triads.balanced,
      unbalanced: triads.unbalanced,
      allNegative: triads.allNegative,
      balanceRatio: triads.balanced + triads.unbalanced ? round3(triads.balanced / (triads.balanced + triads.unbalanced)) : null,
    },
    unbalanced: triads.listed.slice(offset, offset + limit).map((t) => ({
      nodes: t.nodes.map((v) => keys[v]).sort(),
      edges: t.pairs.flatMap((i) => cite(pairs[i], false)),
    })),
    ambivalent: ambivalentPairs.slice(offset, offset + limit).map((p) => ({ nodes: [keys[p.a], keys[p.b]], edges: cite(p, true) })),
    predictions: predictions.slice(offset, offset + limit),
    total: { unbalanced: triads.unbalanced, ambivalent: ambivalentPairs.length, predictions: predictions.length },
    truncated: budget.truncated,
  };
}

interface Triad {
  nodes: number[];
  pairs: number[];
}

/**
 * Lists every triangle once with the degree-ordered node iterator (each edge oriented towards the endpoint of
 * higher (degree, index) rank; O(m^1.5)). Unbalanced triads are kept by their weakest confidence, strongest
 * first, and only as many per confidence level as the requested page can reach: memory stays bounded.
 */
async function listTriads(projection: SignedProjection, keep: number, budget: Budget) {
  const { offsets, neighbors, pairIndex, pairs } = projection;
  const n = offsets.length - 1;
  const degree = (v: number) => offsets[v + 1] - offsets[v];
  const higher = (u: number, v: number) => degree(v) > degree(u) || (degree(v) === degree(u) && v > u);
  const mark = new Int32Array(n).fill(-1);
  const buckets: Triad[][] = [[], [], []];
  let balanced = 0;
  let unbalanced = 0;
  let allNegative = 0;
  for (let u = 0; u < n && !budget.spent; u++) {
    for (let i = offsets[u]; i < offsets[u + 1]; i++) if (higher(u, neighbors[i])) mark[neighbors[i]] = pairIndex[i];
    for (let i = offsets[u]; i < offsets[u + 1]; i++) {
      const v = neighbors[i];
      if (!higher(u, v)) continue;
      if (budget.step(offsets[v + 1] - offsets[v]) && !(await budget.pause())) break;
      for (let j = offsets[v]; j < offsets[v + 1]; j++) {
        const w = neighbors[j];
        if (!higher(v, w) || mark[w] < 0) continue;
        const triad = [mark[v], pairIndex[j], mark[w]];
        const signs = triad.map((p) => pairs[p].sign);
        if (signs[0] * signs[1] * signs[2] > 0) {
          balanced++;
          continue;
        }
        unbalanced++;
        if (signs.every((s) => s < 0)) allNegative++;
        const weakest = Math.max(...triad.map((p) => pairs[p].confidence));
        if (buckets[weakest].length < keep) buckets[weakest].push({ nodes: [u, v, w], pairs: triad });
      }
    }
    for (let i = offsets[u]; i < offsets[u + 1]; i++) mark[neighbors[i]] = -1;
  }
  return { balanced, unbalanced, allNegative, listed: buckets.flat() };
}

/**
 * Enemy-of-my-enemy predictions: pairs with no direct signed relation whose two-hop signed paths all imply one
 * sign (+·+ and −·− imply positive, +·− negative). Wedges are walked per centre, bounded by the budget.
 */
async function predict(projection: SignedProjection, budget: Budget): Promise<Prediction[]> {
  const { offsets, neighbors, pairIndex, pairs, pairOf, keys } = projection;
  const found = new Map<number, { a: number; b: number; positive: number; negative: number; via: number[] }>();
  for (let c = 0; c < keys.length && !budget.spent; c++) {
    const start = offsets[c];
    const end = offsets[c + 1];
    if (budget.step(((end - start) * (end - start - 1)) / 2) && !(await budget.pause())) break;
    for (let i = start; i < end; i++) {
      for (let j = i + 1; j < end; j++) {
        const a = neighbors[i];
        const b = neighbors[j];
        const key = pairKey(projection, a, b);
        if (pairOf.has(key)) continue;
        const implied = pairs[pairIndex[i]].sign * pairs[pairIndex[j]].sign;
        let entry = found.get(key);
        if (!entry) {
          if (found.size >= balanceBounds.maxCandidatePairs) {
            budget.truncated = true;
            continue;
          }
          found.set(key, (entry = { a: Math.min(a, b), b: Math.max(a, b), positive: 0, negative: 0, via: [] }));
        }
        if (implied > 0) entry.positive++;
        else entry.negative++;
        // Only the listed intermediaries are kept; the counts above hold them all.
        if (entry.via.length < balanceBounds.maxViaListed) entry.via.push(c);
      }
    }
  }
  const predictions: Prediction[] = [];
  for (const e of found.values()) {
    if (e.positive && e.negative) continue;
    predictions.push({
      nodes: [keys[e.a], keys[e.b]].sort() as [string, string],
      expected: e.positive ? "positive" : "negative",
      via: e.via.map((v) => keys[v]).sort(),
      viaCount: e.positive + e.negative,
    });
  }
  return predictions.sort(
    (x, y) => y.viaCount - x.viaCount || x.nodes[0].localeCompare(y.nodes[0]) || x.nodes[1].localeCompare(y.nodes[1]),
  );
}
