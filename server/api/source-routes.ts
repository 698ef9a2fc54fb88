// Route for the source registry with reliability grades: GET /api/sources.
import { Router } from "express";
import { listSources } from "../graph/query/sources.js";
import type { Store } from "../store.js";
import { parseQuery } from "./params.js";

export function sourceRoutes(store: Store): Router {
  const router = Router();
  router.get("/sources", (req, res) => {
    parseQuery({}, req.query);
    res.json({ sources: listSources(store.dataset) });
  });
  return router;
}
