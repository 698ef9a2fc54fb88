// Gathers the facts of an analyst's brief on one actor: exposure, balance, hostile paths, change, contested claims, ego network.
import { memoReliabilityIndex } from "../../model/grades.js";
import { AppError } from "../../../errors.js";
import { parsePartialDate } from "../../model/dates.js";
import { viewPredicates, type GraphFilters } from "../../query/filters.js";
import { evidenceCost, findPaths, type FoundPath } from "../../query/paths.js";
import type { Dataset, Evidence, Relation, SourceEntry } from "../../model/types.js";
import { analyseBalance, balanceBounds, type CitedPair, type Prediction } from "../balance.js";
import { analyseExposure, type ExposureResult } from "../exposure.js";
import { findContested, type ContestedItem } from "../contested.js";
import { diffBetween, diffBounds, type DiffNode } from "../diff.js";
import { citeEdge, type CitedEdge } from "../cited-edge.js";
import { relationRoles } from "../relation-roles.js";
import { egoPicture, type EgoPicture } from "./ego-svg.js";

/** Hard bounds of one brief: how much of each analysis it reads and how long it may take in all. */
export const reportBounds = {
  /** Pages of `analyseBalance` read (each `balanceBounds.maxLimit` long) before the brief says it is truncated. */
  maxBalancePages: 20,
  /** Hostile actors whose paths to and from the focus are searched (all of them are listed). */
  maxHostileSearched: 8,
  pathsPerDirection: 3,
  pathMaxLength: 4,
  /** Wall clock for the whole brief; later sections are skipped (and the brief marked truncated) past it. */
  timeBudgetMs: 15_000,
} as const;

export interface ReportQuery extends GraphFilters {
  focus: string;
  /** The change section compares the as-of views at `from` and `to` (both or neither). */
  from?: string;
  to?: string;
}

export interface NodeRef {
  id: string;
  label: string;
  kind: string;
}

export interface PredictionFact extends Prediction {
  /** For each listed intermediary, the signed relations joining it to both ends of the pair. */
  support: { via: string; edges: CitedEdge[] }[];
}

export interface HostileActor {
  actor: string;
  /** The negative relations between the focus and this actor, strongest evidence first. */
  edges: CitedEdge[];
}

export interface HostilePaths {
  actor: string;
  /** Forward paths from the focus to the actor, and from the actor to the focus (weighted by evidence). */
  to: FoundPath[];
  from: FoundPath[];
}

export interface ChangeFacts {
  from: string;
  to: string;
  added: { nodes: (DiffNode & { evidence: Evidence[] })[]; edges: CitedEdge[] };
  removed: { nodes: (DiffNode & { evidence: Evidence[] })[]; edges: CitedEdge[] };
}

export interface ReportFacts {
  focus: NodeRef & { description: string; aliases: string[]; evidence: Evidence[] };
  /** False when the filters hide the focus itself: every section is then empty. */
  focusVisible: boolean;
  title: string;
  dataVersion: string;
  generatedAt: string;
  filters: GraphFilters;
  exposure: ExposureResult;
  balance: {
    summary: Awaited<ReturnType<typeof analyseBalance>>["summary"];
    unbalanced: CitedPair[];
    ambivalent: CitedPair[];
    predictions: PredictionFact[];
  };
  hostile: HostileActor[];
  paths: HostilePaths[];
  /** Null when no `from`/`to` range was asked for. */
  changes: ChangeFacts | null;
  contested: ContestedItem[];
  ego: EgoPicture;
  /** Every node the facts mention, for labels. */
  nodes: Map<string, NodeRef>;
  relations: Map<string, Relation>;
  sources: SourceEntry[];
  /** True when any analysis, or the brief's own bounds, stopped early. */
  truncated: boolean;
}

type ReportDataset = Pick<Dataset, "graph" | "vocabulary" | "sources" | "dataVersion">;

function checkRange(query: ReportQuery): { from: string; to: string } | null {
  if (query.from === undefined && query.to === undefined) return null;
  for (const name of ["from", "to"] as const) {
    const value = query[name];
    if (value === undefined) throw new AppError("BAD_PARAM", `${name}: required when ${name === "from" ? "to" : "from"} is given`, { param: name });
    if (!parsePartialDate(value)) throw new AppError("BAD_PARAM", `${name}: expected a date YYYY, YYYY-MM or YYYY-MM-DD`, { param: name });
  }
  if (parsePartialDate(query.from!)!.start > parsePartialDate(query.to!)!.end)
    throw new AppError("BAD_PARAM", `from: ${query.from} is after to: ${query.to}`, { param: "from" });
  return { from: query.from!, to: query.to! };
}

function filtersOf(query: ReportQuery): GraphFilters {
  const filters: GraphFilters = {};
  if (query.kinds?.length) filters.kinds = query.kinds;
  if (query.relations?.length) filters.relations = query.relations;
  if (query.minConfidence) filters.minConfidence = query.minConfidence;
  if (query.asOf) filters.asOf = query.asOf;
  return filters;
}

/** Collects every fact the brief states about `query.focus`; each fact keeps the evidence it rests on. */
export async function gatherReport(dataset: ReportDataset, query: ReportQuery, now: () => number = Date.now): Promise<ReportFacts> {
  const { graph } = dataset;
  const focus = query.focus;
  if (typeof focus !== "string" || !graph.hasNode(focus))
    throw new AppError("NODE_NOT_FOUND", `focus: no node has id "${String(focus)}"`, { param: "focus", id: focus });
  const range = checkRange(query);
  const filters = filtersOf(query);
  const predicates = viewPredicates(dataset, filters);
  const deadline = now() + reportBounds.timeBudgetMs;
  const late = () => now() > deadline;
  const focusAttributes = graph.getNodeAttributes(focus);
  const focusVisible = predicates.node(focus, focusAttributes);
  let truncated = false;

  const exposure = await analyseExposure(dataset, { ...filters, target: focus });
  truncated ||= exposure.truncated;

  const balance = await gatherBalance(dataset, filters, focus, late);
  truncated ||= balance.truncated;
  const predictions = balance.predictions.map((p) => supportOf(dataset, filters, p));

  const hostile = focusVisible ? hostileActors(dataset, filters, focus) : [];
  const paths: HostilePaths[] = [];
  for (const h of hostile.slice(0, reportBounds.maxHostileSearched)) {
    if (late()) {
      truncated = true;
      break;
    }
    const search = (from: string, to: string) =>
      findPaths(dataset, {
        ...filters,
        from,
        to,
        k: reportBounds.pathsPerDirection,
        weighted: true,
        direction: "forward",
        maxLength: reportBounds.pathMaxLength,
      });
    const to = search(focus, h.actor);
    const from = search(h.actor, focus);
    truncated ||= to.truncated || from.truncated;
    paths.push({ actor: h.actor, to: to.paths, from: from.paths });
  }
  if (hostile.length > reportBounds.maxHostileSearched) truncated = true;

  const ego = egoPicture(dataset, focus, filters, new Date(now()));
  let changes: ChangeFacts | null = null;
  if (range) {
    const result = await changesAround(dataset, filters, range, ego.members);
    changes = result.changes;
    truncated ||= result.truncated;
  }

  const contestedResult = await findContested(dataset, filters);
  truncated ||= contestedResult.truncated;
  const contested = contestedResult.contested.filter((c) => c.nodes.includes(focus));

  const facts: ReportFacts = {
    focus: {
      id: focus,
      label: focusAttributes.label,
      kind: focusAttributes.kind,
      description: focusAttributes.description ?? "",
      aliases: focusAttributes.aliases ?? [],
      evidence: focusAttributes.evidence ?? [],
    },
    focusVisible,
    title: `Brief: ${focusAttributes.label}`,
    dataVersion: dataset.dataVersion,
    generatedAt: new Date(now()).toISOString(),
    filters,
    exposure,
    balance: { summary: balance.summary, unbalanced: balance.unbalanced, ambivalent: balance.ambivalent, predictions },
    hostile,
    paths,
    changes,
    contested,
    ego,
    nodes: new Map(),
    relations: new Map(dataset.vocabulary.relations.map((r) => [r.id, r])),
    sources: dataset.sources,
    truncated: truncated || ego.truncated,
  };
  facts.nodes = mentionedNodes(dataset, facts);
  return facts;
}

/** Reads `analyseBalance` page by page and keeps what involves the focus; the summary is the whole view's. */
async function gatherBalance(dataset: ReportDataset, filters: GraphFilters, focus: string, late: () => boolean) {
  const limit = balanceBounds.maxLimit;
  const unbalanced: CitedPair[] = [];
  const ambivalent: CitedPair[] = [];
  const predictions: Prediction[] = [];
  let truncated = false;
  let offset = 0;
  for (let page = 0; ; page++) {
    const result = await analyseBalance(dataset, { ...filters, limit, offset });
    truncated ||= result.truncated;
    unbalanced.push(...result.unbalanced.filter((t) => t.nodes.includes(focus)));
    ambivalent.push(...result.ambivalent.filter((t) => t.nodes.includes(focus)));
    predictions.push(...result.predictions.filter((p) => p.nodes.includes(focus)));
    offset += limit;
    const more = offset < Math.max(result.total.unbalanced, result.total.ambivalent, result.total.predictions ?? 0);
    if (!more) return { summary: result.summary, unbalanced, ambivalent, predictions, truncated };
    if (page + 1 >= reportBounds.maxBalancePages || late())
      return { summary: result.summary, unbalanced, ambivalent, predictions, truncated: true };
  }
}

/** Every signed relation in the view between two nodes, either direction. */
function signedEdgesBetween(dataset: ReportDataset, filters: GraphFilters, a: string, b: string): CitedEdge[] {
  const { graph } = dataset;
  const predicates = viewPredicates(dataset, filters);
  const roles = relationRoles(dataset.vocabulary);
  const edges = new Set([...graph.edges(a, b), ...graph.edges(b, a)]);
  return [...edges]
    .filter((e) => roles.signValue(graph.getEdgeAttribute(e, "relation")) !== 0 && predicates.edge(e, graph.getEdgeAttributes(e)))
    .map((e) => citeEdge(graph, roles, memoReliabilityIndex(dataset.sources), e));
}

function supportOf(dataset: ReportDataset, filters: GraphFilters, p: Prediction): PredictionFact {
  const [a, b] = p.nodes;
  return {
    ...p,
    support: p.via.map((via) => ({ via, edges: [...signedEdgesBetween(dataset, filters, a, via), ...signedEdgesBetween(dataset, filters, via, b)] })),
  };
}

/** Actors joined to the focus by a negative relation in the view, the best-evidenced first. */
function hostileActors(dataset: ReportDataset, filters: GraphFilters, focus: string): HostileActor[] {
  const { graph } = dataset;
  const predicates = viewPredicates(dataset, filters);
  const roles = relationRoles(dataset.vocabulary);
  const byActor = new Map<string, string[]>();
  graph.forEachEdge(focus, (edge, attributes, source, target) => {
    const other = source === focus ? target : source;
    if (other === focus || roles.signValue(attributes.relation) >= 0 || !predicates.edge(edge, attributes)) return;
    const otherAttributes = graph.getNodeAttributes(other);
    if (!roles.isActorKind(otherAttributes.kind) || !predicates.node(other, otherAttributes)) return;
    byActor.set(other, [...(byActor.get(other) ?? []), edge]);
  });
  const cost = (edge: string) => evidenceCost(graph.getEdgeAttributes(edge));
  return [...byActor]
    .map(([actor, edges]) => ({ actor, edges: edges.sort((x, y) => cost(x) - cost(y)), best: Math.min(...edges.map(cost)) }))
    .sort((x, y) => x.best - y.best || graph.getNodeAttribute(x.actor, "label").localeCompare(graph.getNodeAttribute(y.actor, "label")))
    .map(({ actor, edges }) => ({ actor, edges: edges.map((e) => citeEdge(graph, roles, memoReliabilityIndex(dataset.sources), e)) }));
}

/** The diff between the two dates, kept to the focus's ego network: its nodes, and relations between two of them. */
async function changesAround(dataset: ReportDataset, filters: GraphFilters, range: { from: string; to: string }, members: Set<string>) {
  const { asOf: _ignored, ...rest } = filters;
  const diff = await diffBetween(dataset, { ...rest, ...range, limit: diffBounds.maxLimit });
  const { graph } = dataset;
  const listedAll = (["added", "removed"] as const).every(
    (side) => diff.counts[side].nodes === diff[side].nodes.length && diff.counts[side].edges === diff[side].edges.length,
  );
  const side = (s: "added" | "removed") => ({
    nodes: diff[s].nodes.filter((n) => members.has(n.id)).map((n) => ({ ...n, evidence: graph.getNodeAttribute(n.id, "evidence") ?? [] })),
    edges: diff[s].edges.filter((e) => members.has(e.source) && members.has(e.target)),
  });
  return { changes: { from: range.from, to: range.to, added: side("added"), removed: side("removed") }, truncated: diff.truncated || !listedAll };
}

function mentionedNodes(dataset: ReportDataset, facts: ReportFacts): Map<string, NodeRef> {
  const { graph } = dataset;
  const nodes = new Map<string, NodeRef>();
  const mention = (id: string) => {
    if (nodes.has(id) || !graph.hasNode(id)) return;
    const { label, kind } = graph.getNodeAttributes(id);
    nodes.set(id, { id, label: label ?? id, kind });
  };
  const edges = (list: readonly { source: string; target: string }[]) => list.forEach((e) => (mention(e.source), mention(e.target)));
  mention(facts.focus.id);
  for (const a of facts.exposure.assets) {
    mention(a.id);
    edges(a.holding);
    for (const t of a.threats) (mention(t.actor), t.path.nodes.forEach(mention), edges(t.path.edges));
  }
  for (const list of [facts.balance.unbalanced, facts.balance.ambivalent]) for (const t of list) (t.nodes.forEach(mention), edges(t.edges));
  for (const p of facts.balance.predictions) {
    p.nodes.forEach(mention);
    for (const s of p.support) (mention(s.via), edges(s.edges));
  }
  for (const h of facts.hostile) (mention(h.actor), edges(h.edges));
  for (const p of facts.paths) for (const found of [...p.to, ...p.from]) (found.nodes.forEach(mention), edges(found.edges));
  for (const s of [facts.changes?.added, facts.changes?.removed]) if (s) (s.nodes.forEach((n) => mention(n.id)), edges(s.edges));
  for (const c of facts.contested) (c.nodes.forEach(mention), edges(c.edges));
  return nodes;
}
