// What panels share: the view store, the graph model, the renderer and the app-level actions.
import type { SourceInfo } from "./api-types.js";
import type { NodeDetailsCache } from "./node-details.js";
import type { Drawers } from "./panels/drawers.js";
import type { Visibility } from "./visibility.js";
import type { ActorSigma } from "./renderer/create-renderer.js";
import type { GraphModel } from "./renderer/graph-model.js";
import type { RenderStateHolder } from "./renderer/render-state.js";
import type { ViewStore } from "./state.js";

export interface AppContext {
  store: ViewStore;
  model: GraphModel;
  renderer: ActorSigma;
  renderState: RenderStateHolder;
  /** Nodes and edges currently shown (filters and ego focus applied). */
  visibility(): Visibility;
  /** Selects a node (or clears the selection), optionally flying the camera to it. */
  selectNode(id: string | null, options?: { fly?: boolean }): void;
  /** Reports a failure in the banner. */
  reportError(error: unknown, context?: string): void;
  /** Subscribes to visibility changes (after filters, as-of or ego focus change). */
  onVisibility(listener: (visibility: Visibility) => void): void;
  /** Node details (/api/nodes/:id) on demand, cached, with the evidence of the relations they list. */
  nodeDetails: NodeDetailsCache;
  /** The data version the service reports. */
  dataVersion: string | null;
  /** Opens the card of a relation ("why is this here"), or closes it with null. */
  selectEdge(id: string | null): void;
  /** Registered sources by id (fetched once; empty when the service cannot list them). */
  sources(): Promise<Map<string, SourceInfo>>;
  /** Side panels as columns or drawers. */
  drawers: Drawers;
}
