// Routes for analyses: structural balance, exposure, contested claims and the change between two dates.
import { Router } from "express";
import { z } from "zod";
import { analyseBalance, balanceBounds } from "../graph/analysis/balance.js";
import { analyseExposure, exposureBounds } from "../graph/analysis/exposure.js";
import { findContested } from "../graph/analysis/contested.js";
import { diffBetween, diffBounds } from "../graph/analysis/diff.js";
import type { Store } from "../store.js";
import { boolParam, filterShape, filtersOf, intParam, once, parseQuery } from "./params.js";

const dateParam = once(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "expected a date YYYY, YYYY-MM or YYYY-MM-DD"));
const offsetParam = intParam(0, Number.MAX_SAFE_INTEGER);

export function analysisRoutes(store: Store): Router {
  const router = Router();
  router.get("/analysis/balance", async (req, res) => {
    const q = parseQuery(
      { ...filterShape, limit: intParam(0, balanceBounds.maxLimit).optional(), offset: offsetParam.optional(), predictions: boolParam.optional() },
      req.query,
    );
    res.json(await analyseBalance(store.dataset, { ...filtersOf(q), limit: q.limit, offset: q.offset, predictions: q.predictions }));
  });
  router.get("/analysis/exposure", async (req, res) => {
    const q = parseQuery(
      {
        ...filterShape,
        target: once(z.string().min(1, "a node id is required")),
        maxLength: intParam(1, exposureBounds.maxLength).optional(),
        limit: intParam(1, exposureBounds.maxLimit).optional(),
        threats: intParam(0, exposureBounds.maxThreats).optional(),
      },
      req.query,
    );
    res.json(await analyseExposure(store.dataset, { ...filtersOf(q), target: q.target, maxLength: q.maxLength, limit: q.limit, threats: q.threats }));
  });
  router.get("/analysis/contested", async (req, res) => {
    const q = parseQuery(filterShape, req.query);
    res.json(await findContested(store.dataset, filtersOf(q)));
  });
  router.get("/diff", async (req, res) => {
    const { asOf: _asOf, ...shape } = filterShape;
    const q = parseQuery({ ...shape, from: dateParam, to: dateParam, limit: intParam(0, diffBounds.maxLimit).optional() }, req.query);
    res.json(await diffBetween(store.dataset, { ...filtersOf(q), from: q.from, to: q.to, limit: q.limit }));
  });
  return router;
}
