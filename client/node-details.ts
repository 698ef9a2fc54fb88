// Node details (GET /api/nodes/:id) fetched on demand and kept in a small cache, with the evidence of every relation
// they list indexed by edge: a graph loaded in the compact encoding carries no evidence, so the table asks here.
import type { Evidence, NodeDetails } from "./api-types.js";

/** An edge whose evidence is wanted, with its two ends. */
export interface EdgeEnds {
  edge: string;
  source: string;
  target: string;
}

export class NodeDetailsCache {
  private readonly details = new Map<string, Promise<NodeDetails>>();
  private readonly evidence = new Map<string, Evidence[]>();

  constructor(
    private readonly fetchNode: (id: string) => Promise<NodeDetails>,
    private readonly maxNodes = 64,
    private readonly maxEdges = 100_000,
  ) {}

  /** The details of a node, from the cache or the service (a failed request is not kept). */
  get(id: string): Promise<NodeDetails> {
    const hit = this.details.get(id);
    if (hit) {
      this.details.delete(id);
      this.details.set(id, hit);
      return hit;
    }
    const request = this.fetchNode(id).then((answer) => {
      this.remember(answer);
      return answer;
    });
    request.catch(() => {
      if (this.details.get(id) === request) this.details.delete(id);
    });
    this.details.set(id, request);
    while (this.details.size > this.maxNodes) this.details.delete(this.details.keys().next().value as string);
    return request;
  }

  /** Evidence of an edge if some node details listing it have been fetched. */
  evidenceOf(edge: string): Evidence[] | undefined {
    return this.evidence.get(edge);
  }

  /**
   * Fetches node details until every edge's evidence is known: one request per node, choosing ends shared by
   * several of the edges first (then the end with fewer relations, whose answer is smaller). At most
   * `concurrency` requests at a time; rejects with the first failure once the others have settled.
   */
  async loadEvidence(edges: EdgeEnds[], relationCount: (node: string) => number, concurrency = 4): Promise<void> {
    const missing = edges.filter((e) => !this.evidence.has(e.edge));
    if (!missing.length) return;
    const shared = new Map<string, number>();
    for (const e of missing) {
      shared.set(e.source, (shared.get(e.source) ?? 0) + 1);
      if (e.target !== e.source) shared.set(e.target, (shared.get(e.target) ?? 0) + 1);
    }
    const chosen = new Set<string>();
    for (const e of missing) {
      if (chosen.has(e.source) || chosen.has(e.target)) continue;
      const s = shared.get(e.source) ?? 0;
      const t = shared.get(e.target) ?? 0;
      chosen.add(s !== t ? (s > t ? e.source : e.target) : relationCount(e.source) <= relationCount(e.target) ? e.source : e.target);
    }
    const queue = [...chosen];
    let failure: unknown = null;
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          await this.get(id);
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    if (failure) throw failure;
  }

  private remember(details: NodeDetails): void {
    if (this.evidence.size + details.relations.length > this.maxEdges) this.evidence.clear();
    for (const relation of details.relations) this.evidence.set(relation.edge, relation.evidence);
  }
}
