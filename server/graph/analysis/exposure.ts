// Exposure: a target's assets (what it owns, funds, employs or is national of) and the actors that threaten them.
import { AppError } from "../../errors.js";
import { viewPredicates, type GraphFilters, type ViewPredicates } from "../query/filters.js";
import { evidenceCost } from "../query/evidence-cost.js";
import { compileFilters, entryPasses, pathIndexFor, type CompiledFilters, type PathIndex } from "../query/csr-index.js";
import type { ActorGraph, Dataset } from "../model/types.js";
import { memoReliabilityIndex } from "../model/grades.js";
import { Budget, checkInt, type BudgetOptions } from "./budget.js";
import { citeEdge, round3, type CitedEdge } from "./cited-edge.js";
import { indexedRoles, relationRoles, type IndexedRoles, type RelationRoles } from "./relation-roles.js";

export const exposureBounds = {
  maxLength: 4,
  defaultLength: 3,
  /** Assets followed from the target; beyond, the answer is truncated. */
  maxAssets: 1_000,
  maxLabels: 2_000_000,
  /** Assets and actors listed (scores always count every threat), and threats listed per asset. */
  defaultLimit: 100,
  maxLimit: 1_000,
  defaultThreats: 20,
  maxThreats: 200,
} as const;

export interface ExposureQuery extends GraphFilters {
  target: string;
  maxLength?: number;
  /** How many assets (and actors) to list, highest score first. */
  limit?: number;
  /** How many threats to list per asset, cheapest first. */
  threats?: number;
}

export interface Threat {
  actor: string;
  /** Sum of the evidence costs of the path's hops (see README: reported 1, assessed 2, speculative 4, …). */
  cost: number;
  /** The node the negative relation lands on: the asset itself or one of its owners. */
  on: string;
  /**
   * From the actor over conduit relations to the negative relation that lands on `on`, then (when `on` is an
   * owner) down the holding relations to the asset.
   */
  path: { nodes: string[]; edges: CitedEdge[] };
}

export interface ExposedAsset {
  id: string;
  label: string;
  kind: string;
  /** Sum over distinct threatening actors of 1 / cost. */
  score: number;
  /** Owners from the direct one up to the target, and the holding relations that make it an asset. */
  owners: string[];
  holding: CitedEdge[];
  /** Every threatening actor counted in `score`; `threats` lists the cheapest of them. */
  threatCount: number;
  threats: Threat[];
}

export interface ExposureResult {
  target: string;
  assets: ExposedAsset[];
  actors: { id: string; label: string; kind: string; assets: number; score: number }[];
  /** How many assets and threatening actors there are before `limit`. */
  total: { assets: number; actors: number };
  truncated: boolean;
}

/**
 * Finds the target's assets by following holding relations (`owns`, `owned-by` in the vocabulary), then searches
 * backwards from every asset over the graph's CSR index: first over a negative relation landing on the asset, then
 * over `conduit` relations (perpetrated, claimed, allied with…) towards the actors behind it. Hop k is layer k, so
 * a path never exceeds `maxLength`, and each asset keeps a label per node only while it is the cheapest found with
 * as few or fewer hops. An actor's threat on an asset is its cheapest path ending on the asset, or on one of its
 * owners and then down the holding relations to the asset. The assets share one budget and one set of scratch
 * arrays, searched one after the other; nothing is ever searched per actor pair.
 */
export async function analyseExposure(
  dataset: Pick<Dataset, "graph" | "vocabulary" | "sources">,
  query: ExposureQuery,
  budgetOptions: BudgetOptions = {},
): Promise<ExposureResult> {
  const { graph } = dataset;
  const maxLength = checkInt("maxLength", query.maxLength, exposureBounds.defaultLength, 1, exposureBounds.maxLength);
  if (typeof query.target !== "string" || !graph.hasNode(query.target))
    throw new AppError("NODE_NOT_FOUND", `target: no node has id "${String(query.target)}"`, { param: "target", id: query.target });
  const limit = checkInt("limit", query.limit, exposureBounds.defaultLimit, 1, exposureBounds.maxLimit);
  const threatLimit = checkInt("threats", query.threats, exposureBounds.defaultThreats, 0, exposureBounds.maxThreats);
  const predicates = viewPredicates(dataset, query);
  const roles = relationRoles(dataset.vocabulary);
  const reliability = memoReliabilityIndex(dataset.sources);
  const budget = new Budget(budgetOptions);
  const target = query.target;
  if (!predicates.isIdentity && !predicates.node(target, graph.getNodeAttributes(target)))
    return { target, assets: [], actors: [], total: { assets: 0, actors: 0 }, truncated: false };

  const { holdings, capped } = findAssets(graph, predicates, roles, target);
  const ix = pathIndexFor(graph, reliability);
  const seeds = [...holdings.keys()].map((k) => ix.index.get(k)!);
  const search = new ThreatSearch(ix, compileFilters(ix, query, predicates), indexedRoles(roles, ix), maxLength, seeds);
  const direct = new Map<number, DirectThreats>();
  for (const seed of seeds) {
    if (budget.spent) break;
    if (search.labels > exposureBounds.maxLabels) {
      budget.truncated = true;
      break;
    }
    direct.set(seed, await search.run(seed, budget));
  }

  const cost = (edge: string) => evidenceCost(graph.getEdgeAttributes(edge), reliability);
  const chains = new Map(seeds.map((seed) => [seed, assetChain(ix, holdings, seed, cost)]));
  const best = new BestThreats(ix.keys.length);
  const { scored, actorAssets, actorScore, actorsSeen } = await scoreAssets(seeds, chains, direct, best, budget);
  const key = (v: number) => ix.keys[v];
  scored.sort((x, y) => y.score - x.score || key(x.asset).localeCompare(key(y.asset)));
  // Only the listed assets and threats are traced and cited: the scores above already count every threat.
  // Many listed paths share their last hops: each edge is cited once per answer.
  const cited = new Map<string, CitedEdge>();
  const cite = (edge: string) => cited.get(edge) ?? cited.set(edge, citeEdge(graph, roles, reliability, edge)).get(edge)!;
  const assets: ExposedAsset[] = scored.slice(0, limit).map(({ asset, score, threatCount }) => {
    const chain = chains.get(asset)!;
    best.collect(chain, direct);
    const ranked = best.actors.slice().sort((a, b) => best.cost[a] - best.cost[b] || key(a).localeCompare(key(b)));
    const threats: Threat[] = ranked.slice(0, threatLimit).map((actor) => {
      const on = best.on[actor];
      const attack = search.trace(chain.nodes[on], actor, best.layer[actor]);
      return {
        actor: key(actor),
        cost: round3(best.cost[actor]),
        on: key(chain.nodes[on]),
        path: {
          nodes: [...attack.nodes.map(key), ...chain.nodes.slice(0, on).reverse().map(key)],
          edges: [...attack.edges.map(cite), ...chain.edges.slice(0, on).reverse().map(cite)],
        },
      };
    });
    const attributes = graph.getNodeAttributes(key(asset));
    return {
      id: key(asset),
      label: attributes.label,
      kind: attributes.kind,
      score: round3(score),
      owners: chain.nodes.slice(1).map(key),
      holding: chain.edges.map(cite),
      threatCount,
      threats,
    };
  });
  const actors = actorsSeen.map((v) => {
    const a = graph.getNodeAttributes(key(v));
    return { id: key(v), label: a.label, kind: a.kind, assets: actorAssets[v], score: actorScore[v] };
  });
  actors.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
  return {
    target,
    assets,
    actors: actors.slice(0, limit).map((a) => ({ ...a, score: round3(a.score) })),
    total: { assets: scored.length, actors: actors.length },
    // Past the asset cap the listed assets are a subset, but every one of them was searched in full.
    truncated: budget.truncated || capped,
  };
}

/**
 * Every asset's score (Σ 1/cost over its distinct threatening actors) and every actor's (the same sum over the
 * assets it threatens, and how many), in one pass over the assets' cheapest threats.
 */
async function scoreAssets(seeds: number[], chains: Map<number, AssetChain>, direct: Map<number, DirectThreats>, best: BestThreats, budget: Budget) {
  const actorAssets = new Int32Array(best.cost.length);
  const actorScore = new Float64Array(best.cost.length);
  const actorsSeen: number[] = [];
  const scored: { asset: number; score: number; threatCount: number }[] = [];
  for (const seed of seeds) {
    if (budget.step(64) && !(await budget.pause())) break;
    best.collect(chains.get(seed)!, direct);
    let score = 0;
    for (const actor of best.actors) {
      const share = 1 / best.cost[actor];
      score += share;
      if (actorAssets[actor]++ === 0) actorsSeen.push(actor);
      actorScore[actor] += share;
    }
    scored.push({ asset: seed, score, threatCount: best.actors.length });
  }
  return { scored, actorAssets, actorScore, actorsSeen };
}

/** Asset → the holding edge and owner it was reached through (the target maps to null): a breadth-first tree. */
type Holdings = Map<string, { owner: string; edge: string } | null>;

/** The holding tree from the target, cut at `maxAssets` (then `capped`). */
function findAssets(graph: ActorGraph, predicates: ViewPredicates, roles: RelationRoles, target: string): { holdings: Holdings; capped: boolean } {
  const holdings: Holdings = new Map([[target, null]]);
  let frontier = [target];
  while (frontier.length && holdings.size < exposureBounds.maxAssets) {
    const next: string[] = [];
    for (const owner of frontier) {
      graph.forEachEdge(owner, (edge, attributes, source, targetNode, sa, ta) => {
        const role = roles.exposure(attributes.relation);
        const held = role === "owns" && source === owner ? targetNode : role === "owned-by" && targetNode === owner ? source : null;
        if (held === null || holdings.has(held) || holdings.size >= exposureBounds.maxAssets) return;
        if (!predicates.isIdentity && (!predicates.edge(edge, attributes) || !predicates.node(held, held === source ? sa : ta))) return;
        holdings.set(held, { owner, edge });
        next.push(held);
      });
    }
    frontier = next;
  }
  return { holdings, capped: holdings.size >= exposureBounds.maxAssets };
}

/** An asset, its owners up to the target, the holding edges between them, and the cost down from each owner. */
interface AssetChain {
  /** [asset, direct owner, …, target] as index nodes. */
  nodes: number[];
  /** edges[i] joins nodes[i] and nodes[i + 1]. */
  edges: string[];
  /** down[i]: the evidence cost of the holding relations from nodes[i] down to the asset. */
  down: number[];
}

function assetChain(ix: PathIndex, holdings: Holdings, asset: number, cost: (edge: string) => number): AssetChain {
  const chain: AssetChain = { nodes: [asset], edges: [], down: [0] };
  for (let h = holdings.get(ix.keys[asset]); h; h = holdings.get(h.owner)) {
    chain.edges.push(h.edge);
    chain.down.push(chain.down[chain.down.length - 1] + cost(h.edge));
    chain.nodes.push(ix.index.get(h.owner)!);
  }
  return chain;
}

/** The actors one asset's (or owner's) labels reach, each with its cheapest cost and the layer of that label. */
interface DirectThreats {
  actor: Int32Array;
  cost: Float64Array;
  layer: Uint8Array;
}

/** One asset's cheapest threat per actor, over the asset itself and its owners: stamped scratch arrays, reused. */
class BestThreats {
  readonly cost: Float64Array;
  readonly on: Int32Array;
  readonly layer: Uint8Array;
  private readonly stamp: Int32Array;
  private generation = 0;
  actors: number[] = [];

  constructor(n: number) {
    this.cost = new Float64Array(n);
    this.on = new Int32Array(n);
    this.layer = new Uint8Array(n);
    this.stamp = new Int32Array(n);
  }

  collect(chain: AssetChain, direct: Map<number, DirectThreats>): void {
    const g = ++this.generation;
    this.actors = [];
    // Reaching the asset through its i-th owner adds the evidence cost of the i holding relations down to it.
    chain.nodes.forEach((owner, i) => {
      const found = direct.get(owner);
      if (!found) return;
      for (let j = 0; j < found.actor.length; j++) {
        const actor = found.actor[j];
        const c = found.cost[j] + chain.down[i];
        if (this.stamp[actor] !== g) {
          this.stamp[actor] = g;
          this.actors.push(actor);
        } else if (!(c < this.cost[actor] - 1e-9)) continue;
        this.cost[actor] = c;
        this.on[actor] = i;
        this.layer[actor] = found.layer[j];
      }
    });
  }
}

/** Labels of one asset's search, layer by layer: the node reached, its cost, the entry taken and the node it leads to. */
interface Layer {
  node: number[];
  cost: number[];
  entry: number[];
  next: number[];
  /** Label position by node, built the first time a path is traced through this layer. */
  position?: Map<number, number>;
}

/** The backward layered search from one asset at a time, over the CSR index, with scratch arrays shared by all assets. */
class ThreatSearch {
  /** Labels kept over every asset searched so far (the memory bound). */
  labels = 0;
  /** The target's assets: never threats themselves. */
  private readonly isAsset: Uint8Array;
  private readonly layersOf = new Map<number, Layer[]>();
  private readonly best: Float64Array;
  private readonly stamp: Int32Array;
  /** Position of a node's label in the layer being built (valid when `slotStamp` matches). */
  private readonly slot: Int32Array;
  private readonly slotStamp: Int32Array;
  private generation = 0;

  constructor(
    private readonly ix: PathIndex,
    private readonly filters: CompiledFilters,
    private readonly roles: IndexedRoles,
    private readonly maxLength: number,
    assets: number[],
  ) {
    const n = ix.keys.length;
    this.isAsset = new Uint8Array(n);
    for (const asset of assets) this.isAsset[asset] = 1;
    this.best = new Float64Array(n);
    this.stamp = new Int32Array(n);
    this.slot = new Int32Array(n);
    this.slotStamp = new Int32Array(n);
  }

  /** Searches back from `seed`; returns the actors reached (never the target's assets) at their cheapest. */
  async run(seed: number, budget: Budget): Promise<DirectThreats> {
    const { ix, filters } = this;
    const g = ++this.generation;
    this.stamp[seed] = g;
    this.best[seed] = 0;
    const layers: Layer[] = [];
    // Layer 1: a negative relation landing on the seed (in-edges and undirected ones: directed ones must point at it).
    let layer = this.open(layers);
    for (const [from, to] of inbound(ix, seed))
      for (let e = from; e < to; e++)
        if (this.roles.sign[ix.relation[e]] < 0 && entryPasses(ix, filters, e)) this.offer(layer, layers.length, ix.neighbor[e], ix.hopCost[e], e, seed);
    // Layers 2..maxLength: conduit relations pointing at a node of the previous layer (their source acts through it).
    for (let k = 2; k <= this.maxLength && layer.node.length && !budget.spent; k++) {
      const previous = layer;
      layer = this.open(layers);
      for (let i = 0; i < previous.node.length; i++) {
        const node = previous.node[i];
        if (budget.step(ix.start[node + 1] - ix.start[node]) && !(await budget.pause())) break;
        for (const [from, to] of inbound(ix, node))
          for (let e = from; e < to; e++)
            if (this.roles.conduit[ix.relation[e]] && entryPasses(ix, filters, e))
              this.offer(layer, layers.length, ix.neighbor[e], previous.cost[i] + ix.hopCost[e], e, node);
      }
    }
    this.layersOf.set(seed, layers);
    // The cheapest label of a node is its last one: a label is only ever added when it beats every earlier one.
    const found: number[] = [];
    const layerOf = new Map<number, number>();
    layers.forEach((l, k) => {
      for (let i = 0; i < l.node.length; i++) {
        const v = l.node[i];
        this.labels++;
        if (!this.roles.actor[ix.kind[v]] || this.isAsset[v]) continue;
        if (!layerOf.has(v)) found.push(v);
        layerOf.set(v, k);
      }
    });
    return {
      actor: Int32Array.from(found),
      cost: Float64Array.from(found, (v) => this.best[v]),
      layer: Uint8Array.from(found, (v) => layerOf.get(v)!),
    };
  }

  /** The path from `actor` to `seed` through the labels of the given layer and those below it. */
  trace(seed: number, actor: number, layer: number): { nodes: number[]; edges: string[] } {
    const layers = this.layersOf.get(seed)!;
    const nodes = [actor];
    const edges: string[] = [];
    let node = actor;
    for (let k = layer; k >= 0; k--) {
      const l = layers[k];
      l.position ??= new Map(l.node.map((v, i) => [v, i]));
      const i = l.position.get(node)!;
      edges.push(this.ix.edge[l.entry[i]]);
      node = l.next[i];
      nodes.push(node);
    }
    return { nodes, edges };
  }

  private open(layers: Layer[]): Layer {
    const layer: Layer = { node: [], cost: [], entry: [], next: [] };
    layers.push(layer);
    return layer;
  }

  /** Keeps a label only when it beats every label of the node with as many hops or fewer (one per node per layer). */
  private offer(layer: Layer, depth: number, node: number, cost: number, entry: number, next: number): void {
    const g = this.generation;
    if (this.stamp[node] === g && this.best[node] <= cost + 1e-12) return;
    this.stamp[node] = g;
    this.best[node] = cost;
    const tag = g * 8 + depth;
    let i = this.slot[node];
    if (this.slotStamp[node] !== tag) {
      this.slotStamp[node] = tag;
      this.slot[node] = i = layer.node.length;
      layer.node.push(node);
      layer.cost.push(cost);
      layer.entry.push(entry);
      layer.next.push(next);
      return;
    }
    layer.cost[i] = cost;
    layer.entry[i] = entry;
    layer.next[i] = next;
  }
}

/** The entry ranges whose edges point at `node`: its in-edges and its undirected edges. */
function inbound(ix: PathIndex, node: number): [number, number][] {
  return [
    [ix.start[node], ix.outStart[node]],
    [ix.undStart[node], ix.start[node + 1]],
  ];
}
