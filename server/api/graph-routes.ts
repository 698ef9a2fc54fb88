// Routes for the whole graph: health, schema and the (filtered) serialized graph with ETag and gzip, as row JSON or compact binary.
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { betweennessStatus } from "../graph/display/metrics.js";
import { confidenceLevels } from "../graph/model/types.js";
import type { Store } from "../store.js";
import { filterShape, filtersOf, once, parseQuery } from "./params.js";

/** `?encoding=` of GET /api/graph: `json` (default, graphology serialization) or `compact` (see server/graph/io/compact.ts). */
export const graphEncodings = ["json", "compact"] as const;

const graphShape = {
  ...filterShape,
  encoding: once(z.enum(graphEncodings, { message: `expected one of ${graphEncodings.join(", ")}` })).optional(),
};

/** True when If-None-Match lists this ETag (or `*`); weak validators match too, as RFC 9110 asks for GET. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

export function graphRoutes(store: Store): Router {
  const router = Router();

  router.get("/health", (_req, res) => {
    // Read per request: an accepted edit swaps the store's dataset.
    const { dataset } = store;
    res.json({
      status: "ok",
      nodes: dataset.graph.order,
      edges: dataset.graph.size,
      dataVersion: dataset.dataVersion,
      // Only said when it matters: every node then reports betweenness 0.
      ...(store.betweennessComputed ? {} : { betweenness: betweennessStatus(false) }),
    });
  });

  router.get("/schema", (_req, res) => {
    const { dataset } = store;
    res.json({
      nodeKinds: dataset.vocabulary.nodeKinds,
      relations: dataset.vocabulary.relations,
      confidence: confidenceLevels,
    });
  });

  router.get("/graph", (req: Request, res: Response) => {
    const q = parseQuery(graphShape, req.query);
    const filters = filtersOf(q);
    const compact = q.encoding === "compact";
    const body = compact ? store.compactBody(filters) : store.graphBody(filters);
    res.setHeader("ETag", body.etag);
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("Vary", "Accept-Encoding");
    if (etagMatches(req.headers["if-none-match"], body.etag)) {
      res.status(304).end();
      return;
    }
    res.type(compact ? "application/octet-stream" : "application/json");
    const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
    if (gzip) res.setHeader("Content-Encoding", "gzip");
    if ("json" in body) res.send(gzip ? body.gzip : body.json);
    else res.send(gzip ? body.gzip : body.body);
  });

  return router;
}
