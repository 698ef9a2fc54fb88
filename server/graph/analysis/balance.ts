// Structural balance of the signed projection: triads (Cartwright–Harary), ambivalent pairs, enemy-of-my-enemy predictions.
import type { GraphFilters } from "../query/filters.js";
import type { Dataset } from "../model/types.js";
import { memoReliabilityIndex } from "../model/grades.js";
import { Budget, checkInt, type BudgetOptions } from "./budget.js";
import { citeEdge, round3, type CitedEdge } from "./cited-edge.js";
import { signedProjection, type SignedPair, type SignedProjection } from "./signed-pairs.js";

export const balanceBounds = { maxLimit: 500, defaultLimit: 50, maxViaListed: 20, maxCandidatePairs: 2_000_000 } as const;

export interface BalanceQuery extends GraphFilters {
  limit?: number;
  offset?: number;
  /** false: skip the enemy-of-my-enemy predictions (the costliest step; triads and pairs are unchanged). Default true. */
  predictions?: boolean;
}

export interface CitedPair {
  nodes: string[];
  edges: CitedEdge[];
}

export interface Prediction {
  nodes: [string, string];
  expected: "positive" | "negative";
  /** The intermediaries whose signed relations to both imply the sign (the first 20 by key; `viaCount` counts all). */
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
  /** How many items each list has before paging; `predictions` is null when they were not asked for. */
  total: { unbalanced: number; ambivalent: number; predictions: number | null };
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
  const predictions = query.predictions === false ? null : await predict(projection, budget);
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
    predictions: predictions
      ? Array.from({ length: Math.max(0, Math.min(limit, predictions.count - offset)) }, (_, i) => describePrediction(projection, predictions, offset + i))
      : [],
    total: { unbalanced: triads.unbalanced, ambivalent: ambivalentPairs.length, predictions: predictions?.count ?? null },
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

/** The predictions found, in order: by intermediaries (most first), then by the two keys. */
interface Predicted {
  count: number;
  /** The i-th prediction: node indices (`lo` before `hi` by key), the implied sign, the number of intermediaries. */
  at(i: number): { lo: number; hi: number; sign: 1 | -1; viaCount: number };
}

/**
 * Enemy-of-my-enemy predictions: pairs with no direct signed relation whose two-hop signed paths all imply one
 * sign (+·+ and −·− imply positive, +·− negative). Nodes are taken in key order; for each node a, the wedges
 * a–c–b with b later in that order are tallied per b in typed arrays (reset through the list of touched b), so
 * the work is the number of wedges and the memory the number of predictions, with no map keyed by pair. Pairs come
 * out in key order, and a stable counting sort by intermediaries gives the final order without comparisons.
 */
async function predict(projection: SignedProjection, budget: Budget): Promise<Predicted> {
  const { offsets, neighbors, pairIndex, pairs, keys, index } = projection;
  const n = keys.length;
  const byKey = Int32Array.from(keys.slice().sort(), (k) => index.get(k)!);
  const rank = new Int32Array(n);
  byKey.forEach((v, r) => (rank[v] = r));
  const signAt = Int8Array.from(pairIndex, (p) => pairs[p].sign);
  // A direct relation of either sign, ambivalent included, rules a pair out.
  const ambivalentOf = new Map<number, number[]>();
  for (const p of pairs) {
    if (p.sign !== 0) continue;
    for (const [x, y] of [[p.a, p.b], [p.b, p.a]]) (ambivalentOf.get(x) ?? ambivalentOf.set(x, []).get(x)!).push(y);
  }
  const direct = new Uint8Array(n);
  const positive = new Int32Array(n);
  const negative = new Int32Array(n);
  const touched = new Int32Array(n);
  const found = new PredictionColumns();
  for (let r = 0; r < n && !budget.spent; r++) {
    const a = byKey[r];
    let wedges = 0;
    for (let i = offsets[a]; i < offsets[a + 1]; i++) wedges += offsets[neighbors[i] + 1] - offsets[neighbors[i]];
    if (budget.step(wedges) && !(await budget.pause())) break;
    for (let i = offsets[a]; i < offsets[a + 1]; i++) direct[neighbors[i]] = 1;
    const ambivalent = ambivalentOf.get(a);
    if (ambivalent) for (const b of ambivalent) direct[b] = 1;
    let seen = 0;
    for (let i = offsets[a]; i < offsets[a + 1]; i++) {
      const c = neighbors[i];
      const first = signAt[i];
      for (let j = offsets[c]; j < offsets[c + 1]; j++) {
        const b = neighbors[j];
        if (rank[b] <= r || direct[b]) continue;
        if (positive[b] === 0 && negative[b] === 0) touched[seen++] = rank[b];
        if (first === signAt[j]) positive[b]++;
        else negative[b]++;
      }
    }
    // The partners of a in key order (ranks sort as numbers); most nodes have a handful, sorted in place.
    if (seen > 32) touched.subarray(0, seen).sort();
    else
      for (let t = 1; t < seen; t++) {
        const r = touched[t];
        let u = t - 1;
        for (; u >= 0 && touched[u] > r; u--) touched[u + 1] = touched[u];
        touched[u + 1] = r;
      }
    for (let t = 0; t < seen; t++) {
      const b = byKey[touched[t]];
      if (!positive[b] !== !negative[b]) {
        if (found.count >= balanceBounds.maxCandidatePairs) budget.truncated = true;
        else found.push(a, b, positive[b] ? 1 : -1, positive[b] + negative[b]);
      }
      positive[b] = negative[b] = 0;
    }
    for (let i = offsets[a]; i < offsets[a + 1]; i++) direct[neighbors[i]] = 0;
    if (ambivalent) for (const b of ambivalent) direct[b] = 0;
  }
  return found.byIntermediaries();
}

/** Prediction columns, pushed in key order, that double as they fill. */
class PredictionColumns {
  count = 0;
  private lo = new Int32Array(1024);
  private hi = new Int32Array(1024);
  private sign = new Int8Array(1024);
  private via = new Int32Array(1024);

  push(lo: number, hi: number, sign: 1 | -1, via: number): void {
    if (this.count === this.lo.length) {
      const grow = <T extends Int32Array | Int8Array>(a: T): T => {
        const b = new (a.constructor as new (k: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      [this.lo, this.hi, this.sign, this.via] = [grow(this.lo), grow(this.hi), grow(this.sign), grow(this.via)];
    }
    this.lo[this.count] = lo;
    this.hi[this.count] = hi;
    this.sign[this.count] = sign;
    this.via[this.count++] = via;
  }

  /** Most intermediaries first; a stable counting sort keeps key order within each count. */
  byIntermediaries(): Predicted {
    const { count, lo, hi, sign, via } = this;
    let most = 0;
    for (let i = 0; i < count; i++) most = Math.max(most, via[i]);
    const next = new Int32Array(most + 2);
    for (let i = 0; i < count; i++) next[most - via[i] + 1]++;
    for (let v = 1; v <= most + 1; v++) next[v] += next[v - 1];
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[next[most - via[i]]++] = i;
    return { count, at: (i) => ({ lo: lo[order[i]], hi: hi[order[i]], sign: sign[order[i]] > 0 ? 1 : -1, viaCount: via[order[i]] }) };
  }
}

/** One listed prediction, with its first intermediaries by key (the common signed neighbours of the pair). */
function describePrediction(projection: SignedProjection, predicted: Predicted, i: number): Prediction {
  const { offsets, neighbors, keys } = projection;
  const { lo, hi, sign, viaCount } = predicted.at(i);
  const ofLo = new Set(neighbors.subarray(offsets[lo], offsets[lo + 1]));
  const via: string[] = [];
  for (let j = offsets[hi]; j < offsets[hi + 1]; j++) if (ofLo.has(neighbors[j])) via.push(keys[neighbors[j]]);
  return {
    nodes: [keys[lo], keys[hi]],
    expected: sign > 0 ? "positive" : "negative",
    via: via.sort().slice(0, balanceBounds.maxViaListed),
    viaCount,
  };
}
