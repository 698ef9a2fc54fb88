// Route for path queries: k best loopless paths between two nodes, with filters and hard bounds.
import { Router } from "express";
import { z } from "zod";
import { findPaths, pathBounds } from "../graph/query/paths.js";
import type { Store } from "../store.js";
import { boolParam, filterShape, filtersOf, intParam, once, parseQuery } from "./params.js";

export function pathRoutes(store: Store): Router {
  const router = Router();
  router.get("/paths", (req, res) => {
    const q = parseQuery(
      {
        ...filterShape,
        from: once(z.string().min(1, "a node id is required")),
        to: once(z.string().min(1, "a node id is required")),
        k: intParam(1, pathBounds.maxK).optional(),
        weighted: boolParam.optional(),
        direction: once(z.enum(["any", "forward"], { message: "expected any or forward" })).optional(),
        maxLength: intParam(1, pathBounds.maxLength).optional(),
      },
      req.query,
    );
    const result = findPaths(store.dataset, {
      ...filtersOf(q),
      from: q.from,
      to: q.to,
      k: q.k,
      weighted: q.weighted,
      direction: q.direction,
      maxLength: q.maxLength,
    });
    res.json(result);
  });
  return router;
}
