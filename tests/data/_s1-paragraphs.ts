// Which words each paragraph of S1 contains, as hashes, so data tests can check locators and hedges without shipping the text.
// Regenerate after a change of the article: npx tsx tests/data/_s1-paragraphs.ts SOURCE.txt tests/fixtures/s1-paragraph-words.json
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { windowHashes, words } from "../../scripts/source-fingerprint.js";

const fixture = path.resolve(import.meta.dirname, "../fixtures/s1-paragraph-words.json");

/** Splits the article into its [Pn] paragraphs and hashes every word of each (a bag of words: no sentence survives). */
export function hashParagraphs(text: string): Record<string, string[]> {
  const paragraphs: Record<string, string[]> = {};
  let current = "";
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const marker = /^\s*\[(P\d+)\]\s*$/.exec(line);
    if (marker) paragraphs[(current = marker[1]!)] = [];
    else if (current) paragraphs[current]!.push(line);
  }
  return Object.fromEntries(Object.entries(paragraphs).map(([p, lines]) => [p, [...new Set(windowHashes(lines.join("\n"), 1))].sort()]));
}

let cache: Map<string, Set<string>> | undefined;
function paragraphs(): Map<string, Set<string>> {
  cache ??= new Map(
    Object.entries((JSON.parse(readFileSync(fixture, "utf8")) as { paragraphs: Record<string, string[]> }).paragraphs).map(([p, h]) => [p, new Set(h)]),
  );
  return cache;
}

/** Whether paragraph `locator` (P1…P26) of S1 contains `word` (normalised like the copy check: case, accents, apostrophes). */
export function paragraphHas(locator: string, word: string): boolean {
  const hashes = paragraphs().get(locator);
  return !!hashes && windowHashes(word, 1).every((h) => hashes.has(h));
}

/** Whether paragraph `locator` contains every word of `name` (e.g. "Shahr-e-New"). */
export function paragraphNames(locator: string, name: string): boolean {
  const w = words(name);
  return w.length > 0 && w.every((x) => paragraphHas(locator, x));
}

/** Whether any paragraph of S1 contains `word`. */
export function articleHas(word: string): boolean {
  return [...paragraphs().keys()].some((p) => paragraphHas(p, word));
}

if (process.argv[1]?.endsWith("_s1-paragraphs.ts")) {
  const [input, output = fixture] = process.argv.slice(2);
  if (!input) {
    console.error("usage: npx tsx tests/data/_s1-paragraphs.ts SOURCE.txt [OUT.json]");
    process.exit(2);
  }
  const out = hashParagraphs(readFileSync(input, "utf8"));
  writeFileSync(output, JSON.stringify({ source: "S1", windowSize: 1, paragraphs: out }) + "\n");
  console.log(`wrote word hashes of ${Object.keys(out).length} paragraphs to ${output}`);
}
