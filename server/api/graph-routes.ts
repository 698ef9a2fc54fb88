// Routes for the whole graph: health, schema and the (filtered) serialized graph with ETag and gzip.
import { Router, type Request, type Response } from "express";
import { confidenceLevels } from "../graph/types.js";
import type { Store } from "../store.js";
import { filterShape, filtersOf, parseQuery } from "./params.js";

export function graphRoutes(store: Store): Router {
  const router = Router();
  const { dataset } = store;

  router.get("/health", (_req, res) => {
    res.json({ status: "ok", nodes: dataset.graph.order, edges: dataset.graph.size, dataVersion: dataset.dataVersion });
  });

  router.get("/schema", (_req, res) => {
    res.json({
      nodeKinds: dataset.vocabulary.nodeKinds,
      relations: dataset.vocabulary.relations,
      confidence: confidenceLevels,
    });
  });

  router.get("/graph", (req: Request, res: Response) => {
    const filters = filtersOf(parseQuery(filterShape, req.query));
    const body = store.graphBody(filters);
    res.setHeader("ETag", body.etag);
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("Vary", "Accept-Encoding");
    if (req.headers["if-none-match"] === body.etag) {
      res.status(304).end();
      return;
    }
    res.type("application/json");
    if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      res.setHeader("Content-Encoding", "gzip");
      res.send(body.gzip);
    } else res.send(body.json);
  });

  return router;
}
