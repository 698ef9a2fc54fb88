// Routes for nodes: search over labels and aliases, details with every relation, and the ego neighbourhood.
import { Router } from "express";
import { z } from "zod";
import { nodeDetails } from "../graph/query/details.js";
import { maxNeighborhoodDepth, neighborhood } from "../graph/query/neighborhood.js";
import { maxSearchLimit } from "../graph/query/search.js";
import type { Store } from "../store.js";
import { filterShape, filtersOf, intParam, once, parseQuery } from "./params.js";

export function nodeRoutes(store: Store): Router {
  const router = Router();

  router.get("/nodes", (req, res) => {
    const q = parseQuery({ q: once(z.string().max(200, "at most 200 characters")), limit: intParam(1, maxSearchLimit).optional() }, req.query);
    res.json({ results: store.search.search(q.q, q.limit ?? 10) });
  });

  router.get("/nodes/:id", (req, res) => {
    parseQuery({}, req.query);
    res.json(nodeDetails(store.dataset.graph, req.params.id, store.dataset.sources));
  });

  router.get("/nodes/:id/neighborhood", (req, res) => {
    const q = parseQuery({ ...filterShape, depth: intParam(1, maxNeighborhoodDepth).optional() }, req.query);
    const graph = neighborhood({ graph: store.display, vocabulary: store.dataset.vocabulary }, req.params.id, q.depth ?? 1, filtersOf(q));
    res.json(graph.export());
  });

  return router;
}
