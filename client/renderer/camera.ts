// Camera moves: fly to a node, fit a set of nodes, and read or restore the camera for the URL.
import type { CameraView } from "../state.js";
import type { ActorSigma } from "./create-renderer.js";

const DURATION = 450;

/**
 * A node's position in framed-graph coordinates (the camera's space). Computed from the node's own x/y:
 * sigma's display data holds raw coordinates between a scheduled refresh and the next render.
 */
function framedPosition(renderer: ActorSigma, node: string): { x: number; y: number } | null {
  const graph = renderer.getGraph();
  if (!graph.hasNode(node)) return null;
  const { x, y } = graph.getNodeAttributes(node);
  if (typeof x !== "number" || typeof y !== "number") return null;
  return renderer.graphToFramedGraph({ x, y });
}

/** Centres the camera on a node (zooming in if the view is wide). */
export function flyToNode(renderer: ActorSigma, node: string): Promise<void> {
  const data = framedPosition(renderer, node);
  if (!data) return Promise.resolve();
  const camera = renderer.getCamera();
  return camera.animate({ x: data.x, y: data.y, ratio: Math.min(camera.ratio, 0.45) }, { duration: DURATION });
}

/** Fits the camera around nodes (framed-graph coordinates), with some margin. */
export function fitNodes(renderer: ActorSigma, nodes: Iterable<string>): Promise<void> {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const node of nodes) {
    const data = framedPosition(renderer, node);
    if (!data) continue;
    minX = Math.min(minX, data.x);
    maxX = Math.max(maxX, data.x);
    minY = Math.min(minY, data.y);
    maxY = Math.max(maxY, data.y);
  }
  if (!Number.isFinite(minX)) return Promise.resolve();
  const ratio = Math.min(1.2, Math.max(0.12, Math.max(maxX - minX, maxY - minY) * 1.9));
  return renderer.getCamera().animate({ x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio, angle: 0 }, { duration: DURATION });
}

export function resetCamera(renderer: ActorSigma): Promise<void> {
  return renderer.getCamera().animate({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }, { duration: DURATION });
}

export function readCamera(renderer: ActorSigma): CameraView {
  const { x, y, ratio, angle } = renderer.getCamera().getState();
  return { x, y, ratio, angle };
}

export function applyCamera(renderer: ActorSigma, camera: CameraView): void {
  renderer.getCamera().setState(camera);
}
