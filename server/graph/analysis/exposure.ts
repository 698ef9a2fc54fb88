// Exposure: a target's assets (what it owns, funds, employs or is national of) and the actors that threaten them.
import { AppError } from "../../errors.js";
import { viewPredicates, type GraphFilters, type ViewPredicates } from "../query/filters.js";
import { evidenceCost } from "../query/paths.js";
import type { ActorGraph, Dataset } from "../model/types.js";
import { Budget, type BudgetOptions } from "./budget.js";
import { citeEdge, round3, type CitedEdge } from "./cited-edge.js";
import { relationRoles, type RelationRoles } from "./relation-roles.js";

/** `maxThreatsListed`: threats per asset described with their cited path (the score still counts every threat). */
export const exposureBounds = { maxLength: 4, defaultLength: 3, maxAssets: 5_000, maxLabels: 2_000_000, maxThreatsListed: 50 } as const;

export interface ExposureQuery extends GraphFilters {
  target: string;
  maxLength?: number;
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
  /** The cheapest threats (at most `exposureBounds.maxThreatsListed`), cheapest first. */
  threats: Threat[];
  /** How many distinct actors threaten the asset (all of them count in `score`). */
  threatCount: number;
}

export interface ExposureResult {
  target: string;
  assets: ExposedAsset[];
  actors: { id: string; label: string; kind: string; assets: number; score: number }[];
  truncated: boolean;
}

interface Label {
  cost: number;
  edge: string;
  /** The node one hop nearer the asset (for hop 1, the asset or owner itself). */
  next: string;
}

/**
 * Finds the target's assets by following holding relations (`owns`, `owned-by` in the vocabulary), then runs one
 * bounded multi-source search backwards from all of them at once: first over a negative relation landing on an
 * asset, then over `conduit` relations (perpetrated, claimed, allied with…) towards the actors behind it. Hop k of
 * the search is layer k, so a path never exceeds `maxLength` and each layer keeps the cheapest label per
 * (asset, node). An actor's threat on an asset is its cheapest path ending on the asset, or on one of its owners and
 * then down the holding relations to the asset.
 */
export async function analyseExposure(
  dataset: Pick<Dataset, "graph" | "vocabulary">,
  query: ExposureQuery,
  budgetOptions: BudgetOptions = {},
): Promise<ExposureResult> {
  const { graph } = dataset;
  const maxLength = query.maxLength ?? exposureBounds.defaultLength;
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > exposureBounds.maxLength)
    throw new AppError("BAD_PARAM", `maxLength: expected an integer from 1 to ${exposureBounds.maxLength}`, { param: "maxLength" });
  if (typeof query.target !== "string" || !graph.hasNode(query.target))
    throw new AppError("NODE_NOT_FOUND", `target: no node has id "${String(query.target)}"`, { param: "target", id: query.target });
  const predicates = viewPredicates(dataset, query);
  const roles = relationRoles(dataset.vocabulary);
  const budget = new Budget(budgetOptions);
  const target = query.target;
  if (!predicates.isIdentity && !predicates.node(target, graph.getNodeAttributes(target)))
    return { target, assets: [], actors: [], truncated: false };

  const holdings = findAssets(graph, predicates, roles, target, budget);
  const seeds = [...holdings.keys()];
  const layers = await searchThreats(graph, predicates, roles, seeds, maxLength, budget);

  const cite = (edge: string) => citeEdge(graph, roles, edge);
  const actorTotals = new Map<string, { assets: number; score: number }>();
  const assets: ExposedAsset[] = seeds.map((asset) => {
    const owners = ownerChain(holdings, asset);
    const holdingPath = holdingEdges(holdings, asset);
    const best = new Map<string, { cost: number; on: number; layer: number }>();
    // Reaching the asset through its i-th owner adds the evidence cost of the i holding relations down to it.
    let downCost = 0;
    [asset, ...owners].forEach((on, i) => {
      if (i > 0) downCost += evidenceCost(graph.getEdgeAttributes(holdingPath[i - 1]));
      layers.forEach((layer, k) => {
        for (const [actor, label] of layer.get(on) ?? []) {
          if (holdings.has(actor) || !roles.isActorKind(graph.getNodeAttribute(actor, "kind"))) continue;
          const old = best.get(actor);
          if (!old || label.cost + downCost < old.cost - 1e-9) best.set(actor, { cost: label.cost + downCost, on: i, layer: k });
        }
      });
    });
    const chain = [asset, ...owners];
    // Tracing and citing every threat of every asset is assets × actors paths (minutes on a large graph): only the
    // cheapest ones are described; `threatCount` says how many there are.
    const cheapest = cheapestEntries(best, exposureBounds.maxThreatsListed);
    const threats: Threat[] = cheapest.map(([actor, b]) => {
      const attack = tracePath(layers, chain[b.on], actor, b.layer, cite);
      const down = holdingPath.slice(0, b.on).reverse();
      return {
        actor,
        cost: round3(b.cost),
        on: chain[b.on],
        path: { nodes: [...attack.nodes, ...chain.slice(0, b.on).reverse()], edges: [...attack.edges, ...down.map(cite)] },
      };
    });
    threats.sort((x, y) => x.cost - y.cost || x.actor.localeCompare(y.actor));
    let score = 0;
    for (const [actor, b] of best) {
      score += 1 / b.cost;
      const total = actorTotals.get(actor) ?? { assets: 0, score: 0 };
      total.assets++;
      total.score += 1 / b.cost;
      actorTotals.set(actor, total);
    }
    const attributes = graph.getNodeAttributes(asset);
    return {
      id: asset,
      label: attributes.label,
      kind: attributes.kind,
      score: round3(score),
      owners,
      holding: holdingPath.map(cite),
      threats,
      threatCount: best.size,
    };
  });
  assets.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
  const actors = [...actorTotals].map(([id, t]) => {
    const a = graph.getNodeAttributes(id);
    return { id, label: a.label, kind: a.kind, assets: t.assets, score: round3(t.score) };
  });
  actors.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
  return { target, assets, actors, truncated: budget.truncated };
}

/** The `max` cheapest entries by cost (ties by actor id), without sorting all of them. */
function cheapestEntries<T extends { cost: number }>(entries: Map<string, T>, max: number): [string, T][] {
  const before = (x: [string, T], y: [string, T]) => x[1].cost < y[1].cost || (x[1].cost === y[1].cost && x[0] < y[0]);
  const kept: [string, T][] = [];
  for (const entry of entries) {
    if (kept.length === max && !before(entry, kept[max - 1])) continue;
    let i = Math.min(kept.length, max - 1);
    if (kept.length < max) kept.push(entry);
    while (i > 0 && before(entry, kept[i - 1])) {
      kept[i] = kept[i - 1];
      i--;
    }
    kept[i] = entry;
  }
  return kept;
}

/** Asset → the holding edge and owner it was reached through (the target maps to null): a breadth-first tree. */
type Holdings = Map<string, { owner: string; edge: string } | null>;

function findAssets(graph: ActorGraph, predicates: ViewPredicates, roles: RelationRoles, target: string, budget: Budget): Holdings {
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
  if (holdings.size >= exposureBounds.maxAssets) budget.truncated = true;
  return holdings;
}

function ownerChain(holdings: Holdings, asset: string): string[] {
  const owners: string[] = [];
  for (let h = holdings.get(asset); h; h = holdings.get(h.owner)) owners.push(h.owner);
  return owners;
}

function holdingEdges(holdings: Holdings, asset: string): string[] {
  const edges: string[] = [];
  for (let h = holdings.get(asset); h; h = holdings.get(h.owner)) edges.push(h.edge);
  return edges;
}

/** layers[k]: seed → node → cheapest label reaching it in exactly k+1 hops (dominated labels are not kept). */
type Layers = Map<string, Map<string, Label>>[];

async function searchThreats(
  graph: ActorGraph,
  predicates: ViewPredicates,
  roles: RelationRoles,
  seeds: string[],
  maxLength: number,
  budget: Budget,
): Promise<Layers> {
  const best = new Map<string, Map<string, number>>(seeds.map((s) => [s, new Map([[s, 0]])]));
  const usable = (edge: string, attributes: Parameters<typeof evidenceCost>[0], other: string) =>
    predicates.isIdentity || (predicates.edge(edge, attributes) && predicates.node(other, graph.getNodeAttributes(other)));
  let labels = 0;
  const layers: Layers = [];
  // Layer 1: a negative relation landing on the seed (directed ones must point at it).
  let frontier = new Map<string, Map<string, Label>>();
  for (const seed of seeds) {
    const found = new Map<string, Label>();
    graph.forEachInboundEdge(seed, (edge, attributes, source, target) => {
      const other = source === seed ? target : source;
      if (other === seed || roles.signValue(attributes.relation) >= 0 || !usable(edge, attributes, other)) return;
      offer(found, best.get(seed)!, other, { cost: evidenceCost(attributes), edge, next: seed });
    });
    frontier.set(seed, found);
  }
  layers.push(frontier);
  // Layers 2..maxLength: conduit relations pointing at the current node (their source acts through it).
  for (let k = 2; k <= maxLength && !budget.spent; k++) {
    const layer = new Map<string, Map<string, Label>>();
    for (const [seed, found] of frontier) {
      const seedBest = best.get(seed)!;
      const out = new Map<string, Label>();
      for (const [node, label] of found) {
        if (seedBest.get(node) !== label.cost) continue;
        if (budget.step(graph.degree(node)) && !(await budget.pause())) break;
        graph.forEachInboundEdge(node, (edge, attributes, source, target) => {
          const other = source === node ? target : source;
          if (other === node || roles.exposure(attributes.relation) !== "conduit" || !usable(edge, attributes, other)) return;
          offer(out, seedBest, other, { cost: label.cost + evidenceCost(attributes), edge, next: node });
        });
      }
      labels += out.size;
      if (out.size) layer.set(seed, out);
    }
    if (labels > exposureBounds.maxLabels) budget.truncated = true;
    layers.push(layer);
    frontier = layer;
  }
  return layers;
}

/** Keeps a label only when it beats every cheaper-or-shorter label already found for that node. */
function offer(found: Map<string, Label>, seedBest: Map<string, number>, node: string, label: Label): void {
  const old = seedBest.get(node);
  if (old !== undefined && old <= label.cost + 1e-12) return;
  seedBest.set(node, label.cost);
  found.set(node, label);
}

function tracePath(layers: Layers, seed: string, actor: string, layer: number, cite: (edge: string) => CitedEdge) {
  const nodes = [actor];
  const edges: CitedEdge[] = [];
  let node = actor;
  for (let k = layer; k >= 0; k--) {
    const label = layers[k].get(seed)!.get(node)!;
    edges.push(cite(label.edge));
    node = label.next;
    nodes.push(node);
  }
  return { nodes, edges };
}
