// Re-layout on demand: ForceAtlas2 in its web worker, then noverlap (small graphs); or back to the precomputed positions.
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import noverlap from "graphology-layout-noverlap";
import { applyPositions, type ActorGraph, type Positions } from "./graph-model.js";

export type LayoutStatus = "idle" | "running" | "settling";

export interface LayoutRunnerOptions {
  graph: ActorGraph;
  precomputed: Positions;
  /** Node radii in graph units, for noverlap: called once per run, returns the radius of each node. */
  nodeRadii: () => (node: string) => number;
  onStatus: (status: LayoutStatus) => void;
  /** Stops by itself after this long (ms). */
  maxDuration?: number;
}

/**
 * Above this many nodes overlap removal is skipped: noverlap runs on the main thread and its cost grows much
 * faster than the node count (about 0.5 s for 3,000 nodes, minutes for 25,000).
 */
export const NOVERLAP_MAX_NODES = 2000;

/** Barnes-Hut (O(n log n) repulsion) from this many nodes on. */
export const BARNES_HUT_MIN_NODES = 400;

export class LayoutRunner {
  private supervisor: FA2Layout | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private status: LayoutStatus = "idle";

  constructor(private readonly options: LayoutRunnerOptions) {}

  get running(): boolean {
    return this.status === "running";
  }

  start(): void {
    if (this.supervisor) return;
    const { graph } = this.options;
    const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > BARNES_HUT_MIN_NODES, slowDown: 5 };
    this.supervisor = new FA2Layout(graph, { settings });
    this.supervisor.start();
    this.setStatus("running");
    this.timer = setTimeout(() => this.stop(), this.options.maxDuration ?? 6000);
  }

  /** Whether stop() removes overlaps (not on graphs over NOVERLAP_MAX_NODES nodes). */
  get removesOverlaps(): boolean {
    return this.options.graph.order <= NOVERLAP_MAX_NODES;
  }

  /** Stops ForceAtlas2 and removes overlaps (small graphs only). */
  stop(): void {
    if (!this.supervisor) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.supervisor.kill();
    this.supervisor = null;
    const { graph, nodeRadii } = this.options;
    if (this.removesOverlaps) {
      this.setStatus("settling");
      const radius = nodeRadii();
      noverlap.assign(graph, {
        maxIterations: 150,
        inputReducer: (key, attr) => ({ x: attr.x, y: attr.y, size: radius(key) }),
        settings: { margin: 2, ratio: 1.1, speed: 3 },
      });
    }
    this.setStatus("idle");
  }

  /** Back to the service's layout. */
  reset(): void {
    if (this.supervisor) {
      this.supervisor.kill();
      this.supervisor = null;
    }
    if (this.timer) clearTimeout(this.timer);
    applyPositions(this.options.graph, this.options.precomputed);
    this.setStatus("idle");
  }

  kill(): void {
    this.supervisor?.kill();
    this.supervisor = null;
    if (this.timer) clearTimeout(this.timer);
  }

  private setStatus(status: LayoutStatus): void {
    this.status = status;
    this.options.onStatus(status);
  }
}
