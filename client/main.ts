// Bootstrap of the viewer: loads schema and graph, builds renderer and panels, and keeps them in step with the URL state.
import "./styles.css";
import { api } from "./api.js";
import type { Health, PathResult, Schema, SerializedGraph, Snapshot, SourceInfo } from "./api-types.js";
import type { CompactGraph } from "./compact-decode.js";
import type { AppContext } from "./app-context.js";
import { byId, el } from "./dom.js";
import { mountAnalysisPanel } from "./panels/analysis-panel.js"; // analysis panel
import { mountDetailsPanel } from "./panels/details-panel.js";
import { createDrawers } from "./panels/drawers.js";
import { mountEdgeCard } from "./panels/edge-card.js";
import { installKeyboard } from "./panels/keyboard.js";
import { mountSnapshotCard } from "./panels/snapshot-card.js";
import { installSkipLinks } from "./panels/skip-links.js";
import { mountEditPanel } from "./panels/edit-panel.js";
import { mountExportPanel } from "./panels/export-panel.js";
import { mountFiltersPanel } from "./panels/filters-panel.js";
import { mountLayoutPanel } from "./panels/layout-panel.js";
import { mountLegendPanel } from "./panels/legend-panel.js";
import { mountPathPanel } from "./panels/path-panel.js";
import { mountSearchPanel } from "./panels/search-panel.js";
import { mountSnapshotPanel } from "./panels/snapshot-panel.js";
import { describeError, setOverlay, showBanner } from "./panels/status-panel.js";
import { mountTablePanel } from "./panels/table-panel.js";
import { mountTimeSlider } from "./panels/time-slider.js";
import { applyCamera, fitNodes, flyToNode, readCamera, resetCamera } from "./renderer/camera.js";
import { createRenderer } from "./renderer/create-renderer.js";
import { diffViewChanged, diffVisibility } from "./renderer/analysis-highlight.js"; // analysis panel
import { applyPositions, createGraphModel, createGraphModelFromCompact, LARGE_GRAPH_EDGES, type GraphModel } from "./renderer/graph-model.js";
import { placeLabels } from "./renderer/label-layout.js";
import { activeFocus, RenderStateHolder, type Highlight } from "./renderer/render-state.js";
import { hasExplicitView, parseViewState, viewStateFromSnapshot, ViewStore, type ViewState } from "./state.js";
import { NodeDetailsCache } from "./node-details.js";
import { installTestHook } from "./test-hook.js";
import { egoVisibility, filterVisibility, isUndated, withoutIsolated, type Visibility } from "./visibility.js";

type GraphSource = { rows: SerializedGraph } | { compact: CompactGraph };

async function main(): Promise<void> {
  const initialSearch = location.search;
  let initial = parseViewState(initialSearch);
  setOverlay({ kind: "loading", text: "Loading the graph…" });

  // The service's size decides the encoding: row JSON for small graphs (every attribute, evidence included), the
  // compact columns above LARGE_GRAPH_EDGES (evidence and descriptions are then fetched per node).
  const healthRequest = api.health().catch(() => null);
  const graphRequest = healthRequest.then((h): Promise<GraphSource> =>
    h && h.edges > LARGE_GRAPH_EDGES
      ? api.graphCompact().then((compact) => ({ compact }))
      : api.graph().then((rows) => ({ rows })),
  );
  let loaded: [Schema, GraphSource, Health | null, Snapshot | null];
  try {
    loaded = await Promise.all([
      api.schema(),
      graphRequest,
      healthRequest,
      initial.snapshot
        ? api.snapshot(initial.snapshot).catch((error: unknown) => {
            showBanner(describeError(error, `Snapshot ${initial.snapshot} could not be opened`));
            return null;
          })
        : Promise.resolve(null),
    ]);
  } catch (error) {
    const message = describeError(error, "The graph could not be loaded");
    setOverlay({ kind: "error", text: message, action: { label: "Retry", run: () => location.reload() } });
    showBanner(message);
    return;
  }
  const [schema, source, health, snapshot] = loaded;
  performance.mark("actor-graph:graph-received");

  if (snapshot && !hasExplicitView(initialSearch)) initial = { ...viewStateFromSnapshot(snapshot.view, snapshot.filters), snapshot: snapshot.id };
  if (!snapshot) initial.snapshot = null;

  let model: GraphModel;
  try {
    model = "compact" in source ? createGraphModelFromCompact(source.compact, schema) : createGraphModel(source.rows, schema);
  } catch (error) {
    setOverlay({ kind: "error", text: describeError(error, "The graph data could not be read") });
    return;
  }
  performance.mark("actor-graph:graph-built");
  if (snapshot?.positions) applyPositions(model.graph, snapshot.positions);
  if (snapshot && health && snapshot.dataVersion && snapshot.dataVersion !== health.dataVersion)
    showBanner(`This snapshot was saved with data version ${snapshot.dataVersion}; the service now has ${health.dataVersion}, so some items may differ.`, "info");

  initial = sanitize(initial, model);
  const store = new ViewStore(initial);
  store.writeUrl("replace");

  // What is shown: the filters (undated relations left out on request in an as-of view), the ego focus, then
  // unconnected nodes left out on request. Exports and counts follow the same steps (see export-panel.ts).
  const computeVisibility = (state: ViewState): Visibility => {
    let shown = diffVisibility(model.index, state) ?? filterVisibility(model.index, state); // analysis: diff shows both dates
    if (state.ego && state.selected) shown = egoVisibility(model.graph, shown, state.selected, state.ego);
    if (state.hideIsolated) shown = withoutIsolated(model.graph, shown);
    return shown;
  };
  let visibility = computeVisibility(initial);
  const visibilityListeners: ((v: Visibility) => void)[] = [];

  /** Shown relations without dates, drawn apart in an as-of view (null outside one, or when they are hidden). */
  const undatedShown = (state: ViewState, shown: Visibility): Set<string> | null => {
    if (!state.asOf || state.hideUndated) return null;
    const undated = new Set<string>();
    const { index } = model;
    for (let e = 0; e < index.edgeKeys.length; e++) if (isUndated(index, e) && shown.edges.has(index.edgeKeys[e])) undated.add(index.edgeKeys[e]);
    return undated;
  };
  /** The selected node with its shown neighbours and the relations between them and it. */
  const selectionOf = (node: string | null, shown: Visibility): Highlight | null => {
    if (!node || !shown.nodes.has(node)) return null;
    const nodes = new Set<string>([node]);
    const edges = new Set<string>();
    model.graph.forEachEdge(node, (edge, _a, source, target) => {
      if (!shown.edges.has(edge)) return;
      edges.add(edge);
      nodes.add(source === node ? target : source);
    });
    return { nodes, edges };
  };

  // Drawers first: on a small screen the panels start closed and the graph gets the whole width before sigma
  // measures its container.
  const drawers = createDrawers();
  drawers.add("controls", byId("controls"), byId<HTMLButtonElement>("toggle-controls"));
  const detailsDrawer = drawers.add("details", byId("details"), byId<HTMLButtonElement>("toggle-details"));
  // An address that names a node or a relation shows its details, on a small screen too.
  if (initial.selected || initial.edge) detailsDrawer.open();

  const renderState = new RenderStateHolder({
    visible: visibility,
    sizeBy: initial.sizeBy,
    selected: initial.selected,
    hover: null,
    path: null,
    selection: selectionOf(initial.selected, visibility),
    edge: initial.edge,
    undated: undatedShown(initial, visibility),
    colorBy: initial.colorBy,
    // No label until the first overlap-free placement (below): sigma's grid would draw overlapping ones meanwhile.
    labels: model.large ? null : new Map(),
  });
  const container = byId("graph");
  const renderer = createRenderer(container, model, renderState);
  performance.mark("actor-graph:renderer-created");

  // Labels without overlap, most central first; recomputed when the camera rests, the view or the size changes.
  let labelTimer: ReturnType<typeof setTimeout> | null = null;
  const layoutLabels = () => {
    labelTimer = null;
    if (model.large) return;
    const { sizeBy, selected } = store.get();
    // With a hover, a selection or a path, only the emphasised nodes are labelled (the selected one first).
    const focus = activeFocus(renderState.get());
    const candidates = focus ? [...focus.nodes].filter((n) => visibility.nodes.has(n)) : [...visibility.nodes];
    const size = (n: string) => (n === selected ? Infinity : model.nodeSize(n, model.graph.getNodeAttributes(n), sizeBy));
    const order = candidates.sort((a, b) => size(b) - size(a) || (a < b ? -1 : 1));
    // Every drawn node is an obstacle, the dimmed ones included.
    renderState.set({ labels: placeLabels(renderer, order, focus ? order.length : undefined, visibility.nodes) });
  };
  const scheduleLabels = (delay = 80) => {
    if (model.large) return;
    if (labelTimer) clearTimeout(labelTimer);
    labelTimer = setTimeout(() => requestAnimationFrame(layoutLabels), delay);
  };
  renderer.getCamera().on("updated", () => scheduleLabels());
  renderState.listen((previous, next) => {
    if (previous.hover !== next.hover || previous.selection !== next.selection || previous.path !== next.path) scheduleLabels(0);
  });
  model.graph.on("eachNodeAttributesUpdated", () => scheduleLabels(200));

  // The graph follows its container: drawers, the table and panels change its size without a window resize.
  let lastSize = "";
  new ResizeObserver(() => {
    const size = `${container.clientWidth}x${container.clientHeight}`;
    if (size === lastSize || !container.clientWidth || !container.clientHeight) return;
    lastSize = size;
    renderer.resize();
    renderer.refresh();
    scheduleLabels(30);
  }).observe(container);

  let sourcesRequest: Promise<Map<string, SourceInfo>> | null = null;

  const ctx: AppContext = {
    store,
    model,
    renderer,
    renderState,
    dataVersion: health?.dataVersion ?? null,
    nodeDetails: new NodeDetailsCache(api.node),
    visibility: () => visibility,
    onVisibility: (listener) => void visibilityListeners.push(listener),
    reportError: (error, context) => showBanner(describeError(error, context)),
    drawers,
    sources: () =>
      (sourcesRequest ??= api
        .sources()
        .then(({ sources }) => new Map(sources.map((s) => [s.id, s])))
        .catch(() => new Map<string, SourceInfo>())),
    selectEdge: (id) => {
      if (id && !model.graph.hasEdge(id)) return;
      store.update({ edge: id });
      if (id) detailsDrawer.open();
    },
    selectNode: (id, options) => {
      if (id && !model.graph.hasNode(id)) return;
      store.update({ selected: id, ...(id ? {} : { ego: 0 }) });
      if (id) detailsDrawer.open();
      if (id && options?.fly) {
        // Reveal first (the ego focus may change what is visible), then fly.
        requestAnimationFrame(() => void flyToNode(renderer, id));
      }
    },
  };

  // Hover: highlight the node and its visible neighbours through the render state (the graph is never touched).
  // Entering or leaving a node redraws every item (dimming), so on a large graph the highlight follows the pointer
  // after a short rest and not while a button is down (a drag sweeps over many nodes): moving straight from one
  // node to the next then only redraws the two neighbourhoods.
  const applyHover = (node: string | null) => {
    if (!node || !model.graph.hasNode(node) || !visibility.nodes.has(node)) {
      renderState.set({ hover: null });
      return;
    }
    if (renderState.get().hover?.node === node) return;
    const nodes = new Set<string>([node]);
    const edges = new Set<string>();
    model.graph.forEachEdge(node, (edge, _a, source, target) => {
      if (!visibility.edges.has(edge)) return;
      edges.add(edge);
      nodes.add(source === node ? target : source);
    });
    renderState.set({ hover: { node, nodes, edges } });
  };
  const hoverDelay = model.large ? 120 : 0;
  let hoverTimer: ReturnType<typeof setTimeout> | null = null;
  let pointerDown = false;
  let pointed: string | null = null;
  const scheduleHover = () => {
    if (hoverTimer) clearTimeout(hoverTimer);
    hoverTimer = null;
    if (!hoverDelay) applyHover(pointed);
    else if (!pointerDown) hoverTimer = setTimeout(() => applyHover(pointed), hoverDelay);
  };
  renderer.on("enterNode", ({ node }) => {
    pointed = node;
    scheduleHover();
  });
  renderer.on("leaveNode", () => {
    pointed = null;
    scheduleHover();
  });
  if (hoverDelay) {
    container.addEventListener("pointerdown", () => {
      pointerDown = true;
      if (hoverTimer) clearTimeout(hoverTimer);
      hoverTimer = null;
    });
    window.addEventListener("pointerup", () => {
      if (!pointerDown) return;
      pointerDown = false;
      scheduleHover();
    });
  }
  renderer.on("clickNode", ({ node }) => ctx.selectNode(node));
  renderer.on("clickEdge", ({ edge }) => ctx.selectEdge(edge));
  renderer.on("clickStage", () => {
    const state = store.get();
    if (state.selected || state.edge) store.update({ selected: null, edge: null, ego: 0 });
  });

  // Camera → URL (replace, debounced), URL camera → renderer on load.
  let cameraTimer: ReturnType<typeof setTimeout> | null = null;
  renderer.getCamera().on("updated", () => {
    if (cameraTimer) clearTimeout(cameraTimer);
    cameraTimer = setTimeout(() => store.update({ camera: readCamera(renderer) }, "replace"), 250);
  });
  if (initial.camera) applyCamera(renderer, initial.camera);

  // The header counts what is shown: "52 of 109 actors · 120 of 251 relations" under a filter or focus.
  const countText = el("span", { attrs: { id: "shown-count" } });
  const updateCounts = () => {
    const { order, size } = model.graph;
    const part = (shown: number, all: number, noun: string) => (shown === all ? `${all} ${noun}` : `${shown} of ${all} ${noun}`);
    countText.textContent = `${part(visibility.nodes.size, order, "actors")} · ${part(visibility.edges.size, size, "relations")}`;
  };
  updateCounts();
  byId("data-status").replaceChildren(
    countText,
    health ? el("span", { class: "muted data-version", text: ` · data ${health.dataVersion.slice(0, 8)}`, title: `Data version ${health.dataVersion}` }) : "",
  );
  // Panels.
  const search = mountSearchPanel(byId("search"), ctx);
  mountLegendPanel(byId("filters-legend"), ctx);
  mountFiltersPanel(byId("filters-options"), ctx);
  mountTimeSlider(byId("time"), ctx);
  const layout = mountLayoutPanel(byId("layout-panel"), ctx);
  mountExportPanel(byId("export"), ctx, () => byId("snapshot").querySelector<HTMLInputElement>("input[type=text]")?.value.trim() || snapshot?.title || null);
  mountSnapshotPanel(byId("snapshot"), ctx, layout.isCustom);
  mountTablePanel(byId("table"), ctx);
  mountDetailsPanel(byId("node-details"), ctx);
  mountEdgeCard(byId("edge-card"), ctx);
  mountSnapshotCard(byId("snapshot-card"), snapshot);
  installKeyboard(ctx, search.clear);
  installSkipLinks(drawers);
  mountEditPanel(ctx);

  let pathFits = !initial.camera;
  mountPathPanel(byId("paths"), ctx, (path: PathResult | null) => {
    const highlight: Highlight | null = path
      ? { nodes: new Set(path.nodes.filter((n) => model.graph.hasNode(n))), edges: new Set(path.edges.map((e) => e.id).filter((e) => model.graph.hasEdge(e))) }
      : null;
    renderState.set({ path: highlight });
    if (highlight && pathFits) void fitNodes(renderer, highlight.nodes);
    pathFits = true;
  });
  mountAnalysisPanel(byId("analysis"), ctx, !initial.camera); // analysis panel
  layout.refresh();

  const updateOverlay = () => {
    if (model.graph.order === 0) setOverlay({ kind: "empty", text: "The graph is empty: the service has no curated data yet." });
    else if (visibility.nodes.size === 0)
      setOverlay({
        kind: "empty",
        text: "Nothing matches the current filters.",
        action: { label: "Reset filters", run: () => store.update({ kinds: [], relations: [], minConfidence: null, asOf: null, ego: 0 }) },
      });
    else setOverlay(null);
  };

  store.subscribe((state, previous) => {
    const filtersChanged =
      state.kinds !== previous.kinds ||
      state.relations !== previous.relations ||
      state.minConfidence !== previous.minConfidence ||
      state.asOf !== previous.asOf ||
      state.hideUndated !== previous.hideUndated ||
      state.hideIsolated !== previous.hideIsolated ||
      state.ego !== previous.ego ||
      (state.ego > 0 && state.selected !== previous.selected) ||
      diffViewChanged(state, previous); // analysis panel
    if (filtersChanged) {
      visibility = computeVisibility(state);
      for (const listener of visibilityListeners) listener(visibility);
      updateOverlay();
      updateCounts();
    }
    if (filtersChanged || state.sizeBy !== previous.sizeBy || state.selected !== previous.selected || state.edge !== previous.edge || state.colorBy !== previous.colorBy) {
      const hover = renderState.get().hover;
      renderState.set({
        visible: visibility,
        sizeBy: state.sizeBy,
        selected: state.selected,
        hover: hover && visibility.nodes.has(hover.node) ? hover : null,
        selection: selectionOf(state.selected, visibility),
        edge: state.edge,
        undated: undatedShown(state, visibility),
        colorBy: state.colorBy,
      });
    }
    if (filtersChanged || state.sizeBy !== previous.sizeBy) scheduleLabels(0);
    if (state.ego > 0 && state.selected && (state.ego !== previous.ego || state.selected !== previous.selected)) {
      requestAnimationFrame(() => void fitNodes(renderer, visibility.nodes));
    }
  });

  // The tab title names the selection, so several open views are easy to tell apart.
  const baseTitle = document.title;
  const updateTitle = (state: ViewState) => {
    document.title = state.selected ? `${model.graph.getNodeAttribute(state.selected, "label")} · actor-graph` : baseTitle;
  };
  store.subscribe((state, previous) => {
    if (state.selected !== previous.selected) updateTitle(state);
  });
  updateTitle(initial);

  window.addEventListener("popstate", () => {
    const next = sanitize({ ...parseViewState(location.search) }, model);
    store.update(next, "none");
    if (next.camera) applyCamera(renderer, next.camera);
  });

  // Toolbar and status line.
  byId("zoom-in").addEventListener("click", () => void renderer.getCamera().zoomIn({ duration: 200 }));
  byId("zoom-out").addEventListener("click", () => void renderer.getCamera().zoomOut({ duration: 200 }));
  byId("zoom-fit").addEventListener("click", () => void resetCamera(renderer));


  updateOverlay();
  if (initial.selected && !initial.camera) requestAnimationFrame(() => void flyToNode(renderer, initial.selected as string));
  scheduleLabels(0);
  installTestHook(ctx);
  document.body.dataset.ready = "true";
  performance.mark("actor-graph:ready");
}

/** Drops state that does not fit the loaded data (unknown kinds, relations or nodes). */
function sanitize(state: ViewState, model: GraphModel): ViewState {
  const kinds = new Set(model.schema.nodeKinds.map((k) => k.id));
  const relations = new Set(model.schema.relations.map((r) => r.id));
  const node = (id: string | null) => (id && model.graph.hasNode(id) ? id : null);
  return {
    ...state,
    kinds: state.kinds.filter((k) => kinds.has(k)),
    relations: state.relations.filter((r) => relations.has(r)),
    selected: node(state.selected),
    edge: state.edge && model.graph.hasEdge(state.edge) ? state.edge : null,
    path: { ...state.path, from: node(state.path.from), to: node(state.path.to), relations: state.path.relations.filter((r) => relations.has(r)) },
    analysis: { ...state.analysis, target: node(state.analysis.target) }, // analysis panel
  };
}

main().catch((error: unknown) => {
  setOverlay({ kind: "error", text: describeError(error, "The viewer failed to start") });
  console.error(error);
});
