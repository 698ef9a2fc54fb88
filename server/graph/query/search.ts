// Label and alias index: case- and diacritic-insensitive prefix and substring search, best match first.
import { AppError } from "../../errors.js";
import type { ActorGraph } from "../model/types.js";

export interface SearchHit {
  id: string;
  label: string;
  kind: string;
  aliases: string[];
}

interface Entry {
  hit: SearchHit;
  names: string[];
  words: string[][];
}

/** Folds case, diacritics and punctuation so "Shahr-e-Naw", "shahr e naw" and "SHAHR-E-NÂW" meet. */
export function normalizeName(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export interface SearchIndex {
  search(query: string, limit?: number): SearchHit[];
  /** Resolves an id, a label or an alias to one node id; null when nothing or several equally match. */
  resolve(nameOrId: string): string | null;
  /** Close names for a misspelt one: search hits first, then labels and aliases within a small edit distance. */
  suggest(name: string, limit?: number): SearchHit[];
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}

export const maxSearchLimit = 100;

export function buildSearchIndex(graph: ActorGraph): SearchIndex {
  const entries: Entry[] = [];
  graph.forEachNode((id, attributes) => {
    const aliases = Array.isArray(attributes.aliases) ? attributes.aliases : [];
    const names = [attributes.label, ...aliases, id].map(normalizeName).filter(Boolean);
    entries.push({
      hit: { id, label: attributes.label, kind: attributes.kind, aliases },
      names,
      words: names.map((n) => n.split(" ")),
    });
  });

  // Lower is better: exact label, exact alias, prefix, word prefix, substring.
  const score = (entry: Entry, q: string): number => {
    let best = Infinity;
    entry.names.forEach((name, i) => {
      const aliasPenalty = i === 0 ? 0 : 1;
      let s = Infinity;
      if (name === q) s = 0;
      else if (name.startsWith(q)) s = 10;
      else if (entry.words[i].some((w) => w.startsWith(q))) s = 20;
      else if (name.includes(q)) s = 30;
      best = Math.min(best, s + aliasPenalty);
    });
    return best;
  };

  return {
    search(query, limit = 10) {
      if (typeof query !== "string") throw new AppError("INVALID_ARGUMENT", "search: query must be a string");
      if (!Number.isInteger(limit) || limit < 1 || limit > maxSearchLimit)
        throw new AppError("INVALID_ARGUMENT", `search: limit must be an integer from 1 to ${maxSearchLimit}`);
      const q = normalizeName(query);
      if (!q) return [];
      const scored: { entry: Entry; s: number }[] = [];
      for (const entry of entries) {
        const s = score(entry, q);
        if (s !== Infinity) scored.push({ entry, s });
      }
      scored.sort((a, b) => a.s - b.s || a.entry.hit.label.length - b.entry.hit.label.length || a.entry.hit.label.localeCompare(b.entry.hit.label));
      return scored.slice(0, limit).map((x) => x.entry.hit);
    },
    resolve(nameOrId) {
      if (graph.hasNode(nameOrId)) return nameOrId;
      const q = normalizeName(nameOrId);
      if (!q) return null;
      const exact = entries.filter((e) => e.names.includes(q));
      if (exact.length === 1) return exact[0].hit.id;
      const byLabel = exact.filter((e) => e.names[0] === q);
      return byLabel.length === 1 ? byLabel[0].hit.id : null;
    },
    suggest(name, limit = 5) {
      const hits = this.search(name, limit);
      if (hits.length > 0) return hits;
      const q = normalizeName(name);
      const max = Math.max(1, Math.floor(q.length / 4));
      return entries
        .map((entry) => ({ entry, d: Math.min(...entry.names.map((n) => editDistance(q, n, max))) }))
        .filter((x) => x.d <= max)
        .sort((a, b) => a.d - b.d || a.entry.hit.label.localeCompare(b.entry.hit.label))
        .slice(0, limit)
        .map((x) => x.entry.hit);
    },
  };
}
