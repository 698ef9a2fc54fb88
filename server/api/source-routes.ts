// Read-only list of the registered sources (title, author, date, venue), so clients can resolve evidence source ids.
import { Router } from "express";
import type { Store } from "../store.js";
import { parseQuery } from "./params.js";

export function sourceRoutes(store: Store): Router {
  const router = Router();
  router.get("/sources", (req, res) => {
    parseQuery({}, req.query);
    res.json({
      sources: store.dataset.sources.map(({ id, title, author, date, venue, via, url }) => ({
        id,
        title,
        author,
        ...(date ? { date } : {}),
        ...(venue ? { venue } : {}),
        ...(via ? { via } : {}),
        ...(url ? { url } : {}),
      })),
    });
  });
  return router;
}
