// Re-layout on demand: ForceAtlas2 in its web worker, then noverlap; or back to the precomputed positions.
import forceAtlas2 from "graphology-layout-forceatlas2";
import FA2Layout from "graphology-layout-forceatlas2/worker";
import noverlap from "graphology-layout-noverlap";
import { applyPositions, type ActorGraph, type Positions } from "./graph-model.js";

export type LayoutStatus = "idle" | "running" | "settling";

export interface LayoutRunnerOptions {
  graph: ActorGraph;
  precomputed: Positions;
  /** Node radius in graph units, for noverlap. */
  nodeRadius: (node: string) => number;
  onStatus: (status: LayoutStatus) => void;
  /** Stops by itself after this long (ms). */
  maxDuration?: number;
}

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
    const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 400, slowDown: 5 };
    this.supervisor = new FA2Layout(graph, { settings });
    this.supervisor.start();
    this.setStatus("running");
    this.timer = setTimeout(() => this.stop(), this.options.maxDuration ?? 6000);
  }

  /** Stops ForceAtlas2 and removes overlaps. */
  stop(): void {
    if (!this.supervisor) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.supervisor.kill();
    this.supervisor = null;
    this.setStatus("settling");
    const { graph, nodeRadius } = this.options;
    noverlap.assign(graph, {
      maxIterations: 150,
      inputReducer: (key, attr) => ({ x: attr.x, y: attr.y, size: nodeRadius(key) }),
      settings: { margin: 2, ratio: 1.1, speed: 3 },
    });
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
